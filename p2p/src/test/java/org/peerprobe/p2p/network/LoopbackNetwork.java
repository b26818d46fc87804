package org.peerprobe.p2p.network;

import static org.peerprobe.p2p.testing.JavaPeer.await;

import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.host.Connection;
import org.peerprobe.p2p.pubsub.GossipParams;
import org.peerprobe.p2p.testing.Await;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * {@link JavaPeer}s on 127.0.0.1, one per node of a {@link RandomGraph}, all on one shared {@link
 * NioEventLoopGroup} (connections and routers alike), all subscribed to {@link #TOPIC} with a
 * {@link DeliveryLog} handler. Node {@code i} has key {@code JavaPeer.key(i + 1)} and a router
 * seeded with {@code seed + i} running on loop {@code i mod threads}: assigned explicitly, since
 * taking {@code group.next()} for each router and each listener in turn would put all 50 routers on
 * one thread of a two-thread group. {@link #close()} stops every node, then the group, and waits
 * until its threads ended.
 *
 * <p>Threading: call it from the test thread only.
 */
final class LoopbackNetwork implements AutoCloseable {
  static final String TOPIC = "/peerprobe/test/network/1";

  /** Deadline of each setup step (all dials, mesh formation, disconnect detection). */
  static final Duration SETUP_WAIT = Duration.ofSeconds(20);

  /** Dials in flight at once during {@link #connect()}. */
  static final int DIAL_BATCH = 10;

  private final RandomGraph graph;
  private final DeliveryLog log;
  private final NioEventLoopGroup group;
  private final List<JavaPeer> peers = new ArrayList<>();
  private final List<Multiaddr> addrs = new ArrayList<>();
  private final Set<Integer> stopped = new TreeSet<>();

  LoopbackNetwork(RandomGraph graph, int threads, GossipParams params, DeliveryLog log, long seed) {
    this.graph = graph;
    this.log = log;
    this.group = new NioEventLoopGroup(threads);
    List<EventLoop> loops = new ArrayList<>();
    group.forEach(e -> loops.add((EventLoop) e));
    try {
      for (int i = 0; i < graph.size(); i++) {
        EventLoop routerLoop = loops.get(i % loops.size());
        JavaPeer p = new JavaPeer(JavaPeer.key(i + 1), group, routerLoop, params, seed + i);
        peers.add(p);
        p.subscribe(TOPIC, log.handler(i));
        addrs.add(p.listen());
      }
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  NioEventLoopGroup group() {
    return group;
  }

  JavaPeer peer(int node) {
    return peers.get(node);
  }

  Multiaddr address(int node) {
    return addrs.get(node);
  }

  /** Nodes not stopped, ascending. */
  List<Integer> live() {
    return IntStream.range(0, peers.size()).filter(i -> !stopped.contains(i)).boxed().toList();
  }

  /**
   * Makes every dial of the graph, {@link #DIAL_BATCH} at a time, and waits until all connections
   * are up. Batches keep the handshakes in flight few: 200 at once on a busy two-core machine can
   * each take longer than the dial timeout.
   */
  void connect() {
    List<RandomGraph.Dial> all = graph.dials();
    for (int i = 0; i < all.size(); i += DIAL_BATCH) {
      List<CompletableFuture<Connection>> batch = new ArrayList<>();
      for (RandomGraph.Dial d : all.subList(i, Math.min(all.size(), i + DIAL_BATCH))) {
        batch.add(peers.get(d.from()).host().dial(addrs.get(d.to())));
      }
      await(CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)), SETUP_WAIT);
    }
  }

  /** Waits until every live node's mesh has at least {@code min} peers. */
  void awaitMeshes(int min) {
    Await.until(
        SETUP_WAIT,
        () -> live().stream().allMatch(i -> meshSize(i) >= min),
        "every live node has a mesh of at least " + min + "; now " + meshSizes());
  }

  int meshSize(int node) {
    JavaPeer p = peers.get(node);
    return p.onRouter(() -> p.router().meshPeers(TOPIC).size());
  }

  /** Mesh size of every live node, in node order. */
  List<Integer> meshSizes() {
    return live().stream().map(this::meshSize).toList();
  }

  /**
   * Publishes messages {@code [from, to)} from the test thread, each from a live node that {@code
   * random} picks and expected at every other live node, keeping at most {@code window} of them in
   * flight: message {@code m} waits until message {@code m - window} reached every receiver, or
   * {@code stall} passed (a message that misses a node must not stop the run; the delivery ratio
   * accounts for it). The window bounds the routers' backlog, so the latency measured is
   * propagation rather than queueing behind a burst, also on a machine that other jobs share.
   */
  void publish(int from, int to, int window, Duration stall, Random random) {
    List<Integer> live = live();
    for (int msg = from; msg < to; msg++) {
      int previous = msg - window;
      if (previous >= from) {
        Await.within(stall, () -> log.allDelivered(previous, previous + 1));
      }
      int publisher = live.get(random.nextInt(live.size()));
      Set<Integer> receivers = new TreeSet<>(live);
      receivers.remove(publisher);
      log.expect(msg, publisher, receivers);
      byte[] payload = DeliveryLog.payload(msg, System.nanoTime());
      await(peers.get(publisher).router().publish(TOPIC, payload), SETUP_WAIT);
    }
  }

  /** Stops {@code victims} (router, then host: all their connections close). */
  void stop(Set<Integer> victims) {
    for (int v : victims) {
      if (stopped.add(v)) {
        peers.get(v).close();
      }
    }
  }

  /** Waits until no live node has a connection to, or a router entry for, a stopped node. */
  void awaitStoppedForgotten() {
    Set<PeerId> gone = new java.util.HashSet<>();
    stopped.forEach(v -> gone.add(peers.get(v).host().peerId()));
    Await.until(
        SETUP_WAIT,
        () -> live().stream().noneMatch(i -> knowsAny(peers.get(i), gone)),
        "live nodes forget the stopped ones");
  }

  private static boolean knowsAny(JavaPeer p, Set<PeerId> gone) {
    for (Connection c : p.host().connections()) {
      if (gone.contains(c.remotePeer())) {
        return true;
      }
    }
    return p.onRouter(() -> p.router().peers().stream().anyMatch(gone::contains));
  }

  @Override
  public void close() {
    try {
      for (int i : live()) {
        peers.get(i).close();
      }
    } finally {
      stopped.addAll(IntStream.range(0, peers.size()).boxed().toList());
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
