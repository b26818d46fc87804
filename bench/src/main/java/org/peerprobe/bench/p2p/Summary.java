package org.peerprobe.bench.p2p;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Small statistics and formatting helpers shared by the harnesses. */
final class Summary {
  private Summary() {}

  /** "median X (min Y, max Z, n N)" of {@code samples}, formatted with {@code format}. */
  static String spread(List<Double> samples, String format) {
    if (samples.isEmpty()) {
      return "no samples";
    }
    double[] s = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return String.format(
        Locale.ROOT,
        "median " + format + " (min " + format + ", max " + format + ", n %d)",
        median(s),
        s[0],
        s[s.length - 1],
        s.length);
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The {@code p}-th percentile (nearest rank) of {@code sorted}. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static long[] sorted(long[] values, int count) {
    long[] s = Arrays.copyOf(values, count);
    Arrays.sort(s);
    return s;
  }

  /** The machine's load averages ({@code /proc/loadavg}), or "n/a". */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /**
   * CPU time this JVM has used so far (all threads, JIT and GC included), in nanoseconds: a cost
   * that, unlike wall-clock rates, does not depend on how much of a shared machine the run got.
   */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
