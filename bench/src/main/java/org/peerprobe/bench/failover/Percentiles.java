package org.peerprobe.bench.failover;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * p50, p95 and max of a sample by the nearest-rank method (no interpolation: with 20 trials p95 is
 * the 19th smallest, a value that was measured).
 */
record Percentiles(long p50, long p95, long max, int count) {

  static Percentiles of(List<Long> sample) {
    if (sample.isEmpty()) {
      throw new IllegalArgumentException("no measurements to summarise");
    }
    long[] s = sample.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(s);
    return new Percentiles(rank(s, 50), rank(s, 95), s[s.length - 1], s.length);
  }

  private static long rank(long[] sorted, int percent) {
    int n = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, n - 1)];
  }

  /** {@code p50 … / p95 … / max …}, each value formatted by {@code unit}. */
  String format(LongFunction<String> unit) {
    return "p50 " + unit.apply(p50) + " / p95 " + unit.apply(p95) + " / max " + unit.apply(max);
  }

  /** Milliseconds as seconds with two decimals. */
  static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
  }

  static String millis(long ms) {
    return ms + " ms";
  }
}
