package org.peerprobe.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.OperatorCommand;
import org.peerprobe.consensus.model.Router;
import org.peerprobe.consensus.model.SignedOperatorCommand;
import org.peerprobe.node.config.ConfigException;
import org.peerprobe.node.config.KeyFile;
import org.peerprobe.node.config.NodeConfig;
import org.peerprobe.node.config.NodeConfigFile;
import org.peerprobe.node.round.Topics;
import org.peerprobe.node.runtime.AcceptedBundle;
import org.peerprobe.p2p.core.Multiaddr;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What {@code router failback|pin|unpin} share: find the network and the router in the node's
 * bundle, sign the command with the operator key (refusing a key file others can read), and publish
 * it on the network's commands topic from a short-lived host.
 */
abstract class RouterControl implements Callable<Integer> {
  /** Default of {@code --timeout}. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  /** Exit code when no peer could be reached in time. */
  static final int UNREACHABLE = 2;

  @Parameters(index = "0", paramLabel = "ROUTER", description = "the router's name")
  String router;

  @Option(
      names = "--operator-key",
      required = true,
      paramLabel = "FILE",
      description = "the operator's key file (owner-only permissions)")
  Path operatorKey;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "a node's node.yaml: its network bundle names the network and the routers")
  Path config;

  @Option(
      names = "--peer",
      paramLabel = "MULTIADDR",
      description =
          "a node to send the command to, /ip4/…/tcp/…/p2p/… (repeatable; default: the bundle's"
              + " bootstrap peers)")
  List<String> peers = new ArrayList<>();

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "how long to wait for a peer to take the command (default: 20s)")
  Duration timeout = DEFAULT_TIMEOUT;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** The command for {@code router} of {@code bundle}, issued at {@code nowMs}. */
  abstract OperatorCommand command(NetworkBundle bundle, Router router, long nowMs);

  @Override
  public Integer call() throws InterruptedException {
    Ed25519KeyPair key;
    NetworkBundle bundle;
    List<Multiaddr> to;
    try {
      NodeConfig cfg = NodeConfigFile.load(config);
      bundle = AcceptedBundle.newest(cfg).bundle();
      key = KeyFile.read(operatorKey);
      to = peers(bundle);
    } catch (ConfigException e) {
      return Failures.report(spec, e);
    } catch (IllegalArgumentException e) {
      return Failures.report(spec, e.getMessage());
    }
    if (!key.publicKey().equals(bundle.roster().operator())) {
      return Failures.report(
          spec,
          operatorKey
              + " holds "
              + key.publicKey().peerId()
              + " but the operator of network "
              + bundle.networkId()
              + " is "
              + bundle.roster().operator().peerId()
              + ": the nodes would reject the command");
    }
    Optional<Router> r = bundle.routers().stream().filter(x -> x.name().equals(router)).findFirst();
    if (r.isEmpty()) {
      return Failures.report(
          spec,
          "network "
              + bundle.networkId()
              + " has no router '"
              + router
              + "'; its routers: "
              + String.join(", ", bundle.routers().stream().map(Router::name).toList()));
    }
    OperatorCommand c;
    try {
      c = command(bundle, r.get(), System.currentTimeMillis());
    } catch (IllegalArgumentException e) {
      return Failures.report(spec, e.getMessage());
    }
    return publish(SignedOperatorCommand.sign(c, key), to);
  }

  private int publish(SignedOperatorCommand signed, List<Multiaddr> to)
      throws InterruptedException {
    String topic = Topics.of(signed.command().networkId()).commands();
    PrintWriter out = spec.commandLine().getOut();
    try (CommandPublisher p = new CommandPublisher(to)) {
      int n = p.publish(topic, signed.encode(), timeout);
      out.println(
          "sent "
              + signed.command().describe()
              + " (command "
              + signed.id().substring(0, 16)
              + ") to "
              + n
              + (n == 1 ? " peer" : " peers")
              + " on "
              + topic);
      out.println("check the outcome with: peerprobe router status --config " + config);
      out.flush();
      return 0;
    } catch (TimeoutException | ExecutionException e) {
      spec.commandLine()
          .getErr()
          .println(
              spec.qualifiedName(" ")
                  + ": no node took the command within "
                  + timeout.toSeconds()
                  + " s (tried "
                  + to.size()
                  + (to.size() == 1 ? " peer" : " peers")
                  + "): "
                  + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      spec.commandLine().getErr().flush();
      return UNREACHABLE;
    }
  }

  private List<Multiaddr> peers(NetworkBundle bundle) {
    List<String> texts = peers.isEmpty() ? bundle.bootstrapPeers() : peers;
    if (texts.isEmpty()) {
      throw new IllegalArgumentException(
          "the bundle lists no bootstrap peers: give a node's address with --peer");
    }
    List<Multiaddr> out = new ArrayList<>();
    for (String t : texts) {
      Multiaddr a = Multiaddr.parse(t);
      if (a.peerId().isEmpty() || a.tcpAddress().isEmpty()) {
        throw new IllegalArgumentException(
            "'" + t + "' must be a TCP address ending in /p2p/<PeerId>");
      }
      out.add(a);
    }
    return out;
  }
}
