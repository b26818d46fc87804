package org.peerprobe.node.sync;

import java.util.List;
import java.util.Optional;
import org.peerprobe.consensus.failover.DecisionChain;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.validation.Validated;

/**
 * Verification and fork choice for a peer's answer, pure. The candidate chain is the held prefix
 * {@code 1..afterSeq} followed by the received decisions; it is checked from seq 1 by a {@link
 * DecisionChain} (roster signer, signature, network and router, seq and {@code prev} links, rounds
 * and fronts, operator commands). It replaces the held branch when its head seq is above the held
 * head: the chain the network has continued wins. Between two branches of the same length the first
 * decision where they differ decides: the one signed by the signer ranked first in the roster (keys
 * sorted, as for the primary), then the smaller decision id. Every node applies the same order, so
 * siblings signed by two signers alive at once converge on one log without waiting for a further
 * decision, whatever order the nodes saw them in.
 */
final class BranchCheck {

  /** What to do with an answer. */
  sealed interface Outcome {}

  /**
   * Store {@code branch} after {@code forkSeq} (the last seq both chains share).
   *
   * @param replacingHead for a branch of the held length, the held head's id it wins against (the
   *     store adopts it only if that is still the head); empty for a longer branch
   */
  record Adopt(long forkSeq, List<SignedDecision> branch, Optional<String> replacingHead)
      implements Outcome {}

  /** Nothing to adopt: the answer is valid but not longer (or cannot be checked here). */
  record Keep(String why) implements Outcome {}

  /** The answer does not link to the held decision at {@code afterSeq}: ask again from seq 0. */
  record Deeper(String why) implements Outcome {}

  /** The answer is forged or malformed: the peer's fault. */
  record Invalid(String why) implements Outcome {}

  private BranchCheck() {}

  /**
   * @param held the router's stored log, seq 1..H in order
   * @param afterSeq the seq the peer was asked to answer after (at most H)
   * @param received the peer's answer, in the order it came
   */
  static Outcome check(
      Roster roster,
      String router,
      List<SignedDecision> held,
      long afterSeq,
      List<SignedDecision> received) {
    if (received.isEmpty()) {
      return new Keep("the peer holds nothing after seq " + afterSeq);
    }
    Decision first = received.get(0).decision();
    if (first.seq() != afterSeq + 1) {
      return new Invalid("answer starts at seq " + first.seq() + ", asked after " + afterSeq);
    }
    DecisionChain chain = new DecisionChain(roster.networkId(), router);
    for (int i = 0; i < afterSeq; i++) {
      Validated<SignedDecision> v = chain.append(held.get(i), roster);
      if (!v.isValid()) {
        return new Deeper("held seq " + (i + 1) + " does not verify here: " + v);
      }
    }
    String expectedPrev =
        afterSeq == 0 ? Decision.GENESIS : held.get((int) afterSeq - 1).decision().id();
    if (!first.prev().equals(expectedPrev)) {
      return afterSeq == 0
          ? new Invalid("seq 1 does not start at genesis")
          : new Deeper("the peer's seq " + first.seq() + " forks below it");
    }
    for (SignedDecision r : received) {
      Validated<SignedDecision> v = chain.append(r, roster);
      if (!v.isValid()) {
        long seq = r.decision().seq();
        boolean ours =
            seq <= held.size() && held.get((int) seq - 1).decision().id().equals(r.decision().id());
        // a decision this node holds too that fails here (e.g. its signer left the roster) is not
        // the peer's fault
        return ours
            ? new Keep("held seq " + seq + " does not verify here: " + v)
            : new Invalid("seq " + seq + ": " + v);
      }
    }
    long candidateHead = afterSeq + received.size();
    long heldHead = held.size();
    int fork = (int) afterSeq;
    while (fork < Math.min(candidateHead, heldHead)
        && held.get(fork)
            .decision()
            .id()
            .equals(received.get(fork - (int) afterSeq).decision().id())) {
      fork++;
    }
    List<SignedDecision> branch =
        List.copyOf(received.subList(fork - (int) afterSeq, received.size()));
    if (candidateHead > heldHead) {
      return new Adopt(fork, branch, Optional.empty());
    }
    if (candidateHead == heldHead
        && fork < heldHead
        && precedes(branch.get(0), held.get(fork), roster)) {
      return new Adopt(fork, branch, Optional.of(held.get((int) heldHead - 1).decision().id()));
    }
    return new Keep(
        candidateHead < heldHead || fork == heldHead
            ? "the peer's head " + candidateHead + " is not above the held " + heldHead
            : "the peer's branch of the same length loses the tie at seq " + (fork + 1));
  }

  /**
   * The tie-break between sibling decisions of one seq: the signer ranked first in the roster (a
   * signer no longer listed ranks last), then the smaller id.
   */
  static boolean precedes(SignedDecision a, SignedDecision b, Roster roster) {
    int ra = rank(a, roster);
    int rb = rank(b, roster);
    if (ra != rb) {
      return ra < rb;
    }
    return a.decision().id().compareTo(b.decision().id()) < 0;
  }

  private static int rank(SignedDecision d, Roster roster) {
    int i = roster.signers().indexOf(d.signer());
    return i < 0 ? Integer.MAX_VALUE : i;
  }
}
