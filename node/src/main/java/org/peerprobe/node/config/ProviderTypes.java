package org.peerprobe.node.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.peerprobe.node.dns.ProviderSpec;
import org.peerprobe.node.dns.Secret;
import org.peerprobe.node.dns.cloudflare.CloudflareConfig;
import org.peerprobe.node.dns.desec.DesecConfig;
import org.peerprobe.node.dns.powerdns.PowerDnsConfig;
import org.peerprobe.node.dns.rfc2136.Rfc2136Config;
import org.peerprobe.node.dns.rfc2136.TsigAlgorithm;
import org.peerprobe.node.dns.zonefile.ZoneFileConfig;

/**
 * The fields of each provider type in a {@link ProvidersSection} item, and their parsers. Reading
 * records every problem; the configuration is built only once the whole item has none.
 */
final class ProviderTypes {
  /**
   * The fields of each type, besides {@code id}, {@code type}, {@code zone} and {@code timeout}.
   */
  static final Map<String, Set<String>> FIELDS =
      Map.of(
          "rfc2136",
          Set.of("server", "tsigKey", "tsigAlgorithm", "tcp", "tsigSecretEnv", "tsigSecretFile"),
          "powerdns",
          Set.of("url", "serverId", "apiKeyEnv", "apiKeyFile"),
          "cloudflare",
          Set.of("zoneId", "url", "tokenEnv", "tokenFile"),
          "desec",
          Set.of("url", "tokenEnv", "tokenFile"),
          "zonefile",
          Set.of("file"));

  private ProviderTypes() {}

  /** A configuration waiting for the common fields. */
  @FunctionalInterface
  interface Spec {
    ProviderSpec make(String id, String zone, Optional<Duration> timeout);
  }

  record Built(Spec make, Optional<Secret> secret) {
    ProviderSpec spec(String id, String zone, Optional<Duration> timeout) {
      return make.make(id, zone, timeout);
    }
  }

  /**
   * Reads the type's own fields. When a value is missing or wrong an error has been recorded, and
   * the result must not be used.
   */
  static Built read(Section s, String type, Function<String, String> env) {
    return switch (type) {
      case "rfc2136" -> rfc2136(s, env);
      case "powerdns" -> powerDns(s, env);
      case "cloudflare" -> cloudflare(s, env);
      case "desec" -> desec(s, env);
      default -> zoneFile(s);
    };
  }

  private static Built rfc2136(Section s, Function<String, String> env) {
    Optional<HostPort> server =
        s.required(
            "server",
            "the primary server as host:port, e.g. 192.0.2.53:53",
            t -> HostPort.parse(t, Rfc2136Config.DEFAULT_PORT));
    Optional<String> key =
        s.required("tsigKey", "the TSIG key's name, e.g. ci-key.", ProvidersSection::dnsName);
    Optional<TsigAlgorithm> alg =
        s.optional("tsigAlgorithm", Rfc2136Config.DEFAULT_ALGORITHM, TsigAlgorithm::parse);
    Optional<Boolean> tcp = s.optional("tcp", Rfc2136Config.DEFAULT_TCP, ConfigValues::bool);
    Optional<Secret> secret = ProviderCredentials.read(s, "tsigSecret", "the TSIG secret", env);
    return new Built(
        (id, zone, timeout) ->
            new ProviderSpec.Rfc2136(
                new Rfc2136Config(
                    id,
                    server.get(),
                    zone,
                    key.get(),
                    alg.get(),
                    secret.get(),
                    timeout.orElse(Rfc2136Config.DEFAULT_TIMEOUT),
                    tcp.get())),
        secret);
  }

  private static Built powerDns(Section s, Function<String, String> env) {
    Optional<URI> url =
        s.required("url", "the webserver's URL, e.g. http://127.0.0.1:8081", ProviderTypes::url);
    Optional<String> serverId =
        s.optional("serverId", PowerDnsConfig.DEFAULT_SERVER_ID, ProvidersSection::id);
    Optional<Secret> key = ProviderCredentials.read(s, "apiKey", "the API key", env);
    return new Built(
        (id, zone, timeout) ->
            new ProviderSpec.PowerDns(
                new PowerDnsConfig(
                    id,
                    url.get(),
                    serverId.get(),
                    zone,
                    key.get(),
                    timeout.orElse(PowerDnsConfig.DEFAULT_TIMEOUT))),
        key);
  }

  private static Built cloudflare(Section s, Function<String, String> env) {
    Optional<URI> url = s.optional("url", CloudflareConfig.DEFAULT_BASE_URL, ProviderTypes::url);
    Optional<String> zoneId = s.optional("zoneId", ProviderTypes::zoneId);
    Optional<Secret> token = ProviderCredentials.read(s, "token", "the API token", env);
    return new Built(
        (id, zone, timeout) ->
            new ProviderSpec.Cloudflare(
                new CloudflareConfig(
                    id,
                    url.get(),
                    zone,
                    zoneId,
                    token.get(),
                    timeout.orElse(CloudflareConfig.DEFAULT_TIMEOUT))),
        token);
  }

  private static Built desec(Section s, Function<String, String> env) {
    Optional<URI> url = s.optional("url", DesecConfig.DEFAULT_BASE_URL, ProviderTypes::url);
    Optional<Secret> token = ProviderCredentials.read(s, "token", "the API token", env);
    return new Built(
        (id, zone, timeout) ->
            new ProviderSpec.Desec(
                new DesecConfig(
                    id, url.get(), zone, token.get(), timeout.orElse(DesecConfig.DEFAULT_TIMEOUT))),
        token);
  }

  private static Built zoneFile(Section s) {
    Optional<java.nio.file.Path> path =
        s.required(
            "file",
            "the zone file, relative to this file's directory",
            t -> ProviderCredentials.directory(s).resolve(ProviderCredentials.path(t)).normalize());
    return new Built(
        (id, zone, timeout) ->
            new ProviderSpec.ZoneFile(
                new ZoneFileConfig(
                    id, path.get(), zone, timeout.orElse(ZoneFileConfig.DEFAULT_TIMEOUT))),
        Optional.empty());
  }

  static Duration timeout(String text) {
    return Duration.ofMillis(
        ConfigValues.millis(
                (int) ProvidersSection.MIN_TIMEOUT.toMillis(),
                (int) ProvidersSection.MAX_TIMEOUT.toMillis())
            .parse(text));
  }

  private static URI url(String text) {
    URI u;
    try {
      u = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + text + "' is not a URL");
    }
    if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
      throw new IllegalArgumentException(
          "'" + text + "' must be an http or https URL with a host, e.g. https://api.example.com");
    }
    return u;
  }

  private static String zoneId(String text) {
    if (!text.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a Cloudflare zone id (32 hex digits; leave it out to look it up)");
    }
    return text;
  }
}
