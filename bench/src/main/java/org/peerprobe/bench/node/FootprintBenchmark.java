package org.peerprobe.bench.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.peerprobe.bench.p2p.Options;

/**
 * The footprint of one volunteer node (issue 4): the node runs as a volunteer runs it, {@code java
 * -Xmx64m -jar cli/target/peerprobe.jar node --config node.yaml}, probing {@code fronts} real HTTP
 * fronts on 127.0.0.1 (served by this process) every {@code interval}, with {@code peers} more
 * nodes in their own JVMs so that reports and certificates gossip both ways. Every {@code sample}
 * it reads the node's RSS, CPU time, heap and GC counters from outside ({@link ProcessSampler});
 * after {@code duration} it stops every node with SIGTERM, reads what the measured node stored and
 * prints the {@link FootprintSummary} and its gossip bytes per round ({@link NodeTraffic}). Exits 2
 * if a node dies, 3 if no reports flowed. The comparison's {@link FootprintMeasurement} runs the
 * same {@link FootprintRun}.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.peerprobe.bench.node.FootprintBenchmark \
 *     [--duration 10m] [--sample 5s] [--warmup 1m] [--fronts 5] [--interval 10s] [--peers 2] \
 *     [--heap 64m] [--jar cli/target/peerprobe.jar] [--dir DIR]
 * </pre>
 */
public final class FootprintBenchmark {
  private FootprintBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options o =
        new Options(
            args,
            Set.of(
                "duration",
                "sample",
                "warmup",
                "fronts",
                "interval",
                "peers",
                "heap",
                "jar",
                "dir"));
    Path jar = Path.of(o.string("jar", "cli/target/peerprobe.jar"));
    if (!Files.isRegularFile(jar)) {
      System.err.println(
          jar + " is missing: build it with ./mvnw -B -q package -DskipTests -pl bench,cli -am");
      System.exit(1);
    }
    Path dir =
        o.string("dir", "").isEmpty()
            ? Files.createTempDirectory("peerprobe-footprint")
            : Files.createDirectories(Path.of(o.string("dir", "")));
    FootprintRun.Outcome outcome =
        new FootprintRun()
            .run(
                new FootprintRun.Settings(
                    jar,
                    dir,
                    o.intValue("fronts", 5),
                    (int) o.duration("interval", Duration.ofSeconds(10)).toSeconds(),
                    o.intValue("peers", 2),
                    o.string("heap", "64m"),
                    o.duration("duration", Duration.ofMinutes(10)),
                    o.duration("sample", Duration.ofSeconds(5)),
                    o.duration("warmup", Duration.ofMinutes(1))),
                System.out);
    outcome.failure().ifPresent(System.out::println);
    System.exit(outcome.exitCode());
  }
}
