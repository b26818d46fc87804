package org.peerprobe.bench.p2p;

import static org.peerprobe.bench.p2p.Summary.fmt;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.host.HostConfig;
import org.peerprobe.p2p.host.NettyHost;
import org.peerprobe.p2p.testing.BulkTransfer;
import org.peerprobe.p2p.testing.JavaPeer;
import org.peerprobe.p2p.testing.JsPeer;

/**
 * Bytes per second of one Noise+yamux stream on loopback: two {@link NettyHost}s (one event-loop
 * thread each) next to two js-libp2p peers ({@code p2p/src/test/js/peer.mjs}, one Node.js process
 * each) transferring the same amount with the same protocol ({@link BulkTransfer}), plus Java→js
 * and js→Java over one connection between the stacks. Every round runs each case once, the order
 * rotating per round, so all cases see the same machine load; warm-up rounds are not reported.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.peerprobe.bench.p2p.StreamThroughputBenchmark \
 *     [--mib 64] [--chunk 65536] [--warmup 2] [--rounds 5] [--cases java-java,js-js,java-js,js-java]
 * </pre>
 *
 * <p>Needs {@code node} (>= 20.19) and {@code p2p/src/test/js/node_modules} for the js cases; run
 * from the repository root (or set {@code -Dpeerprobe.jsFixtureDir}).
 */
public final class StreamThroughputBenchmark {
  private static final Duration SETUP = Duration.ofSeconds(30);
  private static final List<String> ALL_CASES = List.of("java-java", "js-js", "java-js", "js-java");

  private final long bytes;
  private final int chunk;
  private final Duration transferTimeout;
  private final List<EventLoopGroup> groups = new ArrayList<>();
  private final List<NettyHost> hosts = new ArrayList<>();
  private final List<JsPeer> jsPeers = new ArrayList<>();
  private NettyHost javaA;
  private NettyHost javaB;
  private JsPeer jsA;
  private JsPeer jsB;

  /** JVM CPU time per MiB of the last Java transfer (both ends when Java to Java). */
  private double lastCpuMsPerMib;

  private StreamThroughputBenchmark(long bytes, int chunk) {
    this.bytes = bytes;
    this.chunk = chunk;
    // Generous: a transfer slower than 1 MiB/s means something is broken, not slow.
    this.transferTimeout = Duration.ofSeconds(Math.max(30, bytes / (1024 * 1024)));
  }

  public static void main(String[] args) throws Exception {
    Options o = new Options(args, Set.of("mib", "chunk", "warmup", "rounds", "cases"));
    long bytes = (long) o.intValue("mib", 64) * 1024 * 1024;
    int chunk = o.intValue("chunk", BulkTransfer.DEFAULT_CHUNK);
    int warmup = o.intValue("warmup", 2);
    int rounds = o.intValue("rounds", 5);
    List<String> cases = List.of(o.string("cases", String.join(",", ALL_CASES)).split(","));
    if (!ALL_CASES.containsAll(cases)) {
      throw new IllegalArgumentException("--cases: choose from " + ALL_CASES);
    }
    System.out.println(
        fmt(
            "stream throughput: %d MiB per transfer in %d-byte writes, %d warm-up + %d rounds,"
                + " cases %s; load average at start %s",
            bytes >> 20, chunk, warmup, rounds, cases, Summary.loadAverage()));
    StreamThroughputBenchmark b = new StreamThroughputBenchmark(bytes, chunk);
    try {
      b.setUp(cases);
      Map<String, List<Double>> results = new LinkedHashMap<>();
      cases.forEach(c -> results.put(c, new ArrayList<>()));
      List<Double> javaCpu = new ArrayList<>();
      for (int r = 0; r < warmup + rounds; r++) {
        boolean measured = r >= warmup;
        StringBuilder line = new StringBuilder(measured ? "round " + (r - warmup + 1) : "warm-up");
        for (int i = 0; i < cases.size(); i++) {
          String c = cases.get((i + r) % cases.size());
          double mibs = b.transfer(c);
          line.append(fmt("  %s %.1f", c, mibs));
          if (measured) {
            results.get(c).add(mibs);
            if (c.equals("java-java")) {
              javaCpu.add(b.lastCpuMsPerMib);
            }
          }
        }
        System.out.println(line.append(" MiB/s"));
      }
      System.out.println(fmt("load average at end %s", Summary.loadAverage()));
      results.forEach(
          (c, s) -> System.out.println(fmt("%-9s MiB/s: %s", c, Summary.spread(s, "%.1f"))));
      if (!javaCpu.isEmpty()) {
        System.out.println(
            fmt("java-java JVM CPU ms per MiB (both ends): %s", Summary.spread(javaCpu, "%.2f")));
      }
    } finally {
      b.tearDown();
    }
  }

