package org.peerprobe.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.Ids;
import org.peerprobe.node.config.AtomicFiles;
import org.peerprobe.node.config.KeyFile;
import org.peerprobe.node.config.NodeConfigFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Creates a node's key and a configuration to fill in: the volunteer's first command. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Create a new node: a secret key (node.key, owner-only) and a configuration template"
          + " (node.yaml) in DIR, and print the node's PeerId to send to the network's operator."
    })
final class InitCommand implements Callable<Integer> {
  static final String KEY_FILE = "node.key";
  static final String CONFIG_FILE = "node.yaml";

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "where to create the files (default: the current directory)")
  Path dir;

  @Option(
      names = "--network",
      paramLabel = "ASN",
      description = "the network this machine probes from, e.g. AS3320 (else set it in node.yaml)")
  String network;

  @Option(
      names = "--force",
      description = "replace existing files (a new key is a new identity the operator must admit)")
  boolean force;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (network != null && !Ids.NETWORK_LABEL.matcher(network).matches()) {
      return Failures.report(
          spec, "--network '" + network + "' is not " + Ids.NETWORK_LABEL_DESCRIPTION);
    }
    Path key = dir.resolve(KEY_FILE);
    Path config = dir.resolve(CONFIG_FILE);
    if (!force) {
      for (Path p : new Path[] {key, config}) {
        if (Files.exists(p)) {
          return Failures.report(
              spec,
              p
                  + " already exists; use --force to replace it (a new key is a new PeerId, which"
                  + " the operator must admit again)");
        }
      }
    }
    Files.createDirectories(dir);
    Ed25519KeyPair pair = Ed25519KeyPair.generate(new SecureRandom());
    KeyFile.write(key, pair, force);
    byte[] template =
        NodeConfigFile.template(KEY_FILE, Optional.ofNullable(network))
            .getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(config, template, AtomicFiles.WORLD_READABLE, force);

    PrintWriter out = spec.commandLine().getOut();
    out.println("created " + key + " (secret, owner-only) and " + config);
    out.println();
    out.println("peer id  " + pair.publicKey().peerId());
    out.println();
    out.println("Next steps:");
    out.println(
        "  1. Send the peer id above"
            + (network == null ? " and your network (ASN, e.g. AS3320)" : " and " + network)
            + " to the network's operator.");
    out.println(
        "  2. Put the network.json you receive next to "
            + CONFIG_FILE
            + ", and set trustedOperator in "
            + config
            + " to the operator's PeerId"
            + (network == null ? "; set network too." : "."));
    out.println("  3. Start the node: peerprobe node --config " + config);
    out.println("     (see docs/volunteer.md for running it as a systemd service)");
    out.flush();
    return 0;
  }
}
