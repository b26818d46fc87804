package org.peerprobe.bench.node;

import static org.peerprobe.bench.node.FootprintSummary.fmt;

import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.peerprobe.node.demo.LocalFront;
import org.peerprobe.node.store.StoreConfig;
import org.peerprobe.node.testing.LocalNetworkFiles;

/**
 * One footprint run (see {@link FootprintBenchmark}): the fronts, the nodes' files, {@code peers}
 * unmeasured nodes and the measured one, sampled every {@code sample} for {@code duration}; its
 * gossip traffic is read from its feed's {@code /metrics} ({@link NodeTraffic}) at the first sample
 * of the steady state and at the last. Every node is stopped before {@link #run} returns.
 */
final class FootprintRun {
  /** How one run goes; {@code jar} is {@code cli/target/peerprobe.jar}. */
  record Settings(
      Path jar,
      Path dir,
      int fronts,
      int intervalSeconds,
      int peers,
      String heap,
      Duration duration,
      Duration sample,
      Duration warmup) {}

  /** What the measured node keeps in its store. */
  record Stored(long ownReports, long receivedReports, long certificates) {}

  /**
   * @param failure why the run is not to be trusted (a node died, no reports flowed), if so
   * @param traffic the measured node's gossip bytes per round in steady state, when its feed was
   *     read twice
   */
  record Outcome(
      Optional<String> failure,
      int exitCode,
      FootprintSummary summary,
      long requests,
      Stored stored,
      Optional<NodeTraffic.PerRound> traffic) {}

  private final List<NodeProcess> nodes = new ArrayList<>();

  Outcome run(Settings s, PrintStream out) throws Exception {
    Thread stopper = new Thread(this::stopAll, "footprint-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    NioEventLoopGroup frontLoop = new NioEventLoopGroup(1);
    try {
      return run(s, out, frontLoop);
    } finally {
      stopAll();
      frontLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      Runtime.getRuntime().removeShutdownHook(stopper);
    }
  }

  private Outcome run(Settings s, PrintStream out, NioEventLoopGroup frontLoop) throws Exception {
    List<LocalFront> fronts = new ArrayList<>();
    Map<String, String> urls = new LinkedHashMap<>();
    for (int i = 1; i <= s.fronts(); i++) {
      LocalFront f = LocalFront.start("front-" + i, frontLoop);
      fronts.add(f);
      urls.put(f.name(), "http://localhost:" + f.port() + "/");
    }
    LocalNetworkFiles net =
        LocalNetworkFiles.write(s.dir(), 1 + s.peers(), s.intervalSeconds(), urls);
    out.println(
        fmt(
            "footprint: 1 node (-Xmx%s, java -jar %s) + %d peer(s), %d front(s) every %d s, for %s,"
                + " sampled every %s; files in %s; load average at start %s",
            s.heap(),
            s.jar(),
            s.peers(),
            s.fronts(),
            s.intervalSeconds(),
            s.duration(),
            s.sample(),
            s.dir(),
            loadAverage()));
    for (int i = 1; i <= s.peers(); i++) {
      nodes.add(
          NodeProcess.start(
              "peer-" + i, s.jar(), net.node(i).config(), List.of("-Xmx128m", "-XX:+UseSerialGC")));
    }
    long launched = System.nanoTime();
    NodeProcess measured =
        NodeProcess.start(
            "measured",
            s.jar(),
            net.node(0).config(),
            List.of("-Xmx" + s.heap(), "-XX:+ExitOnOutOfMemoryError"));
    nodes.add(measured);
    ProcessSampler sampler = new ProcessSampler(measured.pid(), launched);
    NodeTraffic traffic = new NodeTraffic(measured, launched);

    List<ProcessSampler.Sample> samples = new ArrayList<>();
    long end = launched + s.duration().toNanos();
    long every = s.sample().toNanos();
    for (long next = launched + every; next <= end; next += every) {
      TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
      for (NodeProcess n : nodes) {
        if (!n.isAlive()) {
          String why =
              fmt(
                  "%s died (exit %d); its last output:%n%s",
                  n.name(), n.exitValue(), n.logTail(30));
          return failed(why, 2, samples, s, fronts);
        }
      }
      ProcessSampler.Sample sample = sampler.sample();
      samples.add(sample);
      // Twice only, so that serving /metrics adds next to nothing to the CPU measured.
      boolean lastSample = next + every > end;
      if (lastSample || (!traffic.started() && sample.elapsedNanos() >= s.warmup().toNanos())) {
        traffic.read(out);
      }
    }
    Optional<NodeTraffic.PerRound> perRound = traffic.perRound(s.intervalSeconds());
    stopAll();
    long requests = fronts.stream().mapToLong(LocalFront::requests).sum();
    Stored stored = stored(net.node(0).dataDir());
    FootprintSummary summary = new FootprintSummary(samples, s.warmup());
    out.println(summary.render());
    perRound.ifPresent(t -> out.println(t.render()));
    out.println(
        fmt(
            "flow: the fronts answered %d requests; the measured node stored %d own and %d received"
                + " reports and %d certificates; load average at end %s",
            requests,
            stored.ownReports(),
            stored.receivedReports(),
            stored.certificates(),
            loadAverage()));
    Optional<String> failure =
        stored.ownReports() == 0 || (s.peers() > 0 && stored.receivedReports() == 0)
            ? Optional.of("no reports flowed: see node.log in " + s.dir())
            : Optional.empty();
    return new Outcome(failure, failure.isPresent() ? 3 : 0, summary, requests, stored, perRound);
  }

  private Outcome failed(
      String why,
      int code,
      List<ProcessSampler.Sample> samples,
      Settings s,
      List<LocalFront> fronts) {
    return new Outcome(
        Optional.of(why),
        code,
        samples.isEmpty() ? null : new FootprintSummary(samples, s.warmup()),
        fronts.stream().mapToLong(LocalFront::requests).sum(),
        new Stored(0, 0, 0),
        Optional.empty());
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

  private static Stored stored(Path dataDir) throws SQLException {
    Path db = dataDir.resolve(StoreConfig.FILE_NAME);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      return new Stored(
          count(st, "SELECT count(*) FROM reports WHERE own = 1"),
          count(st, "SELECT count(*) FROM reports WHERE own = 0"),
          count(st, "SELECT count(*) FROM certificates"));
    }
  }

  private static long count(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }
}
