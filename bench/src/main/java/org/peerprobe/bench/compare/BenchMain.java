package org.peerprobe.bench.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.peerprobe.bench.failover.TimeToFailover;

/**
 * Runs every {@link Measurement}, prints the table and rewrites the section of {@code
 * docs/benchmarks.md} between {@link #BEGIN} and {@link #END}.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.peerprobe.bench.compare.BenchMain
 * [--quick] [--seed N] [--only name,name] [--docs path|--no-docs] [--in-process]}. Each measurement
 * runs in a JVM of its own ({@link ForkedRun}) unless {@code --in-process}.
 */
public final class BenchMain {
  static final String BEGIN = "<!-- bench:begin -->";
  static final String END = "<!-- bench:end -->";

  /** The parts of the comparison, in table order. */
  static List<Measurement> measurements() {
    return List.of(
        new TimeToFailover(),
        new org.peerprobe.bench.sim.FalseFailovers(),
        new org.peerprobe.bench.sim.Scale(),
        new org.peerprobe.bench.p2p.P2pDeliveryMeasurement(),
        new org.peerprobe.bench.node.FootprintMeasurement());
  }

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    long seed = BenchOptions.DEFAULT_SEED;
    Set<String> only = Set.of();
    Path docs = Path.of("docs/benchmarks.md");
    boolean inProcess = false;
    String child = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--in-process" -> inProcess = true;
        case "--child" -> child = args[++i];
        case "--quick" -> quick = true;
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--only" -> only = Set.of(args[++i].split(","));
        case "--docs" -> docs = Path.of(args[++i]);
        case "--no-docs" -> docs = null;
        default -> {
          System.err.println("bench: unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    BenchOptions options = new BenchOptions(quick, seed, System.err);
    if (child != null) {
      String name = child;
      ForkedRun.child(
          measurements().stream()
              .filter(m -> m.name().equals(name))
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException("bench: no measurement " + name)),
          options,
          System.out);
      System.exit(0); // a measurement may leave non-daemon threads behind
    }
    Instant start = Instant.now();
    List<Row> rows = new ArrayList<>();
    for (Measurement m : measurements()) {
      if (!only.isEmpty() && !only.contains(m.name())) {
        continue;
      }
      options.log().println("bench: " + m.name() + "...");
      Instant t = Instant.now();
      rows.addAll(inProcess ? m.run(options) : ForkedRun.run(m.name(), options));
      options
          .log()
          .println(
              "bench: "
                  + m.name()
                  + " took "
                  + Duration.between(t, Instant.now()).toSeconds()
                  + " s");
    }
    String report =
        "Run "
            + (quick ? "`--quick`" : "full")
            + " on "
            + Machine.describe()
            + ", seed "
            + seed
            + ", "
            + Duration.between(start, Instant.now()).toSeconds()
            + " s.\n\n"
            + BenchTable.markdown(rows);
    System.out.println(report);
    if (docs != null) {
      rewrite(docs, report);
    }
  }

  /** Replaces the marked section of {@code docs} with {@code report} (appends it when missing). */
  static void rewrite(Path docs, String report) throws IOException {
    String text = Files.exists(docs) ? Files.readString(docs, StandardCharsets.UTF_8) : "";
    String section = BEGIN + "\n" + report + END;
    int b = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    String out =
        b >= 0 && e > b
            ? text.substring(0, b) + section + text.substring(e + END.length())
            : text + "\n## Comparison (`./peerprobe bench`)\n\n" + section + "\n";
    Files.writeString(docs, out, StandardCharsets.UTF_8);
  }
}
