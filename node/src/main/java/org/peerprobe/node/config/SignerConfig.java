package org.peerprobe.node.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.peerprobe.node.dns.ProviderSpec;

/**
 * The {@code signer:} section of node.yaml: where a signer writes its routers' records. Immutable.
 *
 * @param providers the DNS providers every decision is written to, concurrently (1..16)
 * @param routers router name to the DNS name of its record, for routers whose bundle name is not a
 *     DNS name
 * @param reconcileEvery how often each provider is checked for drift
 * @param takeoverDelay how long a standby signer waits for the network's decision
 */
public record SignerConfig(
    List<ProviderSpec> providers,
    Map<String, String> routers,
    Duration reconcileEvery,
    Duration takeoverDelay) {
  public static final Duration DEFAULT_RECONCILE_EVERY = Duration.ofSeconds(60);
  public static final Duration DEFAULT_TAKEOVER_DELAY = Duration.ofSeconds(10);

  public SignerConfig {
    providers = List.copyOf(providers);
    routers = Map.copyOf(routers);
    if (providers.isEmpty()) {
      throw new IllegalArgumentException("a signer writes to at least one provider");
    }
    if (reconcileEvery.toMillis() < 1000 || takeoverDelay.isNegative()) {
      throw new IllegalArgumentException("reconcileEvery >= 1s, takeoverDelay >= 0");
    }
  }
}
