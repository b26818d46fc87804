package org.peerprobe.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.node.config.BundleSource;
import org.peerprobe.node.config.BundleSourceFile;
import org.peerprobe.node.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Removes one observer from the roster of a bundle source. */
@Command(
    name = "remove-observer",
    mixinStandardHelpOptions = true,
    description = {
      "Remove a node from the roster in the bundle source (rewritten in the standard layout)."
          + " Sign it afterwards; nodes stop counting it once they load the new version."
    })
final class NetworkRemoveObserverCommand implements Callable<Integer> {
  @Option(names = "--bundle", required = true, paramLabel = "FILE", description = "bundle.yaml")
  Path bundle;

  @Option(
      names = "--peer-id",
      required = true,
      paramLabel = "ID",
      description = "the node's PeerId or hex public key")
  String peerId;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    BundleSource source;
    Ed25519PublicKey key;
    try {
      source = BundleSourceFile.load(bundle);
      key = Keys.parse(peerId);
    } catch (ConfigException e) {
      return Failures.report(spec, e);
    } catch (IllegalArgumentException e) {
      return Failures.report(spec, "--peer-id " + e.getMessage());
    }
    BundleSource updated;
    try {
      updated = source.withoutObserver(key);
    } catch (IllegalArgumentException e) {
      return Failures.report(spec, e.getMessage());
    }
    BundleSourceFile.write(bundle, updated, true);
    spec.commandLine()
        .getOut()
        .println("removed " + key.peerId() + " from " + bundle + ": " + Keys.summary(updated));
    return 0;
  }
}
