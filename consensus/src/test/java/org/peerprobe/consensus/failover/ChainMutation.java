package org.peerprobe.consensus.failover;

import java.util.List;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.validation.Rejection;

/** Ways to offer a decision that does not extend a chain, and the rejection each must get. */
enum ChainMutation {
  /** A seq more than one above the head. */
  GAP(Rejection.CHAIN_GAP),
  /** A decision already in the chain, signed by either signer. */
  REPLAY(Rejection.CHAIN_REPLAY),
  /** Another decision with the seq of one already in the chain. */
  FORK_AT_A_HELD_SEQ(Rejection.CHAIN_FORK),
  /** The next seq, chained to something other than the head. */
  FORK_FROM_ANOTHER_PREV(Rejection.CHAIN_FORK),
  /** The next decision with a signature over other bytes. */
  BAD_SIGNATURE(Rejection.BAD_SIGNATURE),
  /** The next decision signed by an observer, the operator or an outsider. */
  NOT_A_SIGNER(Rejection.NOT_A_SIGNER),
  /** The next decision switching away from a front the router does not point at. */
  INCONSISTENT_FROM(Rejection.INCONSISTENT),
  /** The next decision at a round not after the head's. */
  ROUND_NOT_AFTER_HEAD(Rejection.INCONSISTENT),
  /** The next decision of another router. */
  OTHER_ROUTER(Rejection.INCONSISTENT),
  /** The next decision of another network. */
  OTHER_NETWORK(Rejection.WRONG_NETWORK);

  final Rejection expected;

  ChainMutation(Rejection expected) {
    this.expected = expected;
  }

  /**
   * The mutated offer for a chain holding {@code held} (at least one decision when {@link
   * #needsAHead()}); {@code pick} chooses among variants.
   */
  SignedDecision offer(List<SignedDecision> held, int pick, Ed25519KeyPair signer) {
    Decision head = held.isEmpty() ? null : held.get(held.size() - 1).decision();
    long headRound = head == null ? 0 : head.round();
    Decision next = TestDecisions.after(head, headRound + 10);
    Ed25519KeyPair otherSigner =
        signer.equals(TestKeys.signer()) ? TestKeys.standbySigner() : TestKeys.signer();
    return switch (this) {
      case GAP -> {
        long seq = next.seq() + 1 + pick % 5;
        yield sign(
            with(
                next,
                next.from(),
                next.to(),
                next.round(),
                seq,
                TestDecisions.certificateId("x"),
                next.networkId(),
                next.router()),
            signer);
      }
      case REPLAY ->
          SignedDecision.sign(
              held.get(pick % held.size()).decision(), pick % 2 == 0 ? signer : otherSigner);
      case FORK_AT_A_HELD_SEQ -> {
        Decision old = held.get(pick % held.size()).decision();
        Decision other =
            new Decision(
                old.networkId(),
                old.router(),
                old.from(),
                old.to(),
                old.round() + 1 + pick % 3,
                old.seq(),
                old.prev(),
                old.certificates(),
                old.reason());
        yield sign(other, signer);
      }
      case FORK_FROM_ANOTHER_PREV -> {
        String prev =
            held.size() >= 2 && pick % 2 == 0
                ? held.get(pick % (held.size() - 1)).decision().id()
                : TestDecisions.certificateId("not-the-head-" + pick);
        yield sign(
            with(
                next,
                next.from(),
                next.to(),
                next.round(),
                next.seq(),
                prev,
                next.networkId(),
                next.router()),
            signer);
      }
      case BAD_SIGNATURE -> {
        SignedDecision genuine = SignedDecision.sign(next, signer);
        Decision shifted =
            with(
                next,
                next.from(),
                next.to(),
                next.round() + 1,
                next.seq(),
                next.prev(),
                next.networkId(),
                next.router());
        yield new SignedDecision(shifted, genuine.signer(), genuine.signature());
      }
      case NOT_A_SIGNER -> {
        Ed25519KeyPair impostor =
            switch (pick % 3) {
              case 0 -> TestKeys.key(pick % 4);
              case 1 -> TestKeys.operator();
              default -> TestKeys.outsider(pick % 4);
            };
        yield SignedDecision.sign(next, impostor);
      }
      case INCONSISTENT_FROM ->
          sign(
              with(
                  next,
                  "third-front",
                  next.to(),
                  next.round(),
                  next.seq(),
                  next.prev(),
                  next.networkId(),
                  next.router()),
              signer);
      case ROUND_NOT_AFTER_HEAD ->
          sign(
              with(
                  next,
                  next.from(),
                  next.to(),
                  headRound - pick % 2,
                  next.seq(),
                  next.prev(),
                  next.networkId(),
                  next.router()),
              signer);
      case OTHER_ROUTER ->
          sign(
              with(
                  next,
                  next.from(),
                  next.to(),
                  next.round(),
                  next.seq(),
                  next.prev(),
                  next.networkId(),
                  "api-router"),
              signer);
      case OTHER_NETWORK ->
          sign(
              with(
                  next,
                  next.from(),
                  next.to(),
                  next.round(),
                  next.seq(),
                  next.prev(),
                  "other-net",
                  next.router()),
              signer);
    };
  }

  /** Whether this mutation needs a non-empty chain to be expressible. */
  boolean needsAHead() {
    return this == REPLAY
        || this == FORK_AT_A_HELD_SEQ
        || this == FORK_FROM_ANOTHER_PREV
        || this == INCONSISTENT_FROM
        || this == ROUND_NOT_AFTER_HEAD;
  }

  private static SignedDecision sign(Decision d, Ed25519KeyPair key) {
    return SignedDecision.sign(d, key);
  }

  private static Decision with(
      Decision d,
      String from,
      String to,
      long round,
      long seq,
      String prev,
      String networkId,
      String router) {
    return new Decision(
        networkId, router, from, to, round, seq, prev, d.certificates(), d.reason());
  }
}
