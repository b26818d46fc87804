package org.peerprobe.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.peerprobe.node.service.NodeEvent;
import org.peerprobe.node.signer.ProviderOutcome;
import org.peerprobe.node.signer.Reconciler;
import org.peerprobe.p2p.host.TrafficCounter;

/**
 * The node's Prometheus metrics ({@code docs/feed.md}, names under {@code peerprobe_}): rounds,
 * observations accepted and rejected by reason, time from round start to verdict, peers and mesh
 * size, bytes on the wire of the gossip host, provider write latency and failures, and the
 * reconciliation backlog.
 *
 * <p>Thread-safe: events arrive on the node's thread, provider outcomes on the signer's, and
 * scrapes on the feed's; Micrometer's meters are safe for that, and the gauges read atomics.
 */
public final class NodeMetrics implements Consumer<NodeEvent> {
  /** Reasons are an enum name at the start of a rejection ("BAD_SIGNATURE: …") or OTHER. */
  private static final Pattern REASON = Pattern.compile("^([A-Z][A-Z_]{2,40}):");

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final long intervalMs;
  private final Counter rounds;
  private final Counter accepted;
  private final Timer verdictLatency;
  private final AtomicInteger peers = new AtomicInteger();
  private final AtomicInteger mesh = new AtomicInteger();
  private final Map<String, Boolean> converged = new ConcurrentHashMap<>();
  private final Map<String, Long> firstCertified = new ConcurrentHashMap<>();

  public NodeMetrics(Duration interval) {
    this.intervalMs = interval.toMillis();
    rounds =
        Counter.builder("peerprobe.rounds")
            .description("Rounds this node reported")
            .register(registry);
    accepted =
        Counter.builder("peerprobe.observations")
            .tag("result", "accepted")
            .tag("reason", "none")
            .description("Signed reports received, by result")
            .register(registry);
    verdictLatency =
        Timer.builder("peerprobe.verdict.latency")
            .description("From a round's start to its first certified verdict, per front")
            .publishPercentiles(0.5, 0.95, 0.99)
            .register(registry);
    Gauge.builder("peerprobe.peers", peers, AtomicInteger::get)
        .description("Connected gossip peers")
        .register(registry);
    Gauge.builder("peerprobe.mesh.size", mesh, AtomicInteger::get)
        .description("Peers in the reports topic's mesh")
        .register(registry);
    Gauge.builder(
            "peerprobe.reconcile.backlog",
            converged,
            m -> m.values().stream().filter(c -> !c).count())
        .description("DNS providers not holding their router's latest target")
        .register(registry);
  }

  @Override
  public void accept(NodeEvent e) {
    if (e instanceof NodeEvent.Reported) {
      rounds.increment();
    } else if (e instanceof NodeEvent.Accepted) {
      accepted.increment();
    } else if (e instanceof NodeEvent.Rejected r) {
      rejected(r.topic(), r.reason());
    } else if (e instanceof NodeEvent.Certified c) {
      certified(c);
    }
  }

  private void rejected(String topic, String reason) {
    Matcher m = REASON.matcher(reason);
    String why = m.find() ? m.group(1) : "OTHER";
    String kind = topicKind(topic);
    Counter c =
        kind.equals("reports")
            ? Counter.builder("peerprobe.observations")
                .tag("result", "rejected")
                .tag("reason", why)
                .description("Signed reports received, by result")
                .register(registry)
            : Counter.builder("peerprobe.rejected.messages")
                .tag("topic", kind)
                .tag("reason", why)
                .description("Gossip messages other than reports rejected, by topic and reason")
                .register(registry);
    c.increment();
  }

  /** {@code /peerprobe/<network>/reports/1} → {@code reports}. */
  static String topicKind(String topic) {
    String[] parts = topic.split("/");
    return parts.length >= 2 ? parts[parts.length - 2] : "unknown";
  }

  private void certified(NodeEvent.Certified c) {
    String key = c.front() + "@" + c.round();
    if (firstCertified.putIfAbsent(key, c.round()) == null) {
      firstCertified.values().removeIf(r -> r < c.round() - 8);
      long latency = c.ts() - c.round() * intervalMs;
      if (latency >= 0) {
        verdictLatency.record(Duration.ofMillis(latency));
      }
    }
  }

  /** Told about every write attempt of the signer. */
  public Consumer<Reconciler.Applied> providers() {
    return a -> {
      String provider = a.outcome().provider();
      converged.put(a.target().router() + "/" + provider, a.outcome().converged());
      if (a.outcome() instanceof ProviderOutcome.Applied applied) {
        Timer.builder("peerprobe.provider.write")
            .tag("provider", provider)
            .description("DNS provider write and read-back time")
            .register(registry)
            .record(applied.took());
      } else if (a.outcome() instanceof ProviderOutcome.Failed) {
        Counter.builder("peerprobe.provider.failures")
            .tag("provider", provider)
            .description("Failed DNS provider writes")
            .register(registry)
            .increment();
      }
    };
  }

  /** Sampled on the gossip router's thread. */
  public void gossip(int connectedPeers, int meshSize) {
    peers.set(connectedPeers);
    mesh.set(meshSize);
  }

  /**
   * Exposes the gossip host's bytes on the wire (handshakes and encryption included) as {@code
   * peerprobe_p2p_bytes_total{direction="sent"|"received"}}, read at each scrape.
   */
  public void p2pTraffic(TrafficCounter traffic) {
    FunctionCounter.builder("peerprobe.p2p.bytes", traffic, TrafficCounter::bytesSent)
        .tag("direction", "sent")
        .description("Bytes the gossip host wrote to its connections' sockets")
        .register(registry);
    FunctionCounter.builder("peerprobe.p2p.bytes", traffic, TrafficCounter::bytesReceived)
        .tag("direction", "received")
        .description("Bytes the gossip host read from its connections' sockets")
        .register(registry);
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}
