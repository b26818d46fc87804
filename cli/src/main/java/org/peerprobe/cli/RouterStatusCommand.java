package org.peerprobe.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.Router;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.node.config.ConfigException;
import org.peerprobe.node.config.NodeConfig;
import org.peerprobe.node.config.NodeConfigFile;
import org.peerprobe.node.runtime.AcceptedBundle;
import org.peerprobe.node.store.ReadOnlyStore;
import org.peerprobe.node.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerprobe router status --config node.yaml}: every router of the node's bundle with the
 * front it points at, from the last decision in the node's store, read without writing (the node
 * may be running). The node has no HTTP feed yet, so this reads the store of a node on this
 * machine.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show every router of the network with the front it points at and its last decision, as"
          + " the node configured by --config holds them (its store is read, never written: the"
          + " node may be running). A pin or unpin that switched nothing is not in the store."
    })
final class RouterStatusCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "the node's node.yaml (its bundle and data directory)")
  Path config;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    NetworkBundle bundle;
    List<SignedDecision> last;
    try {
      NodeConfig cfg = NodeConfigFile.load(config);
      bundle = AcceptedBundle.newest(cfg).bundle();
      last = ReadOnlyStore.lastDecisions(cfg.dataDir());
    } catch (ConfigException e) {
      return Failures.report(spec, e);
    } catch (StoreException e) {
      return Failures.report(spec, e.getMessage());
    }
    Map<String, Decision> byRouter =
        last.stream()
            .map(SignedDecision::decision)
            .filter(d -> d.networkId().equals(bundle.networkId()))
            .collect(Collectors.toMap(Decision::router, Function.identity()));
    PrintWriter out = spec.commandLine().getOut();
    out.println("network " + bundle.networkId() + " (bundle v" + bundle.version() + ")");
    for (Router r : bundle.routers()) {
      out.println(line(r.policy(), Optional.ofNullable(byRouter.get(r.name()))));
    }
    if (bundle.routers().isEmpty()) {
      out.println("no routers");
    }
    out.flush();
    return 0;
  }

  /**
   * {@code web-router -> cdn2-front (primary cf-front, secondary cdn2-front, failback MANUAL);
   * decision #1 FAILOVER at round 123, cf-front -> cdn2-front}.
   */
  static String line(RouterPolicy p, Optional<Decision> last) {
    String active = last.map(Decision::to).orElse(p.primary());
    StringBuilder b = new StringBuilder();
    b.append(p.name()).append(" -> ").append(active);
    if (last.isPresent() && last.get().reason() == DecisionReason.PINNED) {
      b.append(" (pinned)");
    }
    b.append("  [primary ")
        .append(p.primary())
        .append(", secondary ")
        .append(p.secondary())
        .append(", failback ")
        .append(p.failback())
        .append("]  ");
    if (last.isEmpty()) {
      b.append("no decision yet");
    } else {
      Decision d = last.get();
      b.append("decision #")
          .append(d.seq())
          .append(' ')
          .append(d.reason())
          .append(" at round ")
          .append(d.round())
          .append(": ")
          .append(d.from())
          .append(" -> ")
          .append(d.to());
      d.command().ifPresent(c -> b.append(" (operator command ").append(c.id(), 0, 16).append(')'));
    }
    return b.toString();
  }
}
