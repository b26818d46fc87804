package org.peerprobe.node.dns.powerdns;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.peerprobe.node.dns.ProviderConfig;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.Secret;
import org.peerprobe.node.dns.http.ProviderHttp;

/**
 * Where a PowerDNS zone lives and how to reach it.
 *
 * @param id the provider id used in messages and plans
 * @param baseUrl the webserver's URL, e.g. {@code http://127.0.0.1:8081} (no {@code /api/v1})
 * @param serverId the server id in API paths; {@link #DEFAULT_SERVER_ID} for a plain server
 * @param zone absolute, lower-case, with the trailing dot
 * @param apiKey sent as {@code X-API-Key}
 * @param timeout longest any one API call may take
 */
public record PowerDnsConfig(
    String id, URI baseUrl, String serverId, String zone, Secret apiKey, Duration timeout)
    implements ProviderConfig {
  public static final String DEFAULT_SERVER_ID = "localhost";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public PowerDnsConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(serverId, "serverId");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(timeout, "timeout");
    zone = RecordKey.of(zone, "NS").name();
    ProviderHttp.checkEndpoint(baseUrl, timeout);
  }

  /** The default server id and timeout. */
  public static PowerDnsConfig of(String id, URI baseUrl, String zone, Secret apiKey) {
    return new PowerDnsConfig(id, baseUrl, DEFAULT_SERVER_ID, zone, apiKey, DEFAULT_TIMEOUT);
  }

  @Override
  public String toString() {
    return "PowerDnsConfig[" + id + " " + baseUrl + " " + zone + " key " + apiKey + "]";
  }
}
