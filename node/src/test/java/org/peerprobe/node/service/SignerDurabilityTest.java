package org.peerprobe.node.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.quorum.FrontTally;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.round.RoundClock;
import org.peerprobe.p2p.core.EventLoopScheduler;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.pubsub.GossipParams;
import org.peerprobe.p2p.testing.Await;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * A signer publishes a decision only once its recorder says it is durable; the other nodes accept
 * decisions of roster signers only, keep them, and record the verdict of every closed round; a
 * router resumes from the last decision a node kept.
 */
class SignerDurabilityTest {
  static final Duration INTERVAL = Duration.ofMillis(700);
  static final Duration WAIT = Duration.ofSeconds(30);
  static final int OBSERVERS = 4;

  private final NioEventLoopGroup group = new NioEventLoopGroup(2);
  private final List<AutoCloseable> open = new ArrayList<>();
  private final TestNetwork net = TestNetwork.of(OBSERVERS, 3);
  private final RouterPolicy router =
      RouterPolicy.builder("web-router", TestNetwork.PRIMARY, TestNetwork.SECONDARY)
          .downRounds(2)
          .cooldownRounds(0)
          .build();
  private final AtomicBoolean primaryDown = new AtomicBoolean();
  private final CompletableFuture<Void> signerDisk = new CompletableFuture<>();
  private final ConcurrentLinkedQueue<SignedDecision> signerStored = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<SignedDecision> received = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<FrontTally> verdicts = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<NodeEvent> events = new ConcurrentLinkedQueue<>();
  private final List<JavaPeer> peers = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void aDecisionIsPublishedOnlyOnceDurableAndOnlySignersDecisionsAreAccepted() {
    List<Multiaddr> addrs = new ArrayList<>();
    for (int i = 0; i < OBSERVERS; i++) {
      addrs.add(node(net.key(i), i, observerRecorder()));
    }
    addrs.add(node(firstSigner(), OBSERVERS, signerRecorder()));
    for (int i = 0; i < peers.size(); i++) {
      JavaPeer.await(peers.get(i).host().dial(addrs.get((i + 1) % peers.size())), WAIT);
      JavaPeer.await(peers.get(i).host().dial(addrs.get((i + 2) % peers.size())), WAIT);
    }
    Await.until(WAIT, () -> !verdicts.isEmpty(), "closed rounds are recorded as verdicts");
    assertThat(verdicts).allSatisfy(v -> assertThat(v.totalWeight()).isEqualTo(OBSERVERS));

    primaryDown.set(true);
    Await.until(WAIT, () -> !signerStored.isEmpty(), "the signer stores its decision");
    Await.until(
        WAIT,
        () -> events.stream().filter(e -> e instanceof NodeEvent.Switched).count() >= OBSERVERS,
        "the observers switch on their own machines");
    assertThat(received).as("nothing published before the disk said yes").isEmpty();

    signerDisk.complete(null);
    Await.until(WAIT, () -> received.size() >= OBSERVERS, "every observer receives the decision");
    Decision d = signerStored.peek().decision();
    assertThat(received).allSatisfy(r -> assertThat(r.decision()).isEqualTo(d));

    JavaPeer forger = peers.get(0);
    SignedDecision notASigner = SignedDecision.sign(nextOf(d), net.key(0));
    int before = rejectedDecisions();
    JavaPeer.await(forger.router().publish(topics().decisions(), notASigner.encode()), WAIT);
    Await.until(WAIT, () -> rejectedDecisions() > before, "a non-signer's decision is rejected");
    assertThat(received).hasSize(OBSERVERS);
  }

  @Test
  void aRouterResumesFromTheLastKeptDecision() {
    Decision last =
        new Decision(
            net.networkId(),
            router.name(),
            TestNetwork.PRIMARY,
            TestNetwork.SECONDARY,
            40,
            3,
            "ab".repeat(32),
            List.of("cd".repeat(32)),
            DecisionReason.FAILOVER);
    node(net.key(0), 0, NodeRecorder.NONE);
    NodeService s = services.get(0);
    JavaPeer.await(s.resume(List.of(last)), WAIT);
    assertThat(JavaPeer.await(s.activeTargets(), WAIT))
        .containsEntry(router.name(), TestNetwork.SECONDARY);
  }

  private final List<NodeService> services = new ArrayList<>();

  private Multiaddr node(Ed25519KeyPair key, int seed, NodeRecorder recorder) {
    GossipParams params =
        GossipParams.builder().degrees(3, 2, 6).dLazy(3).dScore(2).dOut(1).build();
    JavaPeer p = new JavaPeer(HostKey.fromSeed(key.seed()), group, params, seed);
    open.add(p);
    peers.add(p);
    String network = net.roster().observer(key.publicKey()).map(o -> o.network()).orElse("AS64999");
    NodeService s =
        new NodeService(
            new NodeSettings(
                key, net.roster(), TestNetwork.FRONTS, List.of(router), INTERVAL, network),
            p.router(),
            (front, start) ->
                CompletableFuture.completedFuture(
                    TestNetwork.observation(
                        front,
                        primaryDown.get() && front.equals(TestNetwork.PRIMARY)
                            ? Status.DOWN
                            : Status.UP)),
            new EventLoopScheduler(group.next()),
            new RoundClock(INTERVAL, System::currentTimeMillis, new Random(seed)));
    s.setRecorder(recorder);
    s.addListener(events::add);
    services.add(s);
    s.start();
    open.add(s::stop);
    return p.listen();
  }

  /** The signer that signs at once: the roster's first in key order (the others are standbys). */
  private Ed25519KeyPair firstSigner() {
    return net.roster().signers().get(0).equals(TestKeys.signer().publicKey())
        ? TestKeys.signer()
        : TestKeys.standbySigner();
  }

  private NodeRecorder signerRecorder() {
    return new NodeRecorder() {
      @Override
      public CompletableFuture<Void> decision(SignedDecision decision) {
        signerStored.add(decision);
        return signerDisk;
      }
    };
  }

  private NodeRecorder observerRecorder() {
    return new NodeRecorder() {
      @Override
      public void verdict(FrontTally tally, Optional<String> certificateId) {
        verdicts.add(tally);
      }

      @Override
      public CompletableFuture<Void> decision(SignedDecision decision) {
        received.add(decision);
        return CompletableFuture.completedFuture(null);
      }
    };
  }

  private int rejectedDecisions() {
    return (int)
        events.stream()
            .filter(
                e -> e instanceof NodeEvent.Rejected r && r.topic().equals(topics().decisions()))
            .count();
  }

  private org.peerprobe.node.round.Topics topics() {
    return services.get(0).topics();
  }

  private static Decision nextOf(Decision d) {
    return new Decision(
        d.networkId(),
        d.router(),
        d.to(),
        d.from(),
        d.round() + 1,
        d.seq() + 1,
        d.id(),
        d.certificates(),
        DecisionReason.FAILBACK);
  }
}
