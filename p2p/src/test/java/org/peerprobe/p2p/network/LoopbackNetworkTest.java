package org.peerprobe.p2p.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.p2p.testing.JavaPeer.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.network.DeliveryLog.Summary;
import org.peerprobe.p2p.pubsub.GossipParams;
import org.peerprobe.p2p.testing.Await;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * The in-process network test: {@value #NODES} Java nodes (full stack: TCP, multistream-select,
 * Noise, yamux, identify, gossipsub) on 127.0.0.1 in one JVM, connected as a seeded random graph,
 * all subscribed to one topic. A message published by any node must reach at least {@value
 * #MIN_DELIVERY} of the other nodes, each at most once; the propagation latency (from just before
 * the publish call to the receiver's handler, both {@link System#nanoTime()}) is printed as one
 * summary line per run.
 *
 * <p>Choices:
 *
 * <ul>
 *   <li><b>Topology.</b> Each node dials its ring successor plus {@value #DIALS_PER_NODE} - 1
 *       random chords ({@link RandomGraph}): the ring guarantees connectivity, the chords give a
 *       random graph of average degree {@code 2 × }{@value #DIALS_PER_NODE}, and no node has fewer
 *       than {@value #DIALS_PER_NODE} neighbours, so every mesh can reach D_lo = 4.
 *   <li><b>Gossip parameters.</b> {@link GossipParams#DEFAULT} (D = 6, D_lo = 4, D_hi = 12, 1 s
 *       heartbeat, flood publishing): the test measures what production runs.
 *   <li><b>Threads.</b> One {@code NioEventLoopGroup} of {@value #THREADS} threads for all 50 hosts
 *       and routers, one per core of the CI machine; more threads only add context switches.
 *   <li><b>Load.</b> At most {@value #WINDOW} message in flight: each is published once the one
 *       before reached every node ({@link LoopbackNetwork#publish}). A message costs the 50 nodes
 *       about 40 ms of CPU in all (signature checks, Noise, duplicates), so a fixed publishing rate
 *       either idles or, on a shared two-core machine, builds a backlog that the latency would then
 *       measure instead of propagation; a window adapts to the CPU there is.
 *   <li><b>Waiting.</b> Setup steps and delivery wait with deadlines ({@link Await}); delivery is
 *       waited for until complete or {@link #DELIVERY_WAIT}, then the ratio is asserted, so a
 *       shortfall within the tolerance passes and anything else fails with the numbers.
 *   <li><b>Determinism.</b> Graph, publishers, victims and router randomness are seeded; the
 *       interleaving of 50 nodes on real sockets is not, so latencies vary between runs.
 * </ul>
 */
class LoopbackNetworkTest {
  static final int NODES = 50;
  static final int DIALS_PER_NODE = 4;
  static final int THREADS = 2;
  static final int MESSAGES = 100;
  static final int WINDOW = 1;
  static final double MIN_DELIVERY = 0.999;

  /** Deadline for the last message to reach everyone: several heartbeats of gossip repair. */
  static final Duration DELIVERY_WAIT = Duration.ofSeconds(10);

  static final long SEED = 0x50_0de5L;

  /** Longest a publication waits for the window to open (see {@link LoopbackNetwork#publish}). */
  static final Duration STALL = Duration.ofSeconds(2);

  private static final GossipParams PARAMS = GossipParams.DEFAULT;

  @Test
  void aMessagePublishedByAnyNodeReachesEveryNode() {
    long start = System.nanoTime();
    RandomGraph graph = RandomGraph.ringWithChords(NODES, DIALS_PER_NODE, new Random(SEED));
    DeliveryLog log = new DeliveryLog(MESSAGES, NODES);
    LoopbackNetwork net = new LoopbackNetwork(graph, THREADS, PARAMS, log, SEED);
    try (net) {
      net.connect();
      net.awaitMeshes(PARAMS.dLo);
      String meshes = describe(net);

      net.publish(0, MESSAGES, WINDOW, STALL, new Random(SEED + 1));
      Await.within(DELIVERY_WAIT, () -> log.allDelivered(0, MESSAGES));

      Summary s = log.summary(0, MESSAGES);
      report("", graph, meshes, s, start);
      assertDelivered(s);
    }
    assertThat(net.group().isTerminated()).as("event loop threads ended").isTrue();
    for (int i = 0; i < NODES; i++) {
      assertThat(refusesConnections(net.address(i))).as("node %d's port is closed", i).isTrue();
    }
  }

  /**
   * Stops {@value #NODES}/10 nodes (chosen so that the survivors stay connected) between two rounds
   * of publishing and publishes the second round at once, while the survivors are still noticing
   * the closed connections and repairing their meshes. The survivors must receive at least {@value
   * #MIN_DELIVERY} of the second round, and their meshes must regrow to D_lo (or to every live
   * neighbour, where fewer remain).
   */
  @Test
  void survivorsStillReceiveMessagesAfterATenthOfTheNodesStop() {
    long start = System.nanoTime();
    Random random = new Random(SEED + 2);
    RandomGraph graph = RandomGraph.ringWithChords(NODES, DIALS_PER_NODE, random);
    int half = MESSAGES / 2;
    DeliveryLog log = new DeliveryLog(MESSAGES, NODES);
    try (LoopbackNetwork net = new LoopbackNetwork(graph, THREADS, PARAMS, log, SEED + 100)) {
      net.connect();
      net.awaitMeshes(PARAMS.dLo);
      net.publish(0, half, WINDOW, STALL, random);
      Await.within(DELIVERY_WAIT, () -> log.allDelivered(0, half));
      assertDelivered(log.summary(0, half));

      Set<Integer> victims = victims(graph, NODES / 10, random);
      net.stop(victims);
      net.publish(half, MESSAGES, WINDOW, STALL, random);
      Await.within(DELIVERY_WAIT, () -> log.allDelivered(half, MESSAGES));

      net.awaitStoppedForgotten();
      for (int node : net.live()) {
        long liveNeighbours =
            graph.neighbours(node).stream().filter(n -> !victims.contains(n)).count();
        Await.until(
            LoopbackNetwork.SETUP_WAIT,
            () -> net.meshSize(node) >= Math.min(PARAMS.dLo, liveNeighbours),
            "node " + node + " repairs its mesh");
      }
      Summary after = log.summary(half, MESSAGES);
      report(" after stopping " + victims, graph, describe(net), after, start);
      assertDelivered(after);
    }
  }

  /**
   * A 51st node ({@link GarbagePeer}) completes the transport handshake with {@value
   * #DIALS_PER_NODE} nodes, then writes garbage on gossipsub streams to them. Each of them must
   * close its connection to it, and the 50 honest nodes must still deliver at least {@value
   * #MIN_DELIVERY} of the messages published meanwhile.
   */
  @Test
  void aNodeSendingGarbageIsDisconnectedAndDeliveryIsUnaffected() {
    long start = System.nanoTime();
    Random random = new Random(SEED + 3);
    RandomGraph graph = RandomGraph.ringWithChords(NODES, DIALS_PER_NODE, random);
    DeliveryLog log = new DeliveryLog(MESSAGES, NODES);
    try (LoopbackNetwork net = new LoopbackNetwork(graph, THREADS, PARAMS, log, SEED + 200);
        GarbagePeer bad = new GarbagePeer(JavaPeer.key(NODES + 1), net.group(), SEED + 3)) {
      net.connect();
      net.awaitMeshes(PARAMS.dLo);
      Set<Integer> targets = new TreeSet<>();
      while (targets.size() < DIALS_PER_NODE) {
        targets.add(random.nextInt(NODES));
      }
      List<CompletableFuture<Void>> spewing = new ArrayList<>();
      targets.forEach(t -> spewing.add(bad.dialAndSpew(net.address(t))));
      await(
          CompletableFuture.allOf(spewing.toArray(CompletableFuture[]::new)),
          LoopbackNetwork.SETUP_WAIT);

      net.publish(0, MESSAGES, WINDOW, STALL, random);
      Await.within(DELIVERY_WAIT, () -> log.allDelivered(0, MESSAGES));

      Await.until(
          LoopbackNetwork.SETUP_WAIT,
          () ->
              bad.host().connections().isEmpty()
                  && targets.stream()
                      .flatMap(t -> net.peer(t).host().connections().stream())
                      .noneMatch(c -> c.remotePeer().equals(bad.peerId())),
          "every node the garbage peer dialed closed the connection");
      Summary s = log.summary(0, MESSAGES);
      report(" + garbage peer at " + targets, graph, describe(net), s, start);
      assertDelivered(s);
    }
  }

  /** {@code count} random nodes whose removal leaves the rest of {@code graph} connected. */
  static Set<Integer> victims(RandomGraph graph, int count, Random random) {
    while (true) {
      Set<Integer> v = new TreeSet<>();
      while (v.size() < count) {
        v.add(random.nextInt(graph.size()));
      }
      if (graph.connectedWithout(v)) {
        return v;
      }
    }
  }

  private static boolean refusesConnections(Multiaddr addr) {
    InetSocketAddress at = addr.tcpAddress().orElseThrow();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(at.getHostString(), at.getPort()), 1000);
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static void assertDelivered(Summary s) {
    assertThat(s.ratio()).as(s.describe()).isGreaterThanOrEqualTo(MIN_DELIVERY);
    assertThat(s.duplicated()).as("(message, node) pairs delivered twice").isZero();
    assertThat(s.unexpected()).as("deliveries to a publisher or a stopped node").isZero();
  }

  private static String describe(LoopbackNetwork net) {
    IntSummary m = IntSummary.of(net.meshSizes());
    return "mesh " + m.min + ".." + m.max + " avg " + String.format(Locale.ROOT, "%.1f", m.avg);
  }

  private static void report(
      String what, RandomGraph graph, String meshes, Summary s, long startNanos) {
    System.out.printf(
        Locale.ROOT,
        "LoopbackNetworkTest: %d nodes%s, degree %.1f (%d..%d), %s, %s, wall %.1f s%n",
        graph.size(),
        what,
        graph.averageDegree(),
        graph.minDegree(),
        graph.maxDegree(),
        meshes,
        s.describe(),
        (System.nanoTime() - startNanos) / 1e9);
  }

  private record IntSummary(int min, int max, double avg) {
    static IntSummary of(java.util.List<Integer> xs) {
      return new IntSummary(
          xs.stream().mapToInt(Integer::intValue).min().orElse(0),
          xs.stream().mapToInt(Integer::intValue).max().orElse(0),
          xs.stream().mapToInt(Integer::intValue).average().orElse(0));
    }
  }
}
