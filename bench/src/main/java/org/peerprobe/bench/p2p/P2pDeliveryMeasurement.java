package org.peerprobe.bench.p2p;

import static org.peerprobe.bench.p2p.Summary.fmt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.peerprobe.bench.compare.BenchOptions;
import org.peerprobe.bench.compare.Measurement;
import org.peerprobe.bench.compare.Row;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.node.round.Topics;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.pubsub.GossipParams;
import org.peerprobe.p2p.testing.Await;

/**
 * Issue 7, scale: delivery ratio and latency of observations across {@value #NODES} real p2p nodes
 * in one JVM on loopback ({@link LoopbackMesh}). In each round every node publishes its signed
 * report ({@link DeliveryBook}) on the network's reports topic, in a seeded random order; after one
 * unmeasured warm-up round (JIT) it counts the deliveries of the measured rounds to every node but
 * the publisher, and the latency from the publish call to the receiver's message handler, both read
 * from {@link System#nanoTime()} in this JVM.
 *
 * <p>Load: at most {@value #WINDOW} report in flight; the next is published once it reached every
 * node, or after {@link #STALL} (a report that misses a node must not stop the run; the ratio
 * counts it). A report costs the hundred nodes together tens of milliseconds of CPU (Noise on each
 * of ~7 copies per receiver, one Ed25519 check per delivery), so publishing all hundred on a 2 s
 * clock needs more than two cores: the latency would then measure this harness's CPU queue, which
 * real nodes, each on its own machine, do not have. The window adapts to the CPU there is, as in
 * the p2p module's {@code LoopbackNetworkTest}; the CPU each node spends per round is reported.
 * Reports are not verified on receipt (the node's validator would), for the same reason.
 */
public final class P2pDeliveryMeasurement implements Measurement {
  static final int NODES = 100;

  /** A ring link and 3 random ones: 4 dials per node, an average of 8 connections. */
  static final int DIALS_PER_NODE = 4;

  static final int FULL_ROUNDS = 30;
  static final int QUICK_ROUNDS = 3;
  static final int WARMUP_ROUNDS = 1;
  static final int WINDOW = 1;
  static final Duration STALL = Duration.ofSeconds(2);

  /** After the last publish: how long late deliveries (gossip repair) may still arrive. */
  static final Duration DRAIN = Duration.ofSeconds(10);

  /** The round interval the per-node CPU is compared with (the failover rows' interval). */
  static final Duration INTERVAL = Duration.ofSeconds(2);

  static final double DELIVERY_TARGET = 0.999;
  static final double P99_TARGET_MS = 1000;

  private static final String SECTION = "scale: 100 real p2p nodes";
  private static final String NETWORK_ID = "bench";

  @Override
  public String name() {
    return "p2p-delivery";
  }

  @Override
  public List<Row> run(BenchOptions options) throws Exception {
    int rounds = options.pick(FULL_ROUNDS, QUICK_ROUNDS);
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    String topic = Topics.of(NETWORK_ID).reports();
    List<Ed25519KeyPair> keys = new ArrayList<>();
    List<HostKey> hostKeys = new ArrayList<>();
    Random seeds = new Random(options.seed());
    for (int i = 0; i < NODES; i++) {
      byte[] seed = new byte[HostKey.SEED_BYTES];
      seeds.nextBytes(seed);
      keys.add(Ed25519KeyPair.fromSeed(seed));
      hostKeys.add(HostKey.fromSeed(seed));
    }
    long started = System.nanoTime();
    long firstRound = System.currentTimeMillis() / INTERVAL.toMillis() + 1;
    int allRounds = WARMUP_ROUNDS + rounds;
    DeliveryBook book =
        new DeliveryBook(
            keys, NETWORK_ID, firstRound, INTERVAL.toMillis(), allRounds, WARMUP_ROUNDS, seeds);
    options
        .log()
        .println(
            fmt(
                "p2p-delivery: %d nodes, %d dials each, one event-loop group of %d threads;"
                    + " %d + %d warm-up rounds, reports of %.0f B; load average %s",
                NODES,
                DIALS_PER_NODE,
                threads,
                rounds,
                WARMUP_ROUNDS,
                book.meanPayloadBytes(),
                Summary.loadAverage()));
    DeliveryBook.Result result;
    double cpuMsPerNodeRound;
    try (LoopbackMesh mesh = new LoopbackMesh(hostKeys, threads, DIALS_PER_NODE, options.seed())) {
      for (int i = 0; i < NODES; i++) {
        int receiver = i;
        mesh.subscribe(i, topic, m -> book.delivered(receiver, m));
      }
      mesh.connect();
      mesh.awaitMeshes(topic, GossipParams.DEFAULT.dLo);
      options
          .log()
          .println(
              fmt(
                  "p2p-delivery: %.0f connections per node on average, meshes formed after %.1f s",
                  mesh.averageDegree(), (System.nanoTime() - started) / 1e9));
      Random order = new Random(options.seed());
      AtomicInteger failed = new AtomicInteger();
      publish(mesh, book, topic, 0, WARMUP_ROUNDS, order, failed);
      Await.within(DRAIN, () -> book.reachedAll(WARMUP_ROUNDS));
      long cpuStart = Summary.processCpuNanos();
      long wallStart = System.nanoTime();
      long bytesStart = mesh.bytesSent();
      int warmupDeliveries = book.deliveries();
      publish(mesh, book, topic, WARMUP_ROUNDS, allRounds, order, failed);
      Await.within(DRAIN, () -> book.deliveries() >= book.expected());
      long wall = System.nanoTime() - wallStart;
      long cpu = Summary.processCpuNanos() - cpuStart;
      long bytes = mesh.bytesSent() - bytesStart;
      for (int i = 0; i < NODES; i++) {
        mesh.sync(i);
      }
      result = book.result();
      cpuMsPerNodeRound = cpu / 1e6 / NODES / rounds;
      options
          .log()
          .println(
              fmt(
                  "p2p-delivery: %d of %d delivered (%d publishes failed, %d duplicates, %d"
                      + " other), p50 %.1f ms, p99 %.1f ms, max %.1f ms; %.1f s for %d reports,"
                      + " JVM CPU %.0f %% of one core, %.1f ms per node and round; %.0f B on the"
                      + " wire per delivery; load average %s",
                  result.delivered(),
                  result.expected(),
                  failed.get(),
                  result.duplicates(),
                  result.unmatched(),
                  result.p50Ms(),
                  result.p99Ms(),
                  result.maxMs(),
                  wall / 1e9,
                  rounds * NODES,
                  100.0 * cpu / wall,
                  cpuMsPerNodeRound,
                  bytes / (double) (book.deliveries() - warmupDeliveries),
                  Summary.loadAverage()));
    }
    return rows(result, book.meanPayloadBytes(), rounds, cpuMsPerNodeRound);
  }

