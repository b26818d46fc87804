package org.peerprobe.node.service;

import java.time.Duration;
import org.peerprobe.consensus.model.ApplyReceipt;
import org.peerprobe.consensus.model.SignedApplyReceipt;
import org.peerprobe.consensus.validation.Validated;
import org.peerprobe.node.round.RoundClock;
import org.peerprobe.node.round.Topics;
import org.peerprobe.p2p.pubsub.ReceivedMessage;
import org.peerprobe.p2p.pubsub.ValidationResult;

/**
 * The receipts side of a {@link NodeService}: publishing this signer's apply receipts, and
 * validating and keeping the ones roster signers publish. Runs on the node's scheduler.
 *
 * <p>A receipt that fails a check its signer controls (shape, network, roster signer, signature, a
 * time far ahead) is rejected, penalising the relay. One this node cannot place yet or any more (a
 * router it does not follow, a decision it has not seen, another decision at its head's seq, one
 * far behind its head) is ignored: honest peers relay such receipts during a switch.
 */
final class ReceiptFlow {
  /** How far behind a router's head a receipt may be and still be kept. */
  static final long RECENT_SEQS = 8;

  /** How far ahead of this node's clock a receipt may be issued. */
  static final Duration MAX_AHEAD = Duration.ofMinutes(5);

  private final NodeService node;
  private final Routers routers;
  private final RoundClock clock;
  private final Topics topics;

  ReceiptFlow(NodeService node, Routers routers, RoundClock clock, Topics topics) {
    this.node = node;
    this.routers = routers;
    this.clock = clock;
    this.topics = topics;
  }

  /** This signer's own receipt: kept, published and announced. */
  void publish(SignedApplyReceipt signed) {
    node.recorder().receipt(signed);
    node.publish(topics.receipts(), signed.encode());
    node.emit(new NodeEvent.Receipted(clock.nowMillis(), signed, true));
  }

  ValidationResult onReceipt(ReceivedMessage m) {
    Validated<SignedApplyReceipt> decoded = SignedApplyReceipt.decode(m.data());
    if (!decoded.isValid()) {
      return node.reject(topics.receipts(), decoded.toString());
    }
    Validated<SignedApplyReceipt> v = decoded.orElseThrow().verify(node.currentSettings().roster());
    if (!v.isValid()) {
      return node.reject(topics.receipts(), v.toString());
    }
    SignedApplyReceipt signed = v.orElseThrow();
    ApplyReceipt r = signed.receipt();
    long now = clock.nowMillis();
    if (r.issuedAtMs() > now + MAX_AHEAD.toMillis()) {
      return node.reject(
          topics.receipts(),
          "receipt issued " + (r.issuedAtMs() - now) + " ms ahead of this node's clock");
    }
    if (!placeable(r)) {
      return ValidationResult.IGNORE;
    }
    node.recorder().receipt(signed);
    node.emit(new NodeEvent.Receipted(now, signed, false));
    return ValidationResult.ACCEPT;
  }

  /** True when {@code r} names this node's head of its router or a recent earlier decision. */
  private boolean placeable(ApplyReceipt r) {
    if (!routers.activeTargets().containsKey(r.router())) {
      return false;
    }
    long head = routers.seq(r.router());
    if (r.seq() == head) {
      return r.decision().equals(routers.head(r.router()));
    }
    return r.seq() < head && r.seq() + RECENT_SEQS >= head;
  }
}
