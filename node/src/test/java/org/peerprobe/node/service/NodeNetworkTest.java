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
import org.peerprobe.consensus.failover.RouterPolicy;
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
 * Seven full nodes (three networks) over the real p2p stack on loopback: while the primary is
 * healthy every node sees UP certificates; once every observer sees it DOWN, every node certifies
 * DOWN and switches the router to the secondary with the same decision.
 */
class NodeNetworkTest {
  static final Duration INTERVAL = Duration.ofMillis(700);
  static final Duration WAIT = Duration.ofSeconds(30);
  private final NioEventLoopGroup group = new NioEventLoopGroup(2);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void aQuorumCertifiesTheOutageAndEveryNodeSwitches() {
    int n = 7;
    TestNetwork net = TestNetwork.of(n, 3);
    RouterPolicy router =
        RouterPolicy.builder("web-router", TestNetwork.PRIMARY, TestNetwork.SECONDARY)
            .downRounds(2)
            .cooldownRounds(0)
            .build();
    AtomicBoolean primaryDown = new AtomicBoolean(false);
    FrontProber prober =
        (front, start) ->
            CompletableFuture.completedFuture(
                TestNetwork.observation(
                    front,
                    primaryDown.get() && front.equals(TestNetwork.PRIMARY)
                        ? Status.DOWN
                        : Status.UP));
    GossipParams params =
        GossipParams.builder().degrees(4, 2, 8).dLazy(4).dScore(2).dOut(1).build();
    List<JavaPeer> peers = new ArrayList<>();
    ConcurrentLinkedQueue<NodeEvent> events = new ConcurrentLinkedQueue<>();
    List<NodeService> services = new ArrayList<>();
    for (int i = 0; i < n; i++) {
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
      s.addListener(events::add);
      services.add(s);
    }
    List<Multiaddr> addrs = new ArrayList<>();
    for (JavaPeer p : peers) {
      addrs.add(p.listen());
    }
    for (int i = 0; i < n; i++) {
      JavaPeer.await(peers.get(i).host().dial(addrs.get((i + 1) % n)), WAIT);
      JavaPeer.await(peers.get(i).host().dial(addrs.get((i + 3) % n)), WAIT);
    }
    services.forEach(NodeService::start);
    open.add(() -> services.forEach(NodeService::stop));

    Await.until(WAIT, () -> certified(events, Verdict.UP), "an UP certificate for the primary");
    assertThat(switches(events)).isEmpty();

    primaryDown.set(true);
    Await.until(WAIT, () -> switches(events).size() >= n, "every node switches");

    assertThat(certified(events, Verdict.DOWN)).isTrue();
    // Nodes that reach a quorum at the same moment certify it from different report sets, so the
    // cited certificate ids may differ; every node makes the same switch.
    assertThat(
            switches(events).stream()
                .map(d -> d.decision().from() + ">" + d.decision().to() + "#" + d.decision().seq())
                .distinct())
        .containsExactly(TestNetwork.PRIMARY + ">" + TestNetwork.SECONDARY + "#1");
    NodeEvent.Switched any = switches(events).get(0);
    assertThat(any.decision().from()).isEqualTo(TestNetwork.PRIMARY);
    assertThat(any.decision().to()).isEqualTo(TestNetwork.SECONDARY);
    assertThat(any.decision().seq()).isEqualTo(1);
    for (NodeService s : services) {
      assertThat(JavaPeer.await(s.activeTargets(), WAIT))
          .containsEntry("web-router", TestNetwork.SECONDARY);
    }
    assertThat(events).noneMatch(e -> e instanceof NodeEvent.Rejected);
  }

  private static boolean certified(ConcurrentLinkedQueue<NodeEvent> events, Verdict v) {
    return events.stream()
        .anyMatch(
            e ->
                e instanceof NodeEvent.Certified c
                    && c.front().equals(TestNetwork.PRIMARY)
                    && c.verdict() == v);
  }

  private static List<NodeEvent.Switched> switches(ConcurrentLinkedQueue<NodeEvent> events) {
    return events.stream()
        .filter(e -> e instanceof NodeEvent.Switched)
        .map(e -> (NodeEvent.Switched) e)
        .toList();
  }
}
