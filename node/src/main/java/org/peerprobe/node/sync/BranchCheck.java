package org.peerprobe.node.sync;

import java.util.List;
import org.peerprobe.consensus.failover.DecisionChain;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.validation.Validated;

/**
 * Verification and fork choice for a peer's answer, pure. The candidate chain is the held prefix
 * {@code 1..afterSeq} followed by the received decisions; it is checked from seq 1 by a {@link
 * DecisionChain} (roster signer, signature, network and router, seq and {@code prev} links, rounds
 * and fronts, operator commands). It replaces the held branch only when its head seq is strictly
 * above the held head: the chain the network has continued wins, and a tie keeps what is held, so
 * every node converges on the longest branch whatever order it saw the siblings in.
 */
final class BranchCheck {

  /** What to do with an answer. */
  sealed interface Outcome {}

  /** Store {@code branch} after {@code forkSeq} (the last seq both chains share). */
  record Adopt(long forkSeq, List<SignedDecision> branch) implements Outcome {}

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
    if (candidateHead <= heldHead) {
      return new Keep("the peer's head " + candidateHead + " is not above the held " + heldHead);
    }
    return new Adopt(fork, List.copyOf(received.subList(fork - (int) afterSeq, received.size())));
  }
}
