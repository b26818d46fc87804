package org.peerprobe.node.signer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;
import org.peerprobe.node.dns.ProviderLimits;

/**
 * A provider's write budget as sliding windows (deSEC: 15 writes a minute, 100 an hour per domain):
 * how long the next write must wait so that no window is exceeded. Pure: the caller passes the
 * time. One writer (the reconciler's scheduler).
 */
final class WriteBudget {
  static final Duration MINUTE = Duration.ofMinutes(1);
  static final Duration HOUR = Duration.ofHours(1);

  private final Optional<Integer> perMinute;
  private final Optional<Integer> perHour;
  private final ArrayDeque<Long> writes = new ArrayDeque<>();

  WriteBudget(ProviderLimits limits) {
    this.perMinute = limits.writesPerMinute();
    this.perHour = limits.writesPerHour();
  }

  /** Milliseconds until a write at {@code nowMs} fits every window (0: now). */
  long delayMillis(long nowMs) {
    forgetBefore(nowMs - HOUR.toMillis());
    long wait = 0;
    if (perHour.isPresent() && writes.size() >= perHour.get()) {
      wait = nthNewest(perHour.get()) + HOUR.toMillis() - nowMs;
    }
    if (perMinute.isPresent()) {
      int inMinute = 0;
      for (Iterator<Long> it = writes.descendingIterator(); it.hasNext(); ) {
        if (it.next() > nowMs - MINUTE.toMillis()) {
          inMinute++;
        }
      }
      if (inMinute >= perMinute.get()) {
        wait = Math.max(wait, nthNewest(perMinute.get()) + MINUTE.toMillis() - nowMs);
      }
    }
    return Math.max(0, wait);
  }

  /** Counts a write (or an attempt that may write) at {@code atMs}. */
  void record(long atMs) {
    writes.addLast(atMs);
  }

  /** Takes back the write recorded at {@code atMs}: the attempt wrote nothing. */
  void refund(long atMs) {
    writes.removeLastOccurrence(atMs);
  }

  /** The time of the n-th newest write (1 = newest). */
  private long nthNewest(int n) {
    Iterator<Long> it = writes.descendingIterator();
    long t = 0;
    for (int i = 0; i < n && it.hasNext(); i++) {
      t = it.next();
    }
    return t;
  }

  private void forgetBefore(long cutoffMs) {
    while (!writes.isEmpty() && writes.peekFirst() <= cutoffMs) {
      writes.removeFirst();
    }
  }
}
