package org.peerprobe.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.Ids;
import org.peerprobe.node.config.BundleSource;
import org.peerprobe.node.config.BundleSourceFile;
import org.peerprobe.node.config.ConfigException;
import org.peerprobe.node.config.KeyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes a new network's bundle.yaml, creating the operator key when there is none. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Write a bundle source template (YAML) for a new network, owned by the operator key in FILE"
          + " (created, owner-only, when it does not exist)."
    })
final class NetworkCreateCommand implements Callable<Integer> {
  @Option(
      names = "--id",
      required = true,
      paramLabel = "NAME",
      description = "network id, e.g. example-de")
  String id;

  @Option(
      names = "--operator-key",
      required = true,
      paramLabel = "FILE",
      description = "the operator's key file; created when missing")
  Path operatorKey;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      defaultValue = "bundle.yaml",
      description = "the bundle source to write (default: bundle.yaml)")
  Path out;

  @Option(names = "--force", description = "replace an existing --out file")
  boolean force;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (!Ids.NAME.matcher(id).matches()) {
      return Failures.report(spec, "--id '" + id + "' is not " + Ids.NAME_DESCRIPTION);
    }
    if (!force && Files.exists(out)) {
      return Failures.report(spec, out + " already exists; use --force to replace it");
    }
    PrintWriter o = spec.commandLine().getOut();
    Ed25519KeyPair key;
    try {
      if (Files.exists(operatorKey)) {
        key = KeyFile.read(operatorKey);
      } else {
        key = Ed25519KeyPair.generate(new SecureRandom());
        KeyFile.write(operatorKey, key, false);
        o.println(
            "created operator key " + operatorKey + " (secret: keep it offline and backed up)");
      }
    } catch (ConfigException e) {
      return Failures.report(spec, e);
    }
    BundleSourceFile.write(out, BundleSource.template(id, key.publicKey()), force);
    o.println("wrote " + out + " for network " + id);
    o.println("operator " + key.publicKey().peerId());
    o.println();
    o.println("Next steps:");
    o.println("  1. Edit the fronts and routers in " + out + " (the examples are placeholders).");
    o.println(
        "  2. Admit volunteers: peerprobe network add-observer --bundle "
            + out
            + " --peer-id 12D3KooW... --network AS3320 --label alice");
    o.println(
        "  3. Sign: peerprobe network sign --bundle "
            + out
            + " --operator-key "
            + operatorKey
            + " --out network.json");
    o.println("  4. Give every node network.json and the operator id above.");
    o.flush();
    return 0;
  }
}