  private static List<Row> rows(
      DeliveryBook.Result result, double payloadBytes, int rounds, double cpuMsPerNodeRound) {
    String scenario =
        fmt(
            "%d nodes in one JVM on loopback (TCP, Noise, yamux, gossipsub defaults), %d"
                + " connections per node on average; %d rounds, each node publishes its %.0f B"
                + " signed report per round, %d report in flight",
            NODES, 2 * DIALS_PER_NODE, rounds, payloadBytes, WINDOW);
    return List.of(
        Row.of(
                SECTION + ": delivery",
                scenario,
                fmt(
                    "%.3f %% (%d of %d)",
                    100 * result.ratio(), result.delivered(), result.expected()))
            .target("≥ 99.9 %", result.ratio() >= DELIVERY_TARGET),
        Row.of(
                SECTION + ": latency publish → delivery",
                "same run, every delivery",
                fmt(
                    "p99 %.1f ms (p50 %.1f, max %.1f)",
                    result.p99Ms(), result.p50Ms(), result.maxMs()))
            .target("p99 ≤ 1 s", result.p99Ms() >= 0 && result.p99Ms() <= P99_TARGET_MS),
        Row.of(
            SECTION + ": gossip CPU per node",
            "same run: the JVM's CPU over nodes × rounds (an upper bound: rounds one report at"
                + " a time last longer than 2 s, so heartbeats and GC count more often)",
            fmt(
                "%.1f ms per round (%.2f %% of one core at %d s rounds)",
                cpuMsPerNodeRound,
                100 * cpuMsPerNodeRound / INTERVAL.toMillis(),
                INTERVAL.toSeconds())));
  }

  /**
   * Publishes every node's report of rounds {@code [from, to)}, each round in a random order, at
   * most {@link #WINDOW} in flight; a failed publish call is counted (its deliveries are missing).
   */
  private static void publish(
      LoopbackMesh mesh,
      DeliveryBook book,
      String topic,
      int from,
      int to,
      Random random,
      AtomicInteger failed) {
    List<int[]> inFlight = new ArrayList<>();
    for (int round = from; round < to; round++) {
      List<Integer> order = new ArrayList<>(IntStream.range(0, mesh.size()).boxed().toList());
      Collections.shuffle(order, random);
      for (int publisher : order) {
        if (inFlight.size() >= WINDOW) {
          int[] oldest = inFlight.remove(0);
          Await.within(STALL, () -> book.reachedAll(oldest[0], oldest[1]));
        }
        inFlight.add(new int[] {round, publisher});
        book.published(round, publisher);
        mesh.node(publisher)
            .router()
            .publish(topic, book.payload(round, publisher))
            .whenComplete(
                (v, err) -> {
                  if (err != null) {
                    failed.incrementAndGet();
                  }
                });
      }
    }
  }
}
