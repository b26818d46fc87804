package org.peerprobe.bench.p2p;

import static org.peerprobe.bench.p2p.Summary.fmt;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.pubsub.GossipParams;
import org.peerprobe.p2p.pubsub.ReceivedMessage;
import org.peerprobe.p2p.testing.Await;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * Gossipsub messages per second through a mesh of Java nodes on loopback: {@code nodes} {@link
 * JavaPeer}s (host + router) on one shared event-loop group, every pair connected, all subscribed
 * to one topic with the default {@link GossipParams} (D=6, flood publishing). Messages of {@code
 * size} bytes are published by one node, or round-robin by all nodes, as fast as they are
 * delivered: at most {@code window} messages are in flight (published and not yet delivered to
 * every other node), and a failed publish future aborts the run. A round ends when every message
 * reached all {@code nodes-1} receivers; it reports messages/s and the latency from the publish
 * call to each delivery (p50/p99) and to the last receiver's delivery.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.peerprobe.bench.p2p.GossipThroughputBenchmark \
 *     [--nodes 10] [--messages 10000] [--size 1024] [--window 64] [--warmup 1] [--rounds 3] \
 *     [--publishers 1,all]
 * </pre>
 */
public final class GossipThroughputBenchmark {
  static final String TOPIC = "peerprobe/bench";

  /** Payload header: round (int), publisher (int), sequence (int), publish time (long). */
  private static final int HEADER = 20;

  private static final Duration SETUP = Duration.ofSeconds(60);
  private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(3);

  private final EventLoopGroup group = new NioEventLoopGroup();
  private final List<JavaPeer> peers = new ArrayList<>();
  private final byte[] filler;
  private volatile Round current;

  private GossipThroughputBenchmark(int size) {
    filler = new byte[Math.max(HEADER, size)];
    new Random(size).nextBytes(filler);
  }

