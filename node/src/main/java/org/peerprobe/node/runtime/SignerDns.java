package org.peerprobe.node.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.peerprobe.node.config.SignerConfig;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.DnsProviders;
import org.peerprobe.node.signer.Reconciler;

/**
 * The DNS side of a signer node: its providers, the DNS name of each router whose bundle name is
 * not one, and who hears about each write.
 *
 * @param providers the providers every decision is written to (empty: this node writes no DNS)
 * @param recordNames router name to router record name, e.g. {@code web-router -> www.example.com.}
 * @param listener told about every finished write attempt
 * @param reconcileEvery how often each provider is checked for drift
 * @param takeoverDelay how long a standby signer waits for the network's decision
 */
public record SignerDns(
    List<DnsProvider> providers,
    Map<String, String> recordNames,
    Consumer<Reconciler.Applied> listener,
    Duration reconcileEvery,
    Duration takeoverDelay) {
  /** No DNS: an observer, or a signer without providers. */
  public static final SignerDns NONE = new SignerDns(List.of(), Map.of(), a -> {});

  public SignerDns {
    providers = List.copyOf(providers);
    recordNames = Map.copyOf(recordNames);
  }

  /** With the default reconciliation and takeover timings. */
  public SignerDns(
      List<DnsProvider> providers,
      Map<String, String> recordNames,
      Consumer<Reconciler.Applied> listener) {
    this(
        providers,
        recordNames,
        listener,
        SignerConfig.DEFAULT_RECONCILE_EVERY,
        SignerConfig.DEFAULT_TAKEOVER_DELAY);
  }

  /** Opens the providers {@code config} lists (all or none). */
  public static SignerDns open(SignerConfig config) {
    return new SignerDns(
        DnsProviders.open(config.providers()),
        config.routers(),
        a -> {},
        config.reconcileEvery(),
        config.takeoverDelay());
  }
}
