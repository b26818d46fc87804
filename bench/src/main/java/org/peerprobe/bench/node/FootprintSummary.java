package org.peerprobe.bench.node;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import org.peerprobe.bench.node.ProcessSampler.Sample;

/**
 * What the samples of one node say: heap and RSS (median and maximum over all samples), CPU time as
 * a share of one core (over the whole run, and after the warm-up, when the JIT has settled), GC
 * activity and the bytes through read/write system calls (sockets, the store, the log), checked
 * against the targets of issue 4: a heap of at most 64 MiB, at most 2 % of one core.
 */
final class FootprintSummary {
  static final long HEAP_TARGET_KIB = 64 * 1024;
  static final double CPU_TARGET_SHARE = 0.02;

  private final List<Sample> samples;
  private final Sample warm;
  private final Sample last;

  /**
   * @param samples in time order, at least one
   * @param warmup the samples from this long after launch count as steady state
   */
  FootprintSummary(List<Sample> samples, Duration warmup) {
    this.samples = List.copyOf(samples);
    this.last = samples.get(samples.size() - 1);
    this.warm =
        samples.stream()
            .filter(s -> s.elapsedNanos() >= warmup.toNanos())
            .findFirst()
            .filter(s -> s != last)
            .orElse(samples.get(0));
  }

  /** CPU time over wall time since launch: start-up (JVM, class loading, JIT) included. */
  double cpuShareWholeRun() {
    return (double) last.cpuNanos() / last.elapsedNanos();
  }

  /** CPU time over wall time from the first sample after the warm-up to the last. */
  double cpuShareSteady() {
    long wall = last.elapsedNanos() - warm.elapsedNanos();
    return wall <= 0 ? cpuShareWholeRun() : (double) (last.cpuNanos() - warm.cpuNanos()) / wall;
  }

  long maxHeapUsedKib() {
    return max(Sample::heapUsedKib);
  }

  long medianHeapUsedKib() {
    return median(Sample::heapUsedKib);
  }

  long medianRssKib() {
    return median(Sample::rssKib);
  }

  long maxRssKib() {
    return max(Sample::rssKib);
  }

  /** Minutes from launch to the first steady-state sample. */
  double steadyFromMinutes() {
    return warm.elapsedNanos() / 60e9;
  }

  boolean meetsTargets() {
    return maxHeapUsedKib() <= HEAP_TARGET_KIB && cpuShareSteady() <= CPU_TARGET_SHARE;
  }

  String render() {
    return String.join(
        "\n",
        fmt(
            "samples: %d over %.1f min (steady state from %.1f min)",
            samples.size(), last.elapsedNanos() / 60e9, warm.elapsedNanos() / 60e9),
        fmt(
            "heap used:      p50 %s, max %s (target <= 64 MiB: %s)",
            mib(median(Sample::heapUsedKib)),
            mib(maxHeapUsedKib()),
            maxHeapUsedKib() <= HEAP_TARGET_KIB ? "met" : "MISSED"),
        fmt(
            "heap committed: p50 %s, max %s; metaspace used max %s",
            mib(median(Sample::heapCommittedKib)),
            mib(max(Sample::heapCommittedKib)),
            mib(max(Sample::metaspaceUsedKib))),
        fmt(
            "RSS:            p50 %s, max %s (kernel's peak VmHWM %s); threads max %d",
            mib(median(Sample::rssKib)),
            mib(max(Sample::rssKib)),
            mib(last.peakRssKib()),
            max(Sample::threads)),
        fmt(
            "CPU, share of one core: steady %.2f %% (target <= 2 %%: %s), whole run incl."
                + " start-up %.2f %% (%.1f s CPU in %.1f s)",
            100 * cpuShareSteady(),
            cpuShareSteady() <= CPU_TARGET_SHARE ? "met" : "MISSED",
            100 * cpuShareWholeRun(),
            last.cpuNanos() / 1e9,
            last.elapsedNanos() / 1e9),
        fmt(
            "GC: %d young, %d full, %.2f s in total",
            last.youngGcs(), last.fullGcs(), last.gcSeconds()),
        fmt(
            "I/O, steady, per minute: %s read and %s written by system calls (sockets, store,"
                + " log), %s sent to storage",
            perMinute(last.syscallReadBytes() - warm.syscallReadBytes()),
            perMinute(last.syscallWriteBytes() - warm.syscallWriteBytes()),
            perMinute(last.storageWriteBytes() - warm.storageWriteBytes())));
  }

  private String perMinute(long bytes) {
    double minutes = (last.elapsedNanos() - warm.elapsedNanos()) / 60e9;
    return minutes <= 0 ? "n/a" : fmt("%.1f KiB", bytes / 1024.0 / minutes);
  }

  private long median(ToLongFunction<Sample> value) {
    long[] v = samples.stream().mapToLong(value).sorted().toArray();
    return v[(v.length - 1) / 2];
  }

  private long max(ToLongFunction<Sample> value) {
    return samples.stream().mapToLong(value).max().orElse(-1);
  }

  private static String mib(long kib) {
    return fmt("%.1f MiB", kib / 1024.0);
  }

  static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
