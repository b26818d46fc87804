package org.peerprobe.consensus.quorum;

import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.RoundReport;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/**
 * Evidence that an observer signed two different reports for the same round. Anyone holding the
 * roster can check it with {@link #verify}; the observer's votes in that round never count.
 */
public record Equivocation(SignedReport first, SignedReport second) {

  public Equivocation {
    if (first == null || second == null) {
      throw new IllegalArgumentException("two reports are required");
    }
  }

  /** Re-checks that this is real evidence: two validly signed, different, same-round reports. */
  public Validated<Equivocation> verify(Roster roster) {
    RoundReport a = first.report();
    RoundReport b = second.report();
    if (!a.observer().equals(b.observer())) {
      return Validated.invalid(Rejection.INCONSISTENT, "reports are from different observers");
    }
    if (!a.networkId().equals(b.networkId()) || !a.networkId().equals(roster.networkId())) {
      return Validated.invalid(Rejection.WRONG_NETWORK, "reports are not both for this network");
    }
    if (a.round() != b.round()) {
      return Validated.invalid(Rejection.WRONG_ROUND, "reports are for different rounds");
    }
    if (roster.observer(a.observer()).isEmpty()) {
      return Validated.invalid(Rejection.NOT_A_MEMBER, a.observer().peerId() + " not in roster");
    }
    if (first.contentId().equals(second.contentId())) {
      return Validated.invalid(Rejection.INCONSISTENT, "the two reports say the same thing");
    }
    if (!first.signatureValid() || !second.signatureValid()) {
      return Validated.invalid(Rejection.BAD_SIGNATURE, "a report signature is invalid");
    }
    return Validated.valid(this);
  }

  public long round() {
    return first.report().round();
  }
}
