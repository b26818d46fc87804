package org.peerprobe.node.dns.desec;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.peerprobe.node.dns.ProviderConfig;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.Secret;
import org.peerprobe.node.dns.http.ProviderHttp;

/**
 * A deSEC domain and how to reach it.
 *
 * @param id the provider id used in messages and plans
 * @param baseUrl the API root, {@link #DEFAULT_BASE_URL} for desec.io (ends before {@code
 *     /domains})
 * @param zone the domain: absolute, lower-case, with the trailing dot
 * @param token sent as {@code Authorization: Token <token>}
 * @param timeout longest any one API call may take
 */
public record DesecConfig(String id, URI baseUrl, String zone, Secret token, Duration timeout)
    implements ProviderConfig {
  public static final URI DEFAULT_BASE_URL = URI.create("https://desec.io/api/v1");
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public DesecConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(timeout, "timeout");
    zone = RecordKey.of(zone, "NS").name();
    ProviderHttp.checkEndpoint(baseUrl, timeout);
  }

  public static DesecConfig of(String id, String zone, Secret token) {
    return new DesecConfig(id, DEFAULT_BASE_URL, zone, token, DEFAULT_TIMEOUT);
  }
}
