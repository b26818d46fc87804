package org.peerprobe.node.dns;

import java.util.List;
import java.util.Objects;
import org.peerprobe.node.dns.cloudflare.CloudflareConfig;
import org.peerprobe.node.dns.desec.DesecConfig;
import org.peerprobe.node.dns.powerdns.PowerDnsConfig;
import org.peerprobe.node.dns.rfc2136.Rfc2136Config;
import org.peerprobe.node.dns.zonefile.ZoneFileConfig;

/**
 * One configured DNS provider: its type and its validated, immutable configuration, as read from a
 * {@code providers:} list. {@link DnsProviders#open} turns specs into {@link DnsProvider}s. {@link
 * #toString()} shows where a credential came from, never the credential.
 */
public sealed interface ProviderSpec {
  /** The {@code type:} values, in the order the documentation lists them. */
  List<String> TYPES = List.of("rfc2136", "powerdns", "cloudflare", "desec", "zonefile");

  /** The provider's validated configuration. */
  ProviderConfig config();

  /** The configured id, unique within one list. */
  default String id() {
    return config().id();
  }

  /** The zone, absolute and lower-case with the trailing dot. */
  default String zone() {
    return config().zone();
  }

  /** The {@code type:} value, one of {@link #TYPES}. */
  String type();

  /** A DNS server updated by RFC 2136 with TSIG (BIND, Knot, PowerDNS). */
  record Rfc2136(Rfc2136Config config) implements ProviderSpec {
    public Rfc2136 {
      Objects.requireNonNull(config, "config");
    }

    @Override
    public String type() {
      return "rfc2136";
    }
  }

  /** The PowerDNS Authoritative HTTP API. */
  record PowerDns(PowerDnsConfig config) implements ProviderSpec {
    public PowerDns {
      Objects.requireNonNull(config, "config");
    }

    @Override
    public String type() {
      return "powerdns";
    }
  }

  /** Cloudflare's v4 API. */
  record Cloudflare(CloudflareConfig config) implements ProviderSpec {
    public Cloudflare {
      Objects.requireNonNull(config, "config");
    }

    @Override
    public String type() {
      return "cloudflare";
    }
  }

  /** deSEC's API. */
  record Desec(DesecConfig config) implements ProviderSpec {
    public Desec {
      Objects.requireNonNull(config, "config");
    }

    @Override
    public String type() {
      return "desec";
    }
  }

  /** A BIND-format zone file on local disk. */
  record ZoneFile(ZoneFileConfig config) implements ProviderSpec {
    public ZoneFile {
      Objects.requireNonNull(config, "config");
    }

    @Override
    public String type() {
      return "zonefile";
    }
  }
}
