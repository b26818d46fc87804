package org.peerprobe.node.dns.cloudflare;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.peerprobe.node.dns.ProviderConfig;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.Secret;
import org.peerprobe.node.dns.http.ProviderHttp;

/**
 * A Cloudflare zone and how to reach it.
 *
 * @param id the provider id used in messages and plans
 * @param baseUrl the API root, {@link #DEFAULT_BASE_URL} for Cloudflare
 * @param zone absolute, lower-case, with the trailing dot
 * @param zoneId the zone's identifier; when empty it is looked up once by name ({@code GET
 *     /zones?name=}), which needs the token's Zone Read permission
 * @param token an API token, sent as {@code Authorization: Bearer <token>}
 * @param timeout longest any one API call may take
 */
public record CloudflareConfig(
    String id, URI baseUrl, String zone, Optional<String> zoneId, Secret token, Duration timeout)
    implements ProviderConfig {
  public static final URI DEFAULT_BASE_URL = URI.create("https://api.cloudflare.com/client/v4");
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public CloudflareConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(zoneId, "zoneId");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(timeout, "timeout");
    zone = RecordKey.of(zone, "NS").name();
    ProviderHttp.checkEndpoint(baseUrl, timeout);
    if (zoneId.isPresent() && !zoneId.get().matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("zoneId must be 32 hex digits: " + zoneId.get());
    }
  }

  public static CloudflareConfig of(String id, String zone, String zoneId, Secret token) {
    return new CloudflareConfig(
        id, DEFAULT_BASE_URL, zone, Optional.of(zoneId), token, DEFAULT_TIMEOUT);
  }
}
