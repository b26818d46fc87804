package org.peerprobe.bench.p2p;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.FailureClass;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.PhaseTimings;
import org.peerprobe.consensus.model.RoundReport;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.p2p.pubsub.ReceivedMessage;

/**
 * What {@link P2pDeliveryMeasurement} publishes and what arrived: one real {@link SignedReport}
 * encoding per node and round (slot {@code round * nodes + publisher}), signed before the run, the
 * instant each was published and, per receiver, the latency of each delivery. A delivery is matched
 * to its slot by its bytes, so the payload stays exactly what a node gossips.
 *
 * <p>Threading: the publishing thread writes publish instants (atomics, read by every router); row
 * {@code r} of the latencies is written only by receiver {@code r}'s router thread and read after
 * {@link LoopbackMesh#sync} ran on it.
 */
final class DeliveryBook {
  /** Fronts per report: the footprint row's 5 fronts, so the payload has a node's usual size. */
  static final int FRONTS = 5;

  /** Networks the observers come from (report field {@code network}). */
  static final int NETWORKS = 20;

  private final int nodes;
  private final int warmupRounds;
  private final byte[][] payloads;
  private final Map<ByteBuffer, Integer> slots = new HashMap<>();
  private final AtomicLongArray publishedAt;
  private final long[][] latency;
  private final AtomicIntegerArray receivers;
  private final AtomicInteger deliveries = new AtomicInteger();
  private final AtomicInteger unmatched = new AtomicInteger();
  private final AtomicInteger duplicates = new AtomicInteger();

  DeliveryBook(
      List<Ed25519KeyPair> keys,
      String networkId,
      long firstRound,
      long intervalMs,
      int rounds,
      int warmupRounds,
      Random random) {
    this.nodes = keys.size();
    this.warmupRounds = warmupRounds;
    int total = rounds * nodes;
    payloads = new byte[total][];
    for (int slot = 0; slot < total; slot++) {
      int publisher = slot % nodes;
      long round = firstRound + slot / nodes;
      RoundReport report =
          RoundReport.of(
              networkId,
              round,
              keys.get(publisher).publicKey(),
              "AS" + (64501 + publisher % NETWORKS),
              observations(round * intervalMs, random));
      payloads[slot] = SignedReport.sign(report, keys.get(publisher)).encode();
      slots.put(ByteBuffer.wrap(payloads[slot]), slot);
    }
    publishedAt = new AtomicLongArray(total);
    receivers = new AtomicIntegerArray(total);
    latency = new long[nodes][total];
    for (long[] row : latency) {
      Arrays.fill(row, -1);
    }
  }

  /** A round's probes of {@link #FRONTS} fronts, one of them failing now and then. */
  private static List<Observation> observations(long roundStartMs, Random random) {
    Observation[] out = new Observation[FRONTS];
    for (int f = 0; f < FRONTS; f++) {
      long dns = 500 + random.nextInt(20_000);
      long connect = dns + 2_000 + random.nextInt(40_000);
      long tls = connect + 10_000 + random.nextInt(60_000);
      long firstByte = tls + 20_000 + random.nextInt(200_000);
      long at = roundStartMs + firstByte / 1000 + random.nextInt(1000);
      out[f] =
          random.nextInt(20) == 0
              ? Observation.down(
                  "front-" + (f + 1),
                  FailureClass.HTTP_STATUS,
                  503,
                  PhaseTimings.of(dns, connect, tls, firstByte, firstByte + 300),
                  at)
              : Observation.up(
                  "front-" + (f + 1),
                  200,
                  PhaseTimings.of(dns, connect, tls, firstByte, firstByte + 1_500),
                  at);
    }
    return List.of(out);
  }

  int nodes() {
    return nodes;
  }

  byte[] payload(int round, int publisher) {
    return payloads[round * nodes + publisher];
  }

  /** Mean payload size in bytes. */
  double meanPayloadBytes() {
    return Arrays.stream(payloads).mapToInt(p -> p.length).average().orElse(0);
  }

  /** Called on the publishing thread right before the publish call. */
  void published(int round, int publisher) {
    publishedAt.set(round * nodes + publisher, System.nanoTime());
  }

  /** The message handler of node {@code receiver}, on its router thread. */
  void delivered(int receiver, ReceivedMessage m) {
    long now = System.nanoTime();
    Integer slot = slots.get(ByteBuffer.wrap(m.data()));
    if (slot == null) {
      unmatched.incrementAndGet();
      return;
    }
    long at = publishedAt.get(slot);
    if (slot % nodes == receiver || at == 0) {
      unmatched.incrementAndGet();
    } else if (latency[receiver][slot] >= 0) {
      duplicates.incrementAndGet();
    } else {
      latency[receiver][slot] = now - at;
      receivers.incrementAndGet(slot);
      deliveries.incrementAndGet();
    }
  }

  /** Whether the report of {@code publisher} in {@code round} reached every other node. */
  boolean reachedAll(int round, int publisher) {
    return receivers.get(round * nodes + publisher) == nodes - 1;
  }

  /** Whether every report of rounds {@code [0, rounds)} reached every other node. */
  boolean reachedAll(int rounds) {
    for (int slot = 0; slot < rounds * nodes; slot++) {
      if (receivers.get(slot) < nodes - 1) {
        return false;
      }
    }
    return true;
  }

  /** Deliveries so far, warm-up included. */
  int deliveries() {
    return deliveries.get();
  }

  /** Deliveries of every round to every node but its publisher, warm-up included. */
  int expected() {
    return payloads.length * (nodes - 1);
  }

  /**
   * The measured rounds' figures; call once every router was {@linkplain LoopbackMesh#sync synced}
   * after the last delivery that counts.
   */
  Result result() {
    int first = warmupRounds * nodes;
    long[] all = new long[(payloads.length - first) * (nodes - 1)];
    int n = 0;
    for (long[] row : latency) {
      for (int slot = first; slot < row.length; slot++) {
        if (row[slot] >= 0) {
          all[n++] = row[slot];
        }
      }
    }
    long[] sorted = Summary.sorted(all, n);
    return new Result(
        n,
        all.length,
        Summary.percentile(sorted, 50) / 1e6,
        Summary.percentile(sorted, 99) / 1e6,
        n == 0 ? -1 : sorted[n - 1] / 1e6,
        duplicates.get(),
        unmatched.get());
  }

  /**
   * @param delivered deliveries of the measured rounds
   * @param expected every measured message times its {@code nodes - 1} receivers
   * @param duplicates copies handed to a handler that already had the message (gossipsub's seen
   *     cache should keep this 0)
   * @param unmatched messages that were not the run's, or a node's own
   */
  record Result(
      int delivered,
      int expected,
      double p50Ms,
      double p99Ms,
      double maxMs,
      int duplicates,
      int unmatched) {
    double ratio() {
      return expected == 0 ? 0 : (double) delivered / expected;
    }
  }
}
