package org.peerprobe.p2p.network;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import org.peerprobe.p2p.pubsub.PubSub;

/**
 * Which node received which test message, how often, and how long after it was published.
 *
 * <p>A test message's payload is its index and its publish time ({@link System#nanoTime()}, which
 * every node in the JVM shares), so a receiver computes the propagation latency itself: from the
 * moment the publisher's task handed it to its router to the moment the receiver's router delivered
 * it to the handler. That includes signing, the publisher's and every relay's router queue,
 * encryption, the loopback TCP hops and signature verification.
 *
 * <p>Threading: {@link #handler} runs on the router threads and writes only atomic cells; {@link
 * #expect} is called by the test thread before the message is published, and the read methods by
 * the test thread. Memory: two arrays of {@code messages × nodes} cells.
 */
final class DeliveryLog {
  private final int nodes;
  private final AtomicIntegerArray copies;
  private final AtomicLongArray latencyNanos;
  private final AtomicInteger unknown = new AtomicInteger();
  private final int[] publisher;
  private final List<Set<Integer>> receivers;

  DeliveryLog(int messages, int nodes) {
    this.nodes = nodes;
    this.copies = new AtomicIntegerArray(messages * nodes);
    this.latencyNanos = new AtomicLongArray(messages * nodes);
    this.publisher = new int[messages];
    this.receivers = new ArrayList<>(java.util.Collections.nCopies(messages, Set.of()));
  }

  static byte[] payload(int msg, long publishNanos) {
    return ByteBuffer.allocate(Integer.BYTES + Long.BYTES)
        .putInt(msg)
        .putLong(publishNanos)
        .array();
  }

  /** Message {@code msg} will be published by {@code from} and should reach {@code to}. */
  void expect(int msg, int from, Set<Integer> to) {
    publisher[msg] = from;
    receivers.set(msg, Set.copyOf(to));
  }

  /** Records what node {@code node} delivers. */
  PubSub.MessageHandler handler(int node) {
    return m -> {
      long now = System.nanoTime();
      ByteBuffer b = ByteBuffer.wrap(m.data());
      if (b.remaining() != Integer.BYTES + Long.BYTES) {
        unknown.incrementAndGet();
        return;
      }
      int msg = b.getInt();
      long sent = b.getLong();
      if (msg < 0 || msg >= publisher.length) {
        unknown.incrementAndGet();
        return;
      }
      int cell = msg * nodes + node;
      if (copies.incrementAndGet(cell) == 1) {
        latencyNanos.set(cell, now - sent);
      }
    };
  }

  /** True when each of messages {@code [from, to)} reached every node it should. */
  boolean allDelivered(int from, int to) {
    for (int msg = from; msg < to; msg++) {
      for (int node : receivers.get(msg)) {
        if (copies.get(msg * nodes + node) == 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** Delivery and latency of messages {@code [from, to)}. */
  Summary summary(int from, int to) {
    int expected = 0;
    int delivered = 0;
    int duplicated = 0;
    int stray = 0;
    List<Long> latencies = new ArrayList<>();
    for (int msg = from; msg < to; msg++) {
      Set<Integer> should = receivers.get(msg);
      for (int node = 0; node < nodes; node++) {
        int n = copies.get(msg * nodes + node);
        if (should.contains(node)) {
          expected++;
          if (n > 0) {
            delivered++;
            latencies.add(latencyNanos.get(msg * nodes + node));
          }
        } else if (n > 0 && node != publisher[msg]) {
          stray++;
        }
        if (n > 1) {
          duplicated++;
        }
      }
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return new Summary(
        to - from,
        expected,
        delivered,
        duplicated,
        stray + unknown.get(),
        millis(percentile(sorted, 0.50)),
        millis(percentile(sorted, 0.99)),
        millis(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
  }

  /** Nearest-rank percentile of an ascending array; 0 when empty. */
  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  /**
   * @param messages test messages summarised
   * @param expected (message, node) pairs that should be delivered: publishers excluded
   * @param delivered of those, how many were
   * @param duplicated pairs delivered more than once
   * @param unexpected deliveries to nodes that should not have one (stopped or publisher), plus
   *     payloads that are not test messages
   */
  record Summary(
      int messages,
      int expected,
      int delivered,
      int duplicated,
      int unexpected,
      double p50Millis,
      double p99Millis,
      double maxMillis) {
    double ratio() {
      return expected == 0 ? 1 : (double) delivered / expected;
    }

    String describe() {
      return String.format(
          java.util.Locale.ROOT,
          "%d msgs, delivery %.3f%% (%d/%d), latency p50 %.1f ms p99 %.1f ms max %.1f ms",
          messages,
          100 * ratio(),
          delivered,
          expected,
          p50Millis,
          p99Millis,
          maxMillis);
    }
  }
}