  private void setUp(List<String> cases) {
    boolean java = cases.contains("java-java") || cases.contains("java-js");
    boolean js = cases.stream().anyMatch(c -> c.contains("js"));
    if (java || cases.contains("js-java")) {
      javaA = host(1);
      javaB = host(2);
      Multiaddr b = JavaPeer.await(javaB.listen(loopback()), SETUP);
      JavaPeer.await(javaA.dial(b), SETUP);
    }
    if (js) {
      jsPeers.addAll(JsPeer.startAll(jsBuilder("js-a"), jsBuilder("js-b")));
      jsA = jsPeers.get(0);
      jsB = jsPeers.get(1);
      jsA.dial(jsB.listenAddr());
      if (cases.contains("java-js") || cases.contains("js-java")) {
        JavaPeer.await(javaA.dial(Multiaddr.parse(jsA.listenAddr())), SETUP);
      }
    }
  }

  private NettyHost host(int n) {
    // One event-loop thread per host, as one Node.js thread per js peer.
    EventLoopGroup group = new NioEventLoopGroup(1);
    groups.add(group);
    NettyHost h = new NettyHost(HostConfig.builder(JavaPeer.key(n)).build(), group);
    BulkTransfer.serve(h);
    hosts.add(h);
    return h;
  }

  private static JsPeer.Builder jsBuilder(String name) {
    return JsPeer.builder()
        .name(name)
        .connectionMonitor(false)
        .maxLifetime(Duration.ofHours(1))
        .startTimeout(SETUP);
  }

  private static Multiaddr loopback() {
    return Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
  }

  /** One transfer of the given case; returns MiB/s as measured by the sending side. */
  private double transfer(String c) {
    return switch (c) {
      case "java-java" -> javaSend(javaA, javaB.peerId());
      case "java-js" -> javaSend(javaA, PeerId.parse(jsA.peerId()));
      case "js-js" -> jsSend(jsA, jsB.peerId());
      case "js-java" -> jsSend(jsA, javaA.peerId().toString());
      default -> throw new IllegalArgumentException(c);
    };
  }

  private double javaSend(NettyHost from, PeerId to) {
    long cpu = Summary.processCpuNanos();
    double mibs =
        JavaPeer.await(BulkTransfer.send(from, to, bytes, chunk), transferTimeout).mibPerSecond();
    lastCpuMsPerMib = (Summary.processCpuNanos() - cpu) / 1e6 / (bytes / (1024.0 * 1024.0));
    return mibs;
  }

  private double jsSend(JsPeer from, String toPeerId) {
    JsonNode reply =
        from.request(
            JsPeer.command("sendBytes")
                .put("peerId", toPeerId)
                .put("bytes", bytes)
                .put("chunk", chunk),
            transferTimeout);
    double ms = reply.path("elapsedMs").asDouble();
    if (reply.path("bytes").asLong() != bytes || !(ms > 0)) {
      throw new IllegalStateException("unexpected sendBytes reply " + reply);
    }
    return bytes / (1024.0 * 1024.0) / (ms / 1000.0);
  }

  private void tearDown() {
    jsPeers.forEach(JsPeer::stop);
    for (NettyHost h : hosts) {
      try {
        JavaPeer.await(h.stop(), Duration.ofSeconds(10));
      } catch (AssertionError e) {
        System.err.println("host did not stop: " + e.getMessage());
      }
    }
    for (EventLoopGroup g : groups) {
      g.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
  }
}
