package org.peerprobe.bench.p2p;

import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.gossip.GossipNode;
import org.peerprobe.p2p.host.Connection;
import org.peerprobe.p2p.host.HostConfig;
import org.peerprobe.p2p.pubsub.GossipParams;
import org.peerprobe.p2p.pubsub.PubSub;
import org.peerprobe.p2p.testing.Await;

/**
 * {@code n} real {@link GossipNode}s (TCP, Noise, yamux, gossipsub with the node's {@link
 * GossipParams#DEFAULT}) on 127.0.0.1, sharing one event-loop group, in a seeded sparse topology:
 * node {@code i} dials its ring successor (so the graph is connected) and {@code dialsPerNode - 1}
 * random others it is not yet connected to, as a volunteer dials a few bootstrap peers.
 *
 * <p>Threading: call it from one thread. Each router runs on one loop of the group; the nodes are
 * all built before any listens or dials, so that the routers alternate over the loops instead of
 * all landing on the one that {@code group.next()} happens to return after each bind.
 */
final class LoopbackMesh implements AutoCloseable {
  /** Deadline of each setup step (the dials of one batch, mesh formation). */
  static final Duration SETUP_WAIT = Duration.ofSeconds(60);

  /**
   * Dials in flight at once: hundreds of Noise handshakes at once on a busy two-core machine can
   * each take longer than the dial timeout.
   */
  static final int DIAL_BATCH = 10;

  private final NioEventLoopGroup group;
  private final List<GossipNode> nodes = new ArrayList<>();
  private final List<Multiaddr> addrs = new ArrayList<>();
  private final List<Set<Integer>> neighbours = new ArrayList<>();
  private final List<int[]> dials = new ArrayList<>();

  /**
   * @param keys node {@code i}'s identity, as a volunteer's node key
   */
  LoopbackMesh(List<HostKey> keys, int threads, int dialsPerNode, long seed) {
    int n = keys.size();
    if (dialsPerNode < 1 || n < 2 * dialsPerNode + 1) {
      throw new IllegalArgumentException("need nodes > 2 * dialsPerNode >= 2");
    }
    group = new NioEventLoopGroup(threads);
    try {
      for (int i = 0; i < n; i++) {
        HostConfig config = HostConfig.builder(keys.get(i)).random(new Random(seed + i)).build();
        nodes.add(new GossipNode(config, GossipParams.DEFAULT, group));
        neighbours.add(new HashSet<>());
      }
      plan(new Random(seed), dialsPerNode);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private void plan(Random random, int dialsPerNode) {
    int n = nodes.size();
    for (int i = 0; i < n; i++) {
      link(i, (i + 1) % n);
    }
    for (int i = 0; i < n; i++) {
      for (int c = 1; c < dialsPerNode; c++) {
        int to;
        do {
          to = random.nextInt(n);
        } while (to == i || neighbours.get(i).contains(to));
        link(i, to);
      }
    }
  }

  private void link(int from, int to) {
    neighbours.get(from).add(to);
    neighbours.get(to).add(from);
    dials.add(new int[] {from, to});
  }

  int size() {
    return nodes.size();
  }

  GossipNode node(int i) {
    return nodes.get(i);
  }

  double averageDegree() {
    return 2.0 * dials.size() / nodes.size();
  }

  /** Bytes all nodes have written to their sockets so far (handshakes and encryption included). */
  long bytesSent() {
    return nodes.stream().mapToLong(n -> n.host().traffic().bytesSent()).sum();
  }

  /** Subscribes node {@code i}'s {@code handler}; before {@link #connect}, as a node starts. */
  void subscribe(int i, String topic, PubSub.MessageHandler handler) {
    nodes.get(i).router().subscribe(topic, handler);
  }

  /** Listens on loopback, makes every planned dial and waits until all connections are up. */
  void connect() {
    for (GossipNode node : nodes) {
      addrs.add(await(node.host().listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))));
    }
    for (int i = 0; i < dials.size(); i += DIAL_BATCH) {
      List<CompletableFuture<Connection>> batch = new ArrayList<>();
      for (int[] d : dials.subList(i, Math.min(dials.size(), i + DIAL_BATCH))) {
        batch.add(nodes.get(d[0]).host().dial(addrs.get(d[1])));
      }
      await(CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)));
    }
  }

  /**
   * Waits until every node knows all its neighbours' subscriptions to {@code topic} and has a mesh
   * of at least {@code dLo} of them (the router's own lower bound, so heartbeats stop grafting).
   */
  void awaitMeshes(String topic, int dLo) {
    // Checks resume at the first node not yet formed: polling all of them every few milliseconds
    // would queue a hundred tasks on the routers' loops at a time. A full pass confirms the end.
    int[] next = {0};
    Await.until(
        SETUP_WAIT,
        () -> {
          while (next[0] < nodes.size() && formed(next[0], topic, dLo)) {
            next[0]++;
          }
          if (next[0] < nodes.size()) {
            return false;
          }
          next[0] = 0;
          for (int i = 0; i < nodes.size(); i++) {
            if (!formed(i, topic, dLo)) {
              return false;
            }
          }
          return true;
        },
        "every node knows its neighbours' subscriptions and has a mesh of at least " + dLo);
  }

  private boolean formed(int i, String topic, int dLo) {
    int degree = neighbours.get(i).size();
    var router = nodes.get(i).router();
    return await(
        router.call(
            () ->
                router.peers(topic).size() == degree
                    && router.meshPeers(topic).size() >= Math.min(dLo, degree)));
  }

  /** Runs an empty task on node {@code i}'s router: what it wrote before is visible after. */
  void sync(int i) {
    var router = nodes.get(i).router();
    await(router.call(() -> Boolean.TRUE));
  }

  private static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(SETUP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("loopback mesh setup failed: " + e.getCause(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("loopback mesh setup: no result within " + SETUP_WAIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Stops every router and host together, then the group. */
  @Override
  public void close() {
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (GossipNode node : nodes) {
      node.router().stop();
      stops.add(node.host().stop());
    }
    try {
      CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
          .get(GossipNode.STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // Best effort: shutting the group down closes the channels regardless.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
