package org.peerprobe.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.peerprobe.node.demo.Demo;
import org.peerprobe.node.demo.DemoDns;
import org.peerprobe.node.demo.DemoOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code peerprobe demo}: a whole network on loopback deciding that a front is down. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run a whole peerprobe network in this process on loopback: observer nodes in several"
          + " simulated networks probe two local HTTP fronts, gossip signed reports over libp2p,"
          + " and fail the router over to the secondary front when a quorum sees the primary"
          + " down (and back when it heals). Needs no configuration."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--observers", description = "observer nodes (default: ${DEFAULT-VALUE})")
  int observers = DemoOptions.DEFAULT_OBSERVERS;

  @Option(names = "--networks", description = "simulated networks (default: ${DEFAULT-VALUE})")
  int networks = DemoOptions.DEFAULT_NETWORKS;

  @Option(
      names = "--interval",
      converter = DurationConverter.class,
      description = "round interval (default: 2s)")
  Duration interval = DemoOptions.DEFAULT_INTERVAL;

  @Option(names = "--liars", description = "observers that always report DOWN (default: 0)")
  int liars;

  @Option(
      names = "--broken-network",
      description = "the first network's observers see every front as down")
  boolean brokenNetwork;

  @Option(
      names = "--fail-at",
      converter = DurationConverter.class,
      description = "when the primary front breaks (default: 12s)")
  Duration failAt = DemoOptions.DEFAULT_FAIL_AT;

  @Option(
      names = "--restore-at",
      converter = DurationConverter.class,
      description = "when the primary front heals (default: 32s)")
  Duration restoreAt = DemoOptions.DEFAULT_RESTORE_AT;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "how long the demo runs (default: 56s)")
  Duration duration = DemoOptions.DEFAULT_DURATION;

  @Option(names = "--json", description = "print one JSON event per line")
  boolean json;

  @Option(
      names = "--plain",
      description =
          "print one log line per event instead of redrawing a live view (the default when"
              + " output is not a terminal)")
  boolean plain;

  @Option(
      names = "--dns",
      paramLabel = "URI",
      description =
          "write the router record through this provider instead of a fresh zone file:"
              + " zonefile:/path?zone=Z or"
              + " rfc2136://host:port?zone=Z&key-name=K&key-secret-file=F (or key-secret-env=VAR)")
  String dns;

  @Option(
      names = "--feed-port",
      paramLabel = "PORT",
      description =
          "serve the first node's status page and health feed on http://127.0.0.1:PORT/ (the"
              + " others on the following ports; 0 picks free ports; default: ${DEFAULT-VALUE})")
  int feedPort = Demo.DEFAULT_FEED_PORT;

  @Option(names = "--seed", description = "seed of keys and timings (default: ${DEFAULT-VALUE})")
  long seed = DemoOptions.DEFAULT_SEED;

  @Override
  public Integer call() throws InterruptedException {
    DemoOptions options;
    try {
      options =
          new DemoOptions(
              observers,
              networks,
              interval,
              liars,
              brokenNetwork,
              failAt,
              restoreAt,
              duration,
              json,
              seed);
    } catch (IllegalArgumentException e) {
      System.err.println("demo: " + e.getMessage());
      return 2;
    }
    boolean terminal = System.console() != null && System.getenv("TERM") != null;
    Demo demo =
        new Demo(options, System.out, terminal && !plain && !"dumb".equals(System.getenv("TERM")));
    try {
      demo.feedPort(feedPort);
    } catch (IllegalArgumentException e) {
      System.err.println("demo: " + e.getMessage());
      return 2;
    }
    if (dns != null) {
      try {
        demo.dns(DemoDns.parse(dns));
      } catch (IllegalArgumentException e) {
        System.err.println("demo: " + e.getMessage());
        return 2;
      }
    }
    demo.run();
    return 0;
  }
}
