package org.peerprobe.node.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.failover.FailbackMode;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.model.OperatorCommand;
import org.peerprobe.consensus.model.SignedOperatorCommand;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
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
 * Five full nodes over the real p2p stack on loopback, a router with manual failback on its
 * secondary: an operator command from another key is rejected by every node and changes nothing;
 * the operator's failback command switches every node back with reason MANUAL_FAILBACK; the same
 * command again is rejected as a replay.
 */
class OperatorCommandGossipTest {
  static final Duration INTERVAL = Duration.ofMillis(700);
  static final Duration WAIT = Duration.ofSeconds(30);
  static final int NODES = 5;

  /** Fresh failback commands tried when one lands in a round without an UP certificate. */
  static final int MAX_FAILBACK_TRIES = 5;

  static final String ROUTER = "web-router";
  private final NioEventLoopGroup group = new NioEventLoopGroup(2);
  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<ConcurrentLinkedQueue<NodeEvent>> events = new ArrayList<>();
  private final List<NodeService> services = new ArrayList<>();
  private final AtomicBoolean primaryDown = new AtomicBoolean(false);
  private List<Multiaddr> addrs;
  private GossipParams params;
  private JavaPeer operatorPeer;
  private String topic;

  @AfterEach
  void tearDown() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void onlyTheOperatorsFailbackSwitchesEveryNodeBackOnce() {
    startNetwork();
    primaryDown.set(true);
    Await.until(WAIT, () -> all(e -> e instanceof NodeEvent.Switched), "every node fails over");
    primaryDown.set(false);

    OperatorCommand forged = OperatorCommand.failback(TestNetwork.NETWORK_ID, ROUTER, now());
    JavaPeer adversary = peerOnEveryNode(901);
    JavaPeer.await(
        adversary
            .router()
            .publish(topic, SignedOperatorCommand.sign(forged, TestKeys.outsider(0)).encode()),
        WAIT);
    Await.until(
        WAIT,
        () -> all(e -> e instanceof NodeEvent.Rejected r && r.topic().equals(topic)),
        "every node rejects the command of another key");
    assertThat(events)
        .allSatisfy(q -> assertThat(q).noneMatch(NodeEvent.Commanded.class::isInstance));
    assertActive(TestNetwork.SECONDARY);

    SignedOperatorCommand taken = failbackUntilTaken(TestKeys.operator());
    Await.until(
        WAIT,
        () ->
            all(
                e ->
                    e instanceof NodeEvent.Switched s
                        && s.decision().reason() == DecisionReason.MANUAL_FAILBACK),
        "every node fails back by the command");
    for (ConcurrentLinkedQueue<NodeEvent> q : events) {
      NodeEvent.Switched s = manualFailback(q);
      assertThat(s.decision().command().orElseThrow().verify(roster).isValid()).isTrue();
      assertThat(s.decision().to()).isEqualTo(TestNetwork.PRIMARY);
    }
    assertActive(TestNetwork.PRIMARY);

    int rejectedBefore = count(NodeEvent.Rejected.class);
    publish(taken);
    Await.until(
        WAIT, () -> count(NodeEvent.Rejected.class) >= rejectedBefore + NODES, "replays rejected");
    assertThat(events)
        .allSatisfy(
            q ->
                assertThat(
                        q.stream()
                            .filter(
                                e ->
                                    e instanceof NodeEvent.Switched s
                                        && s.decision().reason() == DecisionReason.MANUAL_FAILBACK))
                    .hasSize(1));
  }

  /**
   * Issues failback commands until every node has failed back: a command issued just as a round
   * begins may find no UP certificate of the primary in its round or the one before on some node,
   * which then refuses it. Returns the last command issued (every node has taken it).
   */
  private SignedOperatorCommand failbackUntilTaken(Ed25519KeyPair key) {
    for (int i = 0; i < MAX_FAILBACK_TRIES; i++) {
      Await.until(WAIT, this::everyNodeHasARecentUpCertificate, "the primary is certified UP");
      int handledBefore = count(NodeEvent.Commanded.class);
      SignedOperatorCommand c =
          SignedOperatorCommand.sign(
              OperatorCommand.failback(TestNetwork.NETWORK_ID, ROUTER, now()), key);
      publish(c);
      Await.until(
          WAIT,
          () -> count(NodeEvent.Commanded.class) >= handledBefore + NODES,
          "every node takes the command");
      if (all(e -> e instanceof NodeEvent.Switched s && manual(s))) {
        return c;
      }
    }
    throw new AssertionError("not every node failed back after " + MAX_FAILBACK_TRIES + " tries");
  }

  private static boolean manual(NodeEvent.Switched s) {
    return s.decision().reason() == DecisionReason.MANUAL_FAILBACK;
  }

