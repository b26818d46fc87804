package org.peerprobe.node.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.Verdict;
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
 * A signer whose signing is held (a node syncing its decision log after a start), in virtual time
 * with certificates delivered to its validators: a certified switch is held, not lost, and signed
 * when the gate opens; unless the router moved to the network's branch meanwhile.
 */
class SigningGateTest {
  static final Duration INTERVAL = Duration.ofSeconds(10);
  static final Duration TAKEOVER = Duration.ofSeconds(5);

  private final TestNetwork net = TestNetwork.of(4, 2);
  private final VirtualScheduler scheduler = new VirtualScheduler();
  private final RoundClock clock = new RoundClock(INTERVAL, scheduler::nowMillis, 0);
  private final RecordingPubSub gossip = new RecordingPubSub();
  private final List<NodeEvent> events = new ArrayList<>();
  private NodeService node;

  /** A signer of rank {@code rank} (0: the primary), signing held, started. */
  private void start(int rank) {
    Ed25519KeyPair key =
        net.roster().signers().get(rank).equals(TestKeys.signer().publicKey())
            ? TestKeys.signer()
            : TestKeys.standbySigner();
    NodeSettings settings =
        new NodeSettings(
            key,
            net.roster(),
            TestNetwork.FRONTS,
            List.of(
                RouterPolicy.builder(
                        TestDecisions.ROUTER, TestNetwork.PRIMARY, TestNetwork.SECONDARY)
                    .downRounds(1)
                    .cooldownRounds(0)
                    .build()),
            INTERVAL,
            "AS64999");
    node =
        new NodeService(
            settings, gossip, (front, start) -> new CompletableFuture<>(), scheduler, clock);
    node.setTakeoverDelay(TAKEOVER);
    node.addListener(events::add);
    node.holdSigning("syncing");
    node.start();
    scheduler.runPending();
  }

  @Test
  void aSwitchCertifiedWhileHeldIsSignedWhenTheGateOpens() {
    start(0);
    assertThat(node.signerReady()).isFalse();

    certifyFailover();
    assertThat(events).filteredOn(e -> e instanceof NodeEvent.Switched).hasSize(1);
    assertThat(published()).as("nothing signed while held").isEmpty();

    node.openSigning("synced the decision log with 2 peer(s)");
    scheduler.runPending();

    assertThat(node.signerReady()).isTrue();
    assertThat(published()).singleElement().satisfies(d -> assertFirstFailover(d.decision()));
    assertThat(events)
        .filteredOn(e -> e instanceof NodeEvent.SigningGate)
        .extracting(e -> ((NodeEvent.SigningGate) e).ready())
        .containsExactly(false, true);
  }

  @Test
  void aHeldSwitchIsDroppedWhenTheSyncMovedTheRouterToTheNetworksBranch() {
    start(0);
    certifyFailover();
    SignedDecision network =
        SignedDecision.sign(TestDecisions.after(null, clock.currentRound() - 5), net.key(0));
    node.adoptHead(network);
    scheduler.runPending();

    node.openSigning("synced");
    scheduler.runPending();

    assertThat(published()).as("signing it would fork the log at seq 1").isEmpty();
    CompletableFuture<java.util.Map<String, String>> active = node.activeTargets();
    scheduler.runPending();
    assertThat(active.join()).containsEntry(TestDecisions.ROUTER, network.decision().to());
  }

  @Test
  void aStandbyStillWaitsItsTakeoverDelayAfterTheGateOpens() {
    start(1);
    certifyFailover();
    scheduler.advance(TAKEOVER.multipliedBy(3));
    assertThat(published()).isEmpty();

    node.openSigning("synced");
    scheduler.advance(TAKEOVER.minusMillis(1));
    assertThat(published()).as("the primary may still publish it").isEmpty();

    scheduler.advance(Duration.ofMillis(1));
    assertThat(published()).singleElement().satisfies(d -> assertFirstFailover(d.decision()));
  }

  @Test
  void aNodeThatIsNotHeldSignsAtOnce() {
    Ed25519KeyPair key =
        net.roster().signers().get(0).equals(TestKeys.signer().publicKey())
            ? TestKeys.signer()
            : TestKeys.standbySigner();
    node =
        new NodeService(
            new NodeSettings(
                key,
                net.roster(),
                TestNetwork.FRONTS,
                List.of(
                    RouterPolicy.builder(
                            TestDecisions.ROUTER, TestNetwork.PRIMARY, TestNetwork.SECONDARY)
                        .downRounds(1)
                        .build()),
                INTERVAL,
                "AS64999"),
            gossip,
            (front, start) -> new CompletableFuture<>(),
            scheduler,
            clock);
    node.start();
    scheduler.runPending();
    assertThat(node.signerReady()).isTrue();

    certifyFailover();
    assertThat(published()).hasSize(1);
  }

  private void certifyFailover() {
    long round = clock.currentRound();
    deliver(net.certificate(TestNetwork.SECONDARY, round, Verdict.UP).encode());
    deliver(net.certificate(TestNetwork.PRIMARY, round, Verdict.DOWN).encode());
  }

  private static void assertFirstFailover(Decision d) {
    assertThat(d.seq()).isEqualTo(1);
    assertThat(d.prev()).isEqualTo(Decision.GENESIS);
    assertThat(d.to()).isEqualTo(TestNetwork.SECONDARY);
  }

  private List<SignedDecision> published() {
    return gossip.published.getOrDefault(node.topics().decisions(), List.of()).stream()
        .map(b -> SignedDecision.decode(b).orElseThrow())
        .toList();
  }

  private void deliver(byte[] certificate) {
    String topic = node.topics().certificates();
    PeerId from = PeerId.fromEd25519(net.key(2).publicKey().bytes());
    ReceivedMessage m =
        new ReceivedMessage(topic, certificate, from, 1, MessageId.of(certificate), from);
    CompletableFuture<ValidationResult> v =
        gossip.validators.get(topic).validate(m).toCompletableFuture();
    scheduler.runPending();
    assertThat(v.join()).isEqualTo(ValidationResult.ACCEPT);
  }
}
