package org.peerprobe.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.crypto.Sha256;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.validation.Validated;
import org.peerprobe.node.config.BundleSource;
import org.peerprobe.node.config.BundleSourceFile;
import org.peerprobe.node.config.ConfigException;
import org.peerprobe.node.config.KeyFile;
import org.peerprobe.node.config.SignedBundleFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Validates a bundle source and signs it into the file the nodes load. The version is the one after
 * the bundle already at {@code --out} (nodes accept only a higher one), at least the source's
 * {@code version}, or exactly {@code --bundle-version}.
 */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = {
      "Validate the bundle source, choose its version, sign it with the operator key and write"
          + " the signed bundle (network.json) for the nodes.",
      "Version: one above the bundle already at --out (nodes accept only a higher one), at least"
          + " the source's 'version'; or exactly --bundle-version."
    })
final class NetworkSignCommand implements Callable<Integer> {
  @Option(names = "--bundle", required = true, paramLabel = "FILE", description = "bundle.yaml")
  Path bundle;

  @Option(
      names = "--operator-key",
      required = true,
      paramLabel = "FILE",
      description = "the operator's key file; must be the bundle's operator")
  Path operatorKey;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      defaultValue = "network.json",
      description = "the signed bundle to write (default: network.json)")
  Path out;

  @Option(
      names = "--bundle-version",
      paramLabel = "N",
      description = "sign exactly this version (must be above the one at --out)")
  Long version;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Ed25519KeyPair key;
    BundleSource source;
    OptionalLong previous;
    try {
      key = KeyFile.read(operatorKey);
      source = BundleSourceFile.loadComplete(bundle, System::getenv);
      if (!source.operator().equals(key.publicKey())) {
        return Failures.report(
            spec,
            bundle
                + ": operator is "
                + source.operator().peerId()
                + " but "
                + operatorKey
                + " holds "
                + key.publicKey().peerId()
                + "; sign with the bundle's operator key");
      }
      previous = previousVersion(source, key);
    } catch (ConfigException e) {
      return Failures.report(spec, e);
    }
    long v;
    if (version != null) {
      if (version < 1 || (previous.isPresent() && version <= previous.getAsLong())) {
        return Failures.report(
            spec,
            "--bundle-version "
                + version
                + " must be at least 1 and above the version at "
                + out
                + (previous.isPresent() ? " (" + previous.getAsLong() + ")" : "")
                + ": nodes refuse a version that is not newer");
      }
      v = version;
    } else {
      v = Math.max(source.version().orElse(1), previous.orElse(0) + 1);
    }
    NetworkBundle b;
    try {
      b = BundleSourceFile.toBundle(bundle, source, v);
    } catch (ConfigException e) {
      return Failures.report(spec, e);
    }
    SignedBundle signed = SignedBundle.sign(b, key);
    SignedBundleFile.write(out, signed);
    PrintWriter o = spec.commandLine().getOut();
    o.println(
        "signed network "
            + b.networkId()
            + " version "
            + v
            + ": "
            + Keys.summary(source)
            + ", "
            + plural(b.fronts().size(), "front")
            + ", "
            + plural(b.routers().size(), "router"));
    o.println("wrote " + out + " (sha256 " + Sha256.hex(Files.readAllBytes(out)) + ")");
    o.println("operator " + key.publicKey().peerId());
    o.println("Give every node " + out.getFileName() + " and the operator id above.");
    o.flush();
    long networks = b.roster().observers().stream().map(x -> x.network()).distinct().count();
    int needed = b.roster().policy().minNetworks();
    if (networks < needed) {
      spec.commandLine()
          .getErr()
          .println(
              "warning: the observers span "
                  + plural(networks, "network")
                  + " but the policy needs minNetworks "
                  + needed
                  + ": no verdict can be reached until more networks join");
    }
    return 0;
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /**
   * The version of the bundle at {@code out}, when there is one; refuses a file that is not a
   * bundle of this network signed by this operator, rather than overwrite it.
   */
  private OptionalLong previousVersion(BundleSource source, Ed25519KeyPair key) {
    if (!Files.exists(out)) {
      return OptionalLong.empty();
    }
    SignedBundle old = SignedBundleFile.read(out);
    Validated<NetworkBundle> v = old.verify(key.publicKey(), Optional.empty());
    if (!v.isValid() || !old.bundle().networkId().equals(source.networkId())) {
      throw ConfigException.ofFile(
          out,
          "holds a bundle of network "
              + old.bundle().networkId()
              + (v.isValid() ? "" : " not signed by this operator")
              + "; choose another --out or remove it");
    }
    return OptionalLong.of(old.bundle().version());
  }
}
