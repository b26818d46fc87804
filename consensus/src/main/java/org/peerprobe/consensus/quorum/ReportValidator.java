package org.peerprobe.consensus.quorum;

import java.util.Optional;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.RoundReport;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/**
 * Checks one signed report against the roster and the round window. The cheap checks run first; the
 * signature, the expensive one, last.
 */
public final class ReportValidator {
  private ReportValidator() {}

  public static Validated<VerifiedReport> validate(
      SignedReport signed, Roster roster, RoundWindow window) {
    return validate(signed, roster, window, new VerifiedSignatures(1));
  }

  /**
   * Like {@link #validate(SignedReport, Roster, RoundWindow)}, recording the verified signature in
   * {@code memo} so that certificates citing this report later need not verify it again.
   */
  public static Validated<VerifiedReport> validate(
      SignedReport signed, Roster roster, RoundWindow window, VerifiedSignatures memo) {
    Optional<Rejection> contextProblem = checkContext(signed.report(), roster);
    if (contextProblem.isPresent()) {
      return Validated.invalid(
          contextProblem.get(), describe(contextProblem.get(), signed, roster));
    }
    RoundReport r = signed.report();
    if (!window.contains(r.round())) {
      return Validated.invalid(
          Rejection.WRONG_ROUND,
          "round " + r.round() + " outside " + window.first() + ".." + window.last());
    }
    if (!memo.check(signed)) {
      return Validated.invalid(
          Rejection.BAD_SIGNATURE, "report signature of " + r.observer().peerId() + " is invalid");
    }
    return Validated.valid(new VerifiedReport(signed, roster.observer(r.observer()).orElseThrow()));
  }

  /** Network id, membership and declared network; empty when all match. */
  static Optional<Rejection> checkContext(RoundReport r, Roster roster) {
    if (!r.networkId().equals(roster.networkId())) {
      return Optional.of(Rejection.WRONG_NETWORK);
    }
    Optional<Observer> member = roster.observer(r.observer());
    if (member.isEmpty()) {
      return Optional.of(Rejection.NOT_A_MEMBER);
    }
    if (!member.get().network().equals(r.network())) {
      return Optional.of(Rejection.WRONG_OBSERVER_NETWORK);
    }
    return Optional.empty();
  }

  static String describe(Rejection rejection, SignedReport signed, Roster roster) {
    RoundReport r = signed.report();
    return switch (rejection) {
      case WRONG_NETWORK ->
          "report is for network '" + r.networkId() + "', not '" + roster.networkId() + "'";
      case NOT_A_MEMBER -> r.observer().peerId() + " is not in roster v" + roster.version();
      case WRONG_OBSERVER_NETWORK ->
          r.observer().peerId()
              + " declares network "
              + r.network()
              + " but was admitted for "
              + roster.observer(r.observer()).map(Observer::network).orElse("?");
      default -> rejection.name();
    };
  }
}
