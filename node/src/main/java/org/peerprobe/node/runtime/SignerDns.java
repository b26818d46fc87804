package org.peerprobe.node.runtime;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.signer.Reconciler;

/**
 * The DNS side of a signer node: its providers, the DNS name of each router whose bundle name is
 * not one, and who hears about each write.
 *
 * @param providers the providers every decision is written to (empty: this node writes no DNS)
 * @param recordNames router name to router record name, e.g. {@code web-router -> www.example.com.}
 * @param listener told about every finished write attempt
 */
public record SignerDns(
    List<DnsProvider> providers,
    Map<String, String> recordNames,
    Consumer<Reconciler.Applied> listener) {
  /** No DNS: an observer, or a signer without providers. */
  public static final SignerDns NONE = new SignerDns(List.of(), Map.of(), a -> {});

  public SignerDns {
    providers = List.copyOf(providers);
    recordNames = Map.copyOf(recordNames);
  }
}
