package org.peerprobe.node.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.node.config.ConfigException;
import org.peerprobe.node.config.NodeConfig;
import org.peerprobe.node.config.SignedBundleFile;
import org.peerprobe.node.service.BundleGossip;
import org.peerprobe.p2p.core.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when the configured bundle file changes (the operator re-signed it with {@code peerprobe
 * network sign}) and offers it to the network through {@link BundleGossip}: this is how an update
 * enters the network. Checks once per round; a file that does not verify is logged and ignored, and
 * the node keeps running the bundle it has.
 */
final class BundleFileWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(BundleFileWatcher.class);

  private final NodeConfig config;
  private final BundleGossip bundles;
  private final Scheduler scheduler;
  private final Duration every;
  private FileTime seen;
  private volatile boolean stopped;

  BundleFileWatcher(NodeConfig config, BundleGossip bundles, Scheduler scheduler, Duration every) {
    this.config = config;
    this.bundles = bundles;
    this.scheduler = scheduler;
    this.every = every;
  }

  void start() {
    scheduler.execute(
        () -> {
          seen = modified();
          scheduler.schedule(every, this::check);
        });
  }

  void stop() {
    stopped = true;
  }

  private void check() {
    if (stopped) {
      return;
    }
    FileTime now = modified();
    if (now != null && !Objects.equals(now, seen)) {
      seen = now;
      try {
        SignedBundle candidate = SignedBundleFile.read(config.bundleFile());
        bundles
            .offer(candidate)
            .thenAccept(
                v -> {
                  if (v.isValid()) {
                    LOG.info(
                        "{} changed: published bundle v{} to the network",
                        config.bundleFile(),
                        candidate.bundle().version());
                  } else {
                    LOG.info("{} changed but was not adopted: {}", config.bundleFile(), v);
                  }
                });
      } catch (ConfigException e) {
        LOG.warn("{} changed but cannot be used: {}", config.bundleFile(), e.getMessage());
      }
    }
    scheduler.schedule(every, this::check);
  }

  private FileTime modified() {
    try {
      return Files.getLastModifiedTime(config.bundleFile());
    } catch (IOException e) {
      return null;
    }
  }
}
