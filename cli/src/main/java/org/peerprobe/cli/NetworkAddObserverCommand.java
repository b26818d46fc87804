package org.peerprobe.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.node.config.BundleSource;
import org.peerprobe.node.config.BundleSourceFile;
import org.peerprobe.node.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Admits one observer to the roster of a bundle source. */
@Command(
    name = "add-observer",
    mixinStandardHelpOptions = true,
    description = {
      "Admit a volunteer's node to the roster in the bundle source. The file is rewritten in the"
          + " standard layout (comments you added are not kept). Sign it afterwards."
    })
final class NetworkAddObserverCommand implements Callable<Integer> {
  @Option(names = "--bundle", required = true, paramLabel = "FILE", description = "bundle.yaml")
  Path bundle;

  @Option(
      names = "--peer-id",
      required = true,
      paramLabel = "ID",
      description = "the node's PeerId (12D3KooW...) or hex public key")
  String peerId;

  @Option(
      names = "--network",
      required = true,
      paramLabel = "ASN",
      description = "the network it probes from, e.g. AS3320")
  String network;

  @Option(names = "--label", required = true, paramLabel = "TEXT", description = "who runs it")
  String label;

  @Option(
      names = "--weight",
      paramLabel = "N",
      defaultValue = "1",
      description = "its vote weight, 1.." + Observer.MAX_WEIGHT + " (default: 1)")
  int weight;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    BundleSource source;
    try {
      source = BundleSourceFile.load(bundle);
    } catch (ConfigException e) {
      return Failures.report(spec, e);
    }
    Ed25519PublicKey key;
    try {
      key = Keys.parse(peerId);
    } catch (IllegalArgumentException e) {
      return Failures.report(spec, "--peer-id " + e.getMessage());
    }
    BundleSource updated;
    try {
      updated = source.withObserver(new Observer(key, network, label, weight));
    } catch (IllegalArgumentException e) {
      return Failures.report(spec, e.getMessage());
    }
    BundleSourceFile.write(bundle, updated, true);
    spec.commandLine()
        .getOut()
        .println(
            "added "
                + key.peerId()
                + " ("
                + network
                + ", "
                + label
                + ", weight "
                + weight
                + ") to "
                + bundle
                + ": "
                + Keys.summary(updated));
    return 0;
  }
}
