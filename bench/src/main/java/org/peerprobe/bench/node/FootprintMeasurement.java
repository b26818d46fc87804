package org.peerprobe.bench.node;

import static org.peerprobe.bench.node.FootprintSummary.fmt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.peerprobe.bench.compare.BenchOptions;
import org.peerprobe.bench.compare.Measurement;
import org.peerprobe.bench.compare.Row;

/**
 * Issue 7, footprint of one volunteer node: {@link FootprintRun} with the volunteer's settings (5
 * fronts every 10 s, {@code -Xmx64m}, 2 more nodes to gossip with) for 10 minutes, or for {@link
 * #QUICK_DURATION} in a quick run, whose short warm-up leaves JIT compilation in the CPU share.
 * Needs {@code cli/target/peerprobe.jar} (the run is from the repository root).
 */
public final class FootprintMeasurement implements Measurement {
  static final Path JAR = Path.of("cli/target/peerprobe.jar");
  static final int FRONTS = 5;
  static final int INTERVAL_SECONDS = 10;
  static final int PEERS = 2;
  static final Duration FULL_DURATION = Duration.ofMinutes(10);
  static final Duration FULL_WARMUP = Duration.ofMinutes(1);
  static final Duration QUICK_DURATION = Duration.ofSeconds(65);
  static final Duration QUICK_WARMUP = Duration.ofSeconds(25);
  static final Duration SAMPLE = Duration.ofSeconds(5);

  private static final String SECTION = "footprint of one volunteer node";

  @Override
  public String name() {
    return "footprint";
  }

  @Override
  public List<Row> run(BenchOptions options) throws Exception {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          JAR + " is missing: build it with ./mvnw -B -q package -DskipTests -pl bench,cli -am");
    }
    Duration duration = options.quick() ? QUICK_DURATION : FULL_DURATION;
    Duration warmup = options.quick() ? QUICK_WARMUP : FULL_WARMUP;
    Path dir = Files.createTempDirectory("peerprobe-footprint");
    FootprintRun.Outcome o =
        new FootprintRun()
            .run(
                new FootprintRun.Settings(
                    JAR, dir, FRONTS, INTERVAL_SECONDS, PEERS, "64m", duration, SAMPLE, warmup),
                options.log());
    String scenario =
        fmt(
            "java -Xmx64m -jar peerprobe.jar node, %d fronts every %d s, %d peers; %s, steady"
                + " state from %s",
            FRONTS, INTERVAL_SECONDS, PEERS, human(duration), human(warmup));
    if (o.summary() == null || o.failure().isPresent()) {
      String why = o.failure().orElse("no samples").lines().findFirst().orElse("");
      return List.of(
          Row.of(SECTION, scenario, "run failed: " + why).target("a run that completes", false));
    }
    FootprintSummary s = o.summary();
    List<Row> rows = new ArrayList<>();
    rows.add(
        Row.of(
                SECTION + ": heap used",
                scenario,
                fmt("max %s (p50 %s)", mib(s.maxHeapUsedKib()), mib(s.medianHeapUsedKib())))
            .target("≤ 64 MiB", s.maxHeapUsedKib() <= FootprintSummary.HEAP_TARGET_KIB));
    rows.add(
        Row.of(
            SECTION + ": RSS",
            "same run",
            fmt("p50 %s (max %s)", mib(s.medianRssKib()), mib(s.maxRssKib()))));
    rows.add(
        Row.of(
                SECTION + ": CPU",
                "same run, steady state",
                fmt(
                    "%.2f %% of one core (whole run incl. start-up %.2f %%)",
                    100 * s.cpuShareSteady(), 100 * s.cpuShareWholeRun()))
            .target("≤ 2 % of one core", s.cpuShareSteady() <= FootprintSummary.CPU_TARGET_SHARE));
    rows.add(
        Row.of(
            SECTION + ": p2p bytes per round",
            "same run, steady state, from the node's peerprobe_p2p_bytes_total",
            o.traffic()
                .map(
                    t ->
                        fmt(
                            "%.1f KiB sent, %.1f KiB received (over %.0f rounds)",
                            t.sent() / 1024, t.received() / 1024, t.rounds()))
                .orElse("not read (see the log)")));
    return rows;
  }

  private static String mib(long kib) {
    return fmt("%.1f MiB", kib / 1024.0);
  }

  private static String human(Duration d) {
    return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }
}
