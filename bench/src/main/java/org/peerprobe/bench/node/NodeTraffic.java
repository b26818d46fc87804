package org.peerprobe.bench.node;

import static org.peerprobe.bench.node.FootprintSummary.fmt;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The measured node's gossip traffic, as its own feed counts it: {@code
 * peerprobe_p2p_bytes_total{direction}} on {@code /metrics} (bytes on the wire of its p2p host,
 * handshakes and encryption included; not the feed's or the probes' traffic). The feed's address is
 * read from the node's log ({@code health feed on http://…/}), since the node binds port 0. The
 * first successful read is the baseline; every later one the latest.
 */
final class NodeTraffic {
  private static final Pattern FEED = Pattern.compile("health feed on (http://[^/\\s]+)/");
  private static final Pattern BYTES =
      Pattern.compile(
          "^peerprobe_p2p_bytes_total\\{direction=\"(sent|received)\",?\\} ([0-9.eE+]+)$",
          Pattern.MULTILINE);
  private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(5);

  /** One reading: bytes so far, and when (nanoseconds since the node's launch). */
  private record Reading(long sent, long received, long elapsedNanos) {}

  /** Steady-state bytes per round, over {@code rounds} rounds. */
  record PerRound(double sent, double received, double rounds) {
    String render() {
      return fmt(
          "gossip traffic, steady, per round (from the node's /metrics): %.1f KiB sent, %.1f KiB"
              + " received, over %.1f rounds",
          sent / 1024, received / 1024, rounds);
    }
  }

  private final NodeProcess node;
  private final long launched;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(SCRAPE_TIMEOUT).build();
  private Reading first;
  private Reading latest;

  NodeTraffic(NodeProcess node, long launchedNanos) {
    this.node = node;
    this.launched = launchedNanos;
  }

  /** Whether a first reading was taken. */
  boolean started() {
    return first != null;
  }

  /** Reads the counters now; a failure is reported on {@code out} and leaves the readings. */
  void read(PrintStream out) throws InterruptedException {
    Optional<String> feed =
        node.logLines().map(FEED::matcher).filter(Matcher::find).findFirst().map(m -> m.group(1));
    if (feed.isEmpty()) {
      out.println("footprint: the node's log does not name its feed yet");
      return;
    }
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(feed.get() + "/metrics"))
                  .timeout(SCRAPE_TIMEOUT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long elapsed = System.nanoTime() - launched;
      Reading reading = parse(r.body(), elapsed).orElse(null);
      if (r.statusCode() != 200 || reading == null) {
        out.println("footprint: no p2p byte counters on " + feed.get() + "/metrics");
        return;
      }
      if (first == null) {
        first = reading;
      }
      latest = reading;
    } catch (IOException e) {
      out.println("footprint: cannot read " + feed.get() + "/metrics: " + e);
    }
  }

  static Optional<Reading> parse(String metrics, long elapsedNanos) {
    long sent = -1;
    long received = -1;
    Matcher m = BYTES.matcher(metrics);
    while (m.find()) {
      long v = (long) Double.parseDouble(m.group(2));
      if (m.group(1).equals("sent")) {
        sent = v;
      } else {
        received = v;
      }
    }
    return sent < 0 || received < 0
        ? Optional.empty()
        : Optional.of(new Reading(sent, received, elapsedNanos));
  }

  /** Bytes per round between the first and the latest reading, if they differ in time. */
  Optional<PerRound> perRound(int intervalSeconds) {
    if (first == null || latest == null || latest.elapsedNanos() <= first.elapsedNanos()) {
      return Optional.empty();
    }
    double rounds = (latest.elapsedNanos() - first.elapsedNanos()) / (intervalSeconds * 1e9);
    return Optional.of(
        new PerRound(
            (latest.sent() - first.sent()) / rounds,
            (latest.received() - first.received()) / rounds,
            rounds));
  }
}
