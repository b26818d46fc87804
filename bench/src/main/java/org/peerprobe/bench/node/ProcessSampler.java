package org.peerprobe.bench.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads another JVM's footprint from outside it, without attaching: resident memory and threads
 * from {@code /proc/<pid>/status}, CPU time from {@code /proc/<pid>/stat}, bytes through read/write
 * system calls and bytes sent to storage from {@code /proc/<pid>/io}, and the heap and GC counters
 * from {@code jstat -gc} (which reads the JVM's shared performance-data file, so the node does no
 * work for it). Linux and a JDK only.
 */
final class ProcessSampler {
  private static final Duration JSTAT_DEADLINE = Duration.ofSeconds(20);

  private final long pid;
  private final long startNanos;
  private final long ticksPerSecond;
  private final Path jstat;

  /** One reading; memory in KiB, CPU in nanoseconds. */
  record Sample(
      long elapsedNanos,
      long rssKib,
      long peakRssKib,
      int threads,
      long cpuNanos,
      long heapUsedKib,
      long heapCommittedKib,
      long metaspaceUsedKib,
      long youngGcs,
      long fullGcs,
      double gcSeconds,
      long syscallReadBytes,
      long syscallWriteBytes,
      long storageWriteBytes) {}

  /**
   * @param startNanos {@link System#nanoTime()} when the process was launched
   */
  ProcessSampler(long pid, long startNanos) {
    this.pid = pid;
    this.startNanos = startNanos;
    this.ticksPerSecond = clockTicksPerSecond();
    this.jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
  }

  Sample sample() throws IOException, InterruptedException {
    Map<String, Long> status = fields(read("status"));
    Map<String, Long> io = fields(read("io"));
    String stat = read("stat");
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // Fields 14 and 15 of proc(5), utime and stime, counted from field 3 (the state) here.
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    Map<String, Double> gc = jstatGc();
    long elapsed = System.nanoTime() - startNanos;
    return new Sample(
        elapsed,
        status.getOrDefault("VmRSS", -1L),
        status.getOrDefault("VmHWM", -1L),
        status.getOrDefault("Threads", -1L).intValue(),
        ticks * 1_000_000_000L / ticksPerSecond,
        sumKib(gc, "S0U", "S1U", "EU", "OU"),
        sumKib(gc, "S0C", "S1C", "EC", "OC"),
        sumKib(gc, "MU"),
        Math.round(gc.getOrDefault("YGC", -1.0)),
        Math.round(gc.getOrDefault("FGC", -1.0)),
        gc.getOrDefault("GCT", -1.0),
        io.getOrDefault("rchar", -1L),
        io.getOrDefault("wchar", -1L),
        io.getOrDefault("write_bytes", -1L));
  }

  private String read(String file) throws IOException {
    return Files.readString(Path.of("/proc", Long.toString(pid), file), StandardCharsets.US_ASCII);
  }

  /** {@code Name: 123 kB} lines as name → 123 (lines whose value is not a number are left out). */
  private static Map<String, Long> fields(String text) {
    Map<String, Long> out = new HashMap<>();
    for (String line : text.split("\n")) {
      int at = line.indexOf(':');
      if (at > 0) {
        String[] value = line.substring(at + 1).trim().split("\\s+");
        if (value.length > 0 && value[0].matches("[0-9]+")) {
          out.put(line.substring(0, at).trim(), Long.parseLong(value[0]));
        }
      }
    }
    return out;
  }

  /** {@code jstat -gc <pid>}: a header line and a line of values (capacities and usage in KiB). */
  private Map<String, Double> jstatGc() throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(jstat.toString(), "-gc", Long.toString(pid))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(JSTAT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("jstat -gc " + pid + " failed: " + out.trim());
    }
    List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
    String[] names = lines.get(0).trim().split("\\s+");
    String[] values = lines.get(1).trim().split("\\s+");
    Map<String, Double> gc = new HashMap<>();
    for (int i = 0; i < Math.min(names.length, values.length); i++) {
      if (!values[i].equals("-")) {
        gc.put(names[i], Double.parseDouble(values[i]));
      }
    }
    return gc;
  }

  private static long sumKib(Map<String, Double> gc, String... names) {
    double sum = 0;
    for (String n : names) {
      sum += gc.getOrDefault(n, 0.0);
    }
    return Math.round(sum);
  }

  /** {@code getconf CLK_TCK}: the unit of the CPU times in {@code /proc/<pid>/stat}. */
  private static long clockTicksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      return p.waitFor() == 0 ? Long.parseLong(out) : 100;
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
