package org.peerprobe.node.dns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.peerprobe.node.dns.cloudflare.CloudflareProvider;
import org.peerprobe.node.dns.desec.DesecProvider;
import org.peerprobe.node.dns.powerdns.PowerDnsProvider;
import org.peerprobe.node.dns.rfc2136.Rfc2136Provider;
import org.peerprobe.node.dns.zonefile.ZoneFileProvider;

/** Creates {@link DnsProvider}s from {@link ProviderSpec}s, each with its own I/O threads. */
public final class DnsProviders {
  private DnsProviders() {}

  /**
   * One provider per spec, in order; all or none: when one cannot be created, those already created
   * are closed before the failure is thrown. Nothing is sent to any provider here.
   *
   * @throws IllegalArgumentException when two specs share an id, or a provider cannot be created
   *     (e.g. an RFC 2136 server's host name does not resolve); the message names the provider
   */
  public static List<DnsProvider> open(List<ProviderSpec> specs) {
    return open(specs, DnsProviders::open);
  }

  /** {@link #open(List)} with another factory (tests). */
  static List<DnsProvider> open(
      List<ProviderSpec> specs, Function<ProviderSpec, DnsProvider> factory) {
    Set<String> ids = new HashSet<>();
    for (ProviderSpec s : specs) {
      if (!ids.add(s.id())) {
        throw new IllegalArgumentException("provider id '" + s.id() + "' is used twice");
      }
    }
    List<DnsProvider> opened = new ArrayList<>(specs.size());
    try {
      for (ProviderSpec s : specs) {
        opened.add(factory.apply(s));
      }
      return List.copyOf(opened);
    } catch (RuntimeException e) {
      closeAll(opened, e);
      throw e;
    }
  }

  /** The provider of one spec. */
  public static DnsProvider open(ProviderSpec spec) {
    if (spec instanceof ProviderSpec.Rfc2136 s) {
      return Rfc2136Provider.open(s.config());
    } else if (spec instanceof ProviderSpec.PowerDns s) {
      return new PowerDnsProvider(s.config());
    } else if (spec instanceof ProviderSpec.Cloudflare s) {
      return new CloudflareProvider(s.config());
    } else if (spec instanceof ProviderSpec.Desec s) {
      return new DesecProvider(s.config());
    } else {
      return ZoneFileProvider.open(((ProviderSpec.ZoneFile) spec).config());
    }
  }

  /** Closes every provider, in reverse order; a failing close does not stop the others. */
  public static void closeAll(List<? extends DnsProvider> providers) {
    RuntimeException first = null;
    for (int i = providers.size() - 1; i >= 0; i--) {
      try {
        providers.get(i).close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static void closeAll(List<DnsProvider> providers, RuntimeException cause) {
    try {
      closeAll(providers);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
