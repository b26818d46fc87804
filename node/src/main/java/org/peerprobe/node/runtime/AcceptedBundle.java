package org.peerprobe.node.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.validation.Validated;
import org.peerprobe.node.config.ConfigException;
import org.peerprobe.node.config.NodeConfig;
import org.peerprobe.node.config.SignedBundleFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest network bundle this node accepted, kept in its data directory ({@link #FILE_NAME}) so
 * that an update learned from gossip survives a restart even when the configured bundle file is
 * older. The configured file must always verify; the kept copy is used only when it verifies under
 * the same trusted operator, for the same network, with a higher version.
 */
public final class AcceptedBundle {
  private static final Logger LOG = LoggerFactory.getLogger(AcceptedBundle.class);

  /** Name of the kept copy in the data directory. */
  static final String FILE_NAME = "network.accepted.json";

  private AcceptedBundle() {}

  /**
   * The bundle to run: the configured file's, or the kept copy when that is newer. Reads only; the
   * operator's commands use it to find the network the node runs.
   *
   * @throws ConfigException when the configured file is missing, malformed or not the operator's
   */
  public static SignedBundle newest(NodeConfig config) {
    SignedBundle configured = SignedBundleFile.read(config.bundleFile());
    Validated<NetworkBundle> v = configured.verify(config.trustedOperator(), Optional.empty());
    if (v instanceof Validated.Invalid<NetworkBundle> bad) {
      throw ConfigException.ofFile(
          config.bundleFile(), "refused: " + bad.rejection() + ": " + bad.detail());
    }
    Path kept = path(config);
    if (!Files.exists(kept)) {
      return configured;
    }
    try {
      SignedBundle accepted = SignedBundleFile.read(kept);
      Validated<NetworkBundle> newer =
          accepted.verify(config.trustedOperator(), Optional.of(configured.bundle()));
      if (newer.isValid()) {
        LOG.info(
            "running bundle v{} accepted earlier (the configured file holds v{})",
            accepted.bundle().version(),
            configured.bundle().version());
        return accepted;
      }
      return configured;
    } catch (ConfigException e) {
      LOG.warn("ignoring the kept bundle copy: {}", e.getMessage());
      return configured;
    }
  }

  static void save(NodeConfig config, SignedBundle bundle) throws IOException {
    SignedBundleFile.write(path(config), bundle);
  }

  static Path path(NodeConfig config) {
    return config.dataDir().resolve(FILE_NAME);
  }
}