  private boolean everyNodeHasARecentUpCertificate() {
    long current = Math.floorDiv(now(), INTERVAL.toMillis());
    return events.stream().allMatch(q -> upAfterFailover(q, current - 1));
  }

  private org.peerprobe.consensus.model.Roster roster;

  private void startNetwork() {
    TestNetwork net = TestNetwork.of(NODES, 3);
    roster = net.roster();
    RouterPolicy router =
        RouterPolicy.builder(ROUTER, TestNetwork.PRIMARY, TestNetwork.SECONDARY)
            .downRounds(1)
            .cooldownRounds(0)
            .failback(FailbackMode.MANUAL)
            .build();
    FrontProber prober =
        (front, start) ->
            CompletableFuture.completedFuture(
                TestNetwork.observation(
                    front,
                    primaryDown.get() && front.equals(TestNetwork.PRIMARY)
                        ? Status.DOWN
                        : Status.UP));
    params = GossipParams.builder().degrees(3, 2, 6).dLazy(3).dScore(2).dOut(1).build();
    List<JavaPeer> peers = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      JavaPeer p = new JavaPeer(HostKey.fromSeed(TestKeys.key(i).seed()), group, params, i);
      open.add(p);
      peers.add(p);
      NodeSettings settings =
          new NodeSettings(
              net.key(i),
              net.roster(),
              TestNetwork.FRONTS,
              List.of(router),
              INTERVAL,
              net.observer(i).network());
      NodeService s =
          new NodeService(
              settings,
              p.router(),
              prober,
              new EventLoopScheduler(group.next()),
              new RoundClock(INTERVAL, System::currentTimeMillis, new Random(i)));
      ConcurrentLinkedQueue<NodeEvent> q = new ConcurrentLinkedQueue<>();
      s.addListener(q::add);
      events.add(q);
      services.add(s);
    }
    addrs = new ArrayList<>();
    for (JavaPeer p : peers) {
      addrs.add(p.listen());
    }
    for (int i = 0; i < NODES; i++) {
      JavaPeer.await(peers.get(i).host().dial(addrs.get((i + 1) % NODES)), WAIT);
      JavaPeer.await(peers.get(i).host().dial(addrs.get((i + 2) % NODES)), WAIT);
    }
    services.forEach(NodeService::start);
    open.add(() -> services.forEach(NodeService::stop));
    topic = services.get(0).topics().commands();
    operatorPeer = peerOnEveryNode(900);
  }

  /** A peer, not a node, connected to every node and seeing them all on the commands topic. */
  private JavaPeer peerOnEveryNode(int seed) {
    JavaPeer p = new JavaPeer(JavaPeer.key(seed), group, params, seed);
    open.add(p);
    for (Multiaddr a : addrs) {
      JavaPeer.await(p.host().dial(a), WAIT);
    }
    Await.until(
        WAIT,
        () -> p.onRouter(() -> p.router().peers(topic).size()) == NODES,
        "the peer sees every node on the commands topic");
    return p;
  }

  private void publish(SignedOperatorCommand c) {
    JavaPeer.await(operatorPeer.router().publish(topic, c.encode()), WAIT);
  }

  /** The primary certified UP after the failover, in round {@code atLeast} or later. */
  private static boolean upAfterFailover(java.util.Collection<NodeEvent> q, long atLeast) {
    long switched =
        q.stream()
            .filter(e -> e instanceof NodeEvent.Switched)
            .mapToLong(e -> ((NodeEvent.Switched) e).decision().round())
            .max()
            .orElse(Long.MAX_VALUE);
    return q.stream()
        .anyMatch(
            e ->
                e instanceof NodeEvent.Certified c
                    && c.front().equals(TestNetwork.PRIMARY)
                    && c.verdict() == Verdict.UP
                    && c.round() > switched
                    && c.round() >= atLeast);
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  private boolean all(java.util.function.Predicate<NodeEvent> p) {
    return events.stream().allMatch(q -> q.stream().anyMatch(p));
  }

  private int count(Class<? extends NodeEvent> type) {
    return (int) events.stream().flatMap(q -> q.stream()).filter(type::isInstance).count();
  }

  private static NodeEvent.Switched manualFailback(ConcurrentLinkedQueue<NodeEvent> q) {
    return q.stream()
        .filter(
            e ->
                e instanceof NodeEvent.Switched s
                    && s.decision().reason() == DecisionReason.MANUAL_FAILBACK)
        .map(NodeEvent.Switched.class::cast)
        .findFirst()
        .orElseThrow();
  }

  private void assertActive(String front) {
    for (NodeService s : services) {
      assertThat(JavaPeer.await(s.activeTargets(), WAIT)).containsEntry(ROUTER, front);
    }
  }
}
