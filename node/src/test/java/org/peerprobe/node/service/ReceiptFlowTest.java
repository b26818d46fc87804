package org.peerprobe.node.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.ApplyReceipt;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.ProviderResult;
import org.peerprobe.consensus.model.SignedApplyReceipt;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.round.RoundClock;
import org.peerprobe.node.testing.RecordingPubSub;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.pubsub.MessageId;
import org.peerprobe.p2p.pubsub.ReceivedMessage;
import org.peerprobe.p2p.pubsub.ValidationResult;
import org.peerprobe.p2p.testing.VirtualScheduler;

/**
 * A follower's verdicts on gossiped receipts (node in virtual time, validators called directly):
 * the signer's receipt of a decision it holds is accepted and kept; forgeries and receipts from the
 * future are rejected; receipts it cannot place are ignored. A signer's own receipt is published.
 */
class ReceiptFlowTest {
  static final Duration INTERVAL = Duration.ofSeconds(10);

  private final TestNetwork net = TestNetwork.of(4, 2);
  private final VirtualScheduler scheduler = new VirtualScheduler();
  private final RoundClock clock = new RoundClock(INTERVAL, scheduler::nowMillis, 0);
  private final RecordingPubSub gossip = new RecordingPubSub();
  private final List<NodeEvent> events = new ArrayList<>();
  private final List<SignedApplyReceipt> kept = new ArrayList<>();
  private final Decision decision = TestDecisions.after(null, 10);
  private NodeService node;

  @BeforeEach
  void startFollower() {
    NodeSettings settings =
        new NodeSettings(
            net.key(0),
            net.roster(),
            TestNetwork.FRONTS,
            List.of(
                RouterPolicy.builder(
                        TestDecisions.ROUTER, TestNetwork.PRIMARY, TestNetwork.SECONDARY)
                    .build()),
            INTERVAL,
            net.observer(0).network());
    node =
        new NodeService(
            settings, gossip, (front, start) -> new CompletableFuture<>(), scheduler, clock);
    node.addListener(events::add);
    node.setRecorder(
        new NodeRecorder() {
          @Override
          public void receipt(SignedApplyReceipt receipt) {
            kept.add(receipt);
          }
        });
    node.start();
    scheduler.runPending();
    assertThat(
            deliver(
                node.topics().decisions(),
                SignedDecision.sign(decision, TestKeys.signer()).encode()))
        .isEqualTo(ValidationResult.ACCEPT);
  }

  private SignedApplyReceipt receipt(Decision d, String router, long issuedAtMs, Ed25519KeyPair k) {
    return SignedApplyReceipt.sign(
        new ApplyReceipt(
            d.networkId(),
            router,
            d.seq(),
            d.id(),
            "www.example.test.",
            "cdn2.example.test.",
            issuedAtMs,
            List.of(ProviderResult.applied("bind", issuedAtMs))),
        k);
  }

  private SignedApplyReceipt receipt(Decision d) {
    return receipt(d, d.router(), scheduler.nowMillis(), TestKeys.signer());
  }

  @Test
  void theSignersReceiptOfAHeldDecisionIsAcceptedAndKept() {
    SignedApplyReceipt r = receipt(decision);
    assertThat(deliver(node.topics().receipts(), r.encode())).isEqualTo(ValidationResult.ACCEPT);
    assertThat(kept).containsExactly(r);
    assertThat(events)
        .filteredOn(e -> e instanceof NodeEvent.Receipted)
        .containsExactly(new NodeEvent.Receipted(scheduler.nowMillis(), r, false));
  }

  @Test
  void forgeriesMalformedBytesAndReceiptsFromTheFutureAreRejected() {
    String topic = node.topics().receipts();
    assertThat(deliver(topic, receipt(decision, decision.router(), 0, net.key(1)).encode()))
        .isEqualTo(ValidationResult.REJECT);
    SignedApplyReceipt real = receipt(decision);
    SignedApplyReceipt badSignature =
        new SignedApplyReceipt(
            receipt(decision, decision.router(), 1, TestKeys.signer()).receipt(),
            real.signer(),
            real.signature());
    assertThat(deliver(topic, badSignature.encode())).isEqualTo(ValidationResult.REJECT);
    assertThat(deliver(topic, "{\"receipt\":{}}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(ValidationResult.REJECT);
    long ahead = scheduler.nowMillis() + ReceiptFlow.MAX_AHEAD.toMillis() + 1;
    assertThat(
            deliver(topic, receipt(decision, decision.router(), ahead, TestKeys.signer()).encode()))
        .isEqualTo(ValidationResult.REJECT);
    assertThat(kept).isEmpty();
    assertThat(events)
        .filteredOn(e -> e instanceof NodeEvent.Rejected x && x.topic().equals(topic))
        .hasSize(4);
  }

  @Test
  void receiptsItCannotPlaceAreIgnored() {
    String topic = node.topics().receipts();
    Decision next = TestDecisions.after(decision, 20);
    Decision otherAtHead =
        new Decision(
            decision.networkId(),
            decision.router(),
            decision.from(),
            decision.to(),
            decision.round() + 1,
            decision.seq(),
            decision.prev(),
            List.of(),
            decision.reason());
    long now = scheduler.nowMillis();
    assertThat(deliver(topic, receipt(next).encode())).isEqualTo(ValidationResult.IGNORE);
    assertThat(deliver(topic, receipt(otherAtHead).encode())).isEqualTo(ValidationResult.IGNORE);
    assertThat(deliver(topic, receipt(decision, "api-router", now, TestKeys.signer()).encode()))
        .isEqualTo(ValidationResult.IGNORE);
    assertThat(kept).isEmpty();
  }

  @Test
  void aSignersOwnReceiptIsKeptPublishedAndAnnounced() {
    SignedApplyReceipt r = receipt(decision);
    node.publishReceipt(r);
    scheduler.runPending();
    assertThat(gossip.published.get(node.topics().receipts())).containsExactly(r.encode());
    assertThat(kept).containsExactly(r);
    assertThat(events).filteredOn(e -> e instanceof NodeEvent.Receipted x && x.own()).hasSize(1);
  }

  private ValidationResult deliver(String topic, byte[] data) {
    PeerId from = PeerId.fromEd25519(net.key(2).publicKey().bytes());
    ReceivedMessage m =
        new ReceivedMessage(topic, data, from, 1, MessageId.of(new byte[] {1}), from);
    CompletableFuture<ValidationResult> v =
        gossip.validators.get(topic).validate(m).toCompletableFuture();
    scheduler.runPending();
    return v.join();
  }
}
