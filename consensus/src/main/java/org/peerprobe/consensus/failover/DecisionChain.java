package org.peerprobe.consensus.failover;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedOperatorCommand;
import org.peerprobe.consensus.model.VerifiedCommand;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/**
 * The append-only, hash-chained decision log of one router, as seen by anyone who verifies it.
 *
 * <p>A decision is appended only when it is signed by one of the roster's signers, is for this
 * network and router, has seq one above the head, names the head's id as {@code prev}, and switches
 * away from the front the head switched to. A decision made by an operator command carries it: the
 * command must be signed by the roster's operator and issued after the chain's previous command. A
 * decision with a higher seq is a gap; one with the head's seq or lower is a replay when it is the
 * one already held and a fork otherwise.
 *
 * <p>Mutable, one writer. Memory: one entry per accepted decision (routers switch rarely).
 */
public final class DecisionChain {
  private final String networkId;
  private final String router;
  private final List<SignedDecision> decisions = new ArrayList<>();
  private long lastCommandAtMs = -1;

  public DecisionChain(String networkId, String router) {
    this.networkId = networkId;
    this.router = router;
  }

  /** Checks {@code signed} against the roster and the chain, and appends it when it fits. */
  public Validated<SignedDecision> append(SignedDecision signed, Roster roster) {
    Decision d = signed.decision();
    if (!d.networkId().equals(networkId) || !roster.networkId().equals(networkId)) {
      return Validated.invalid(Rejection.WRONG_NETWORK, "decision is for " + d.networkId());
    }
    if (!d.router().equals(router)) {
      return Validated.invalid(Rejection.INCONSISTENT, "decision is for router " + d.router());
    }
    if (!roster.isSigner(signed.signer())) {
      return Validated.invalid(
          Rejection.NOT_A_SIGNER, signed.signer().peerId() + " is not a signer of the roster");
    }
    if (!signed.signatureValid()) {
      return Validated.invalid(Rejection.BAD_SIGNATURE, "decision signature is invalid");
    }
    if (d.command().isPresent()) {
      if (checkCommand(d.command().get(), roster) instanceof Validated.Invalid<?> bad) {
        return Validated.invalid(bad.rejection(), "decision command: " + bad.detail());
      }
    }
    long headSeq = decisions.size();
    if (d.seq() > headSeq + 1) {
      return Validated.invalid(
          Rejection.CHAIN_GAP, "seq " + d.seq() + " after head " + headSeq + " leaves a gap");
    }
    if (d.seq() <= headSeq) {
      Decision held = decisions.get((int) d.seq() - 1).decision();
      return held.id().equals(d.id())
          ? Validated.invalid(Rejection.CHAIN_REPLAY, "seq " + d.seq() + " is already in the chain")
          : Validated.invalid(
              Rejection.CHAIN_FORK, "seq " + d.seq() + " conflicts with the decision held");
    }
    Optional<Decision> head = head().map(SignedDecision::decision);
    String expectedPrev = head.map(Decision::id).orElse(Decision.GENESIS);
    if (!d.prev().equals(expectedPrev)) {
      return Validated.invalid(
          Rejection.CHAIN_FORK, "prev " + d.prev() + " is not the head " + expectedPrev);
    }
    if (head.isPresent() && !head.get().to().equals(d.from())) {
      return Validated.invalid(
          Rejection.INCONSISTENT,
          "decision switches from " + d.from() + " but the router points at " + head.get().to());
    }
    if (head.isPresent() && d.round() <= head.get().round()) {
      return Validated.invalid(
          Rejection.INCONSISTENT, "round " + d.round() + " is not after " + head.get().round());
    }
    decisions.add(signed);
    d.command().ifPresent(c -> lastCommandAtMs = c.command().issuedAtMs());
    return Validated.valid(signed);
  }

  /**
   * The operator's signature on a decision's command, and its place after the chain's last command:
   * a command acts once, so one not issued after the previous one is a replay.
   */
  private Validated<?> checkCommand(SignedOperatorCommand c, Roster roster) {
    Validated<VerifiedCommand> v = c.verify(roster);
    if (v.isValid() && c.command().issuedAtMs() <= lastCommandAtMs) {
      return Validated.invalid(
          Rejection.COMMAND_REPLAY,
          "issued at " + c.command().issuedAtMs() + ", not after the chain's last command");
    }
    return v;
  }

  public Optional<SignedDecision> head() {
    return decisions.isEmpty()
        ? Optional.empty()
        : Optional.of(decisions.get(decisions.size() - 1));
  }

  public List<SignedDecision> decisions() {
    return Collections.unmodifiableList(decisions);
  }
}
