package org.peerprobe.bench.failover;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;

/**
 * How busy the machine was while the trials ran: this JVM's CPU share of all cores (the simulated
 * nodes, fronts, baseline and watcher; BIND is a separate process) and the system load average,
 * which includes whatever else runs on the machine.
 */
final class Load {
  private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
  private final long startNanos = System.nanoTime();
  private final long startCpuNanos = cpuNanos();

  private Load() {}

  static Load start() {
    return new Load();
  }

  /** E.g. {@code this JVM used 38% of 2 cores, load average 6.1}. */
  String end() {
    long cpu = cpuNanos() - startCpuNanos;
    long wall = System.nanoTime() - startNanos;
    int cores = Runtime.getRuntime().availableProcessors();
    String share =
        cpu < 0
            ? "unknown"
            : String.format(Locale.ROOT, "%.0f%%", 100.0 * cpu / Math.max(1, wall) / cores);
    return String.format(
        Locale.ROOT,
        "this JVM used %s of %d cores, 1-min load average %.1f at the end",
        share,
        cores,
        os.getSystemLoadAverage());
  }

  private long cpuNanos() {
    return os instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getProcessCpuTime()
        : -1;
  }
}
