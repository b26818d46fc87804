package org.peerprobe.bench.node;

import static org.peerprobe.bench.node.FootprintSummary.fmt;

import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.peerprobe.bench.p2p.Options;
import org.peerprobe.node.demo.LocalFront;
import org.peerprobe.node.store.StoreConfig;
import org.peerprobe.node.testing.LocalNetworkFiles;

/**
 * The footprint of one volunteer node (issue 4): the node runs as a volunteer runs it, {@code java
 * -Xmx64m -jar cli/target/peerprobe.jar node --config node.yaml}, probing {@code fronts} real HTTP
 * fronts on 127.0.0.1 (served by this process) every {@code interval}, with {@code peers} more
 * nodes in their own JVMs so that reports and certificates gossip both ways. Every {@code sample}
 * it reads the node's RSS, CPU time, heap and GC counters from outside ({@link ProcessSampler});
 * after {@code duration} it stops every node with SIGTERM, reads what the measured node stored and
 * prints the {@link FootprintSummary}. Exits 2 if a node dies, 3 if no reports flowed.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.peerprobe.bench.node.FootprintBenchmark \
 *     [--duration 10m] [--sample 5s] [--warmup 1m] [--fronts 5] [--interval 10s] [--peers 2] \
 *     [--heap 64m] [--jar cli/target/peerprobe.jar] [--dir DIR]
 * </pre>
 */
public final class FootprintBenchmark {
  private final List<NodeProcess> nodes = new ArrayList<>();

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
    int code =
        new FootprintBenchmark()
            .run(
                jar,
                dir,
                o.intValue("fronts", 5),
                (int) o.duration("interval", Duration.ofSeconds(10)).toSeconds(),
                o.intValue("peers", 2),
                o.string("heap", "64m"),
                o.duration("duration", Duration.ofMinutes(10)),
                o.duration("sample", Duration.ofSeconds(5)),
                o.duration("warmup", Duration.ofMinutes(1)));
    System.exit(code);
  }

  private int run(
      Path jar,
      Path dir,
      int frontCount,
      int intervalSeconds,
      int peers,
      String heap,
      Duration duration,
      Duration every,
      Duration warmup)
      throws Exception {
    NioEventLoopGroup frontLoop = new NioEventLoopGroup(1);
    List<LocalFront> fronts = new ArrayList<>();
    Map<String, String> urls = new LinkedHashMap<>();
    for (int i = 1; i <= frontCount; i++) {
      LocalFront f = LocalFront.start("front-" + i, frontLoop);
      fronts.add(f);
      urls.put(f.name(), "http://localhost:" + f.port() + "/");
    }
    LocalNetworkFiles net = LocalNetworkFiles.write(dir, 1 + peers, intervalSeconds, urls);
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "footprint-stop"));
    System.out.println(
        fmt(
            "footprint: 1 node (-Xmx%s, java -jar %s) + %d peer(s), %d front(s) every %d s, for %s,"
                + " sampled every %s; files in %s; load average at start %s",
            heap, jar, peers, frontCount, intervalSeconds, duration, every, dir, loadAverage()));

    for (int i = 1; i <= peers; i++) {
      nodes.add(
          NodeProcess.start(
              "peer-" + i, jar, net.node(i).config(), List.of("-Xmx128m", "-XX:+UseSerialGC")));
    }
    long launched = System.nanoTime();
    NodeProcess measured =
        NodeProcess.start(
            "measured",
            jar,
            net.node(0).config(),
            List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError"));
    nodes.add(measured);
    ProcessSampler sampler = new ProcessSampler(measured.pid(), launched);

    List<ProcessSampler.Sample> samples = new ArrayList<>();
    long end = launched + duration.toNanos();
    for (long next = launched + every.toNanos(); next <= end; next += every.toNanos()) {
      TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
      for (NodeProcess n : nodes) {
        if (!n.isAlive()) {
          System.out.println(
              fmt(
                  "%s died (exit %d); its last output:%n%s",
                  n.name(), n.exitValue(), n.logTail(30)));
          return 2;
        }
      }
      samples.add(sampler.sample());
    }
    stopAll();
    frontLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();

    long requests = fronts.stream().mapToLong(LocalFront::requests).sum();
    Stored stored = stored(net.node(0).dataDir());
    FootprintSummary summary = new FootprintSummary(samples, warmup);
    System.out.println(summary.render());
    System.out.println(
        fmt(
            "flow: the fronts answered %d requests; the measured node stored %d own and %d received"
                + " reports and %d certificates; load average at end %s",
            requests,
            stored.ownReports(),
            stored.receivedReports(),
            stored.certificates(),
            loadAverage()));
    if (stored.ownReports() == 0 || (peers > 0 && stored.receivedReports() == 0)) {
      System.out.println("no reports flowed: see node.log in " + dir);
      return 3;
    }
    return 0;
  }

  private void stopAll() {
    for (NodeProcess n : nodes) {
      try {
        n.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** What the measured node keeps in its store. */
  private record Stored(long ownReports, long receivedReports, long certificates) {}

  private static Stored stored(Path dataDir) throws SQLException {
    Path db = dataDir.resolve(StoreConfig.FILE_NAME);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      return new Stored(
          count(s, "SELECT count(*) FROM reports WHERE own = 1"),
          count(s, "SELECT count(*) FROM reports WHERE own = 0"),
          count(s, "SELECT count(*) FROM certificates"));
    }
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }
}