  public static void main(String[] args) throws Exception {
    Options o =
        new Options(
            args, Set.of("nodes", "messages", "size", "window", "warmup", "rounds", "publishers"));
    int nodes = o.intValue("nodes", 10);
    int messages = o.intValue("messages", 10_000);
    int size = o.intValue("size", 1024);
    int window = o.intValue("window", 64);
    int warmup = o.intValue("warmup", 1);
    int rounds = o.intValue("rounds", 3);
    List<String> variants = List.of(o.string("publishers", "1,all").split(","));
    System.out.println(
        fmt(
            "gossip throughput: %d nodes (full connectivity, one event-loop group of %d threads),"
                + " %d messages of %d bytes per round, window %d, %d warm-up + %d rounds;"
                + " load average at start %s",
            nodes,
            io.netty.util.NettyRuntime.availableProcessors() * 2,
            messages,
            size,
            window,
            warmup,
            rounds,
            Summary.loadAverage()));
    GossipThroughputBenchmark b = new GossipThroughputBenchmark(size);
    int roundId = 0;
    try {
      b.setUp(nodes);
      for (String v : variants) {
        int publishers = "all".equals(v) ? nodes : Integer.parseInt(v);
        List<Double> rates = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> allP99 = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int r = 0; r < warmup + rounds; r++) {
          Round.Result res = b.run(++roundId, publishers, messages, window);
          boolean measured = r >= warmup;
          System.out.println(
              fmt(
                  "%-8s %2d publisher(s): %s",
                  measured ? "round " + (r - warmup + 1) : "warm-up", publishers, res));
          if (measured) {
            rates.add(res.messagesPerSecond());
            p50.add(res.p50Ms());
            p99.add(res.p99Ms());
            allP99.add(res.allP99Ms());
            cpu.add(res.cpuMsPerMessage());
          }
        }
        System.out.println(
            fmt("%d publisher(s) msgs/s: %s", publishers, Summary.spread(rates, "%.0f")));
        System.out.println(
            fmt("%d publisher(s) p50 ms: %s", publishers, Summary.spread(p50, "%.2f")));
        System.out.println(
            fmt("%d publisher(s) p99 ms: %s", publishers, Summary.spread(p99, "%.2f")));
        System.out.println(
            fmt(
                "%d publisher(s) all-receivers p99 ms: %s",
                publishers, Summary.spread(allP99, "%.2f")));
        System.out.println(
            fmt(
                "%d publisher(s) JVM CPU ms per message: %s",
                publishers, Summary.spread(cpu, "%.2f")));
      }
      System.out.println(fmt("load average at end %s", Summary.loadAverage()));
    } finally {
      b.tearDown();
    }
  }

  private void setUp(int nodes) {
    List<Multiaddr> addrs = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      JavaPeer p = new JavaPeer(JavaPeer.key(100 + i), group, GossipParams.DEFAULT, 100 + i);
      peers.add(p);
      addrs.add(p.listen());
      int node = i;
      p.router().subscribe(TOPIC, m -> delivered(node, m));
    }
    for (int i = 0; i < nodes; i++) {
      for (int j = i + 1; j < nodes; j++) {
        JavaPeer.await(peers.get(i).host().dial(addrs.get(j)), SETUP);
      }
    }
    int dLo = GossipParams.DEFAULT.dLo;
    for (JavaPeer p : peers) {
      Await.until(
          SETUP,
          () ->
              p.onRouter(
                  () ->
                      p.router().peers(TOPIC).size() == nodes - 1
                          && p.router().meshPeers(TOPIC).size() >= dLo),
          p.host().peerId() + " knows all subscribers and has a mesh of at least " + dLo);
    }
  }

  /** One round: {@code messages} publishes, at most {@code window} undelivered at a time. */
  private Round.Result run(int id, int publishers, int messages, int window)
      throws InterruptedException {
    Round round = new Round(id, peers.size(), messages, window);
    current = round;
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
    long cpuStart = Summary.processCpuNanos();
    long start = System.nanoTime();
    for (int seq = 0; seq < messages; seq++) {
      if (!round.permits.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException(round.stuck("publishing message " + seq));
      }
      if (failure.get() != null) {
        throw new IllegalStateException("publish failed", failure.get());
      }
      int publisher = seq % publishers;
      byte[] data = filler.clone();
      ByteBuffer.wrap(data).putInt(id).putInt(publisher).putInt(seq).putLong(System.nanoTime());
      peers
          .get(publisher)
          .router()
          .publish(TOPIC, data)
          .whenComplete(
              (v, err) -> {
                if (err != null) {
                  failure.compareAndSet(null, err);
                }
              });
    }
    if (!round.done.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
      throw new IllegalStateException(round.stuck("waiting for the last deliveries"));
    }
    if (failure.get() != null) {
      throw new IllegalStateException("publish failed", failure.get());
    }
    return round.result(System.nanoTime() - start, Summary.processCpuNanos() - cpuStart);
  }

  /** A message handler, on {@code node}'s router thread. */
  private void delivered(int node, ReceivedMessage m) {
    long now = System.nanoTime();
    Round round = current;
    ByteBuffer b = ByteBuffer.wrap(m.data());
    if (round != null && m.data().length >= HEADER && b.getInt(0) == round.id) {
      round.delivered(node, b.getInt(8), now - b.getLong(12));
    }
  }

  private void tearDown() {
    for (JavaPeer p : peers) {
      try {
        p.close();
      } catch (AssertionError | RuntimeException e) {
        System.err.println("peer did not stop: " + e);
      }
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }

  /**
   * Delivery bookkeeping of one round. Each node's latencies are written by its router thread only;
   * the per-message counters hand every write over to the thread that completes the round.
   */
  private static final class Round {
    final int id;
    final int receivers;
    final int messages;
    final Semaphore permits;
    final CountDownLatch done = new CountDownLatch(1);
    final AtomicIntegerArray counts;
    final AtomicInteger completed = new AtomicInteger();
    final long[][] latency;
    final int[] latencyCount;
    final long[] allReceivedLatency;

    Round(int id, int nodes, int messages, int window) {
      this.id = id;
      this.receivers = nodes - 1;
      this.messages = messages;
      this.permits = new Semaphore(window);
      this.counts = new AtomicIntegerArray(messages);
      this.latency = new long[nodes][messages];
      this.latencyCount = new int[nodes];
      this.allReceivedLatency = new long[messages];
    }

    void delivered(int node, int seq, long nanos) {
      latency[node][latencyCount[node]++] = nanos;
      if (counts.incrementAndGet(seq) == receivers) {
        allReceivedLatency[seq] = nanos;
        permits.release();
        if (completed.incrementAndGet() == messages) {
          done.countDown();
        }
      }
    }

    String stuck(String what) {
      return fmt(
          "round %d stuck %s: %d of %d messages reached every receiver within %s",
          id, what, completed.get(), messages, ROUND_TIMEOUT);
    }

    Result result(long elapsedNanos, long cpuNanos) {
      int total = 0;
      for (int c : latencyCount) {
        total += c;
      }
      long[] all = new long[total];
      int at = 0;
      for (int n = 0; n < latency.length; n++) {
        System.arraycopy(latency[n], 0, all, at, latencyCount[n]);
        at += latencyCount[n];
      }
      long[] perDelivery = Summary.sorted(all, total);
      long[] allReceivers = Summary.sorted(allReceivedLatency, messages);
      return new Result(
          messages / (elapsedNanos / 1e9),
          Summary.percentile(perDelivery, 50) / 1e6,
          Summary.percentile(perDelivery, 99) / 1e6,
          Summary.percentile(allReceivers, 99) / 1e6,
          cpuNanos / 1e6 / messages,
          total);
    }

    record Result(
        double messagesPerSecond,
        double p50Ms,
        double p99Ms,
        double allP99Ms,
        double cpuMsPerMessage,
        int deliveries) {
      @Override
      public String toString() {
        return fmt(
            "%.0f msgs/s (%d deliveries), latency p50 %.2f ms, p99 %.2f ms, all receivers p99"
                + " %.2f ms, JVM CPU %.2f ms per message",
            messagesPerSecond, deliveries, p50Ms, p99Ms, allP99Ms, cpuMsPerMessage);
      }
    }
  }
}
