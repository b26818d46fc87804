package org.peerprobe.node.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.Secret;
import org.peerprobe.node.dns.rfc2136.Rfc2136Config;
import org.peerprobe.node.dns.rfc2136.Rfc2136Provider;
import org.peerprobe.node.dns.rfc2136.TsigAlgorithm;
import org.peerprobe.node.dns.zonefile.ZoneFileConfig;
import org.peerprobe.node.dns.zonefile.ZoneFileProvider;

/**
 * Where the demo's signer writes the router record: by default a BIND-format zone file in a
 * temporary directory, or a provider named by a URI ({@code --dns}):
 *
 * <ul>
 *   <li>{@code zonefile:/path/to/demo.zone?zone=demo.peerprobe.test}
 *   <li>{@code rfc2136://127.0.0.1:15353?zone=example.test&key-name=ci-key&key-secret-file=F} (or
 *       {@code key-secret-env=VAR}; {@code key-algorithm=hmac-sha512} optional)
 * </ul>
 *
 * @param provider the provider
 * @param routerRecord the router record's absolute name, {@code web-router.<zone>}
 */
public record DemoDns(DnsProvider provider, String routerRecord) {
  /** The zone of the default zone file, which also holds the demo fronts' names. */
  public static final String DEFAULT_ZONE = "demo.peerprobe.test.";

  private static final Set<String> RFC2136_PARAMS =
      Set.of("zone", "key-name", "key-secret-file", "key-secret-env", "key-algorithm");

  /** The default: a fresh zone file under the system's temporary directory. */
  public static DemoDns defaultZoneFile() throws IOException {
    Path dir = Files.createTempDirectory("peerprobe-demo-");
    return zoneFile(dir.resolve("demo.peerprobe.test.zone"), DEFAULT_ZONE);
  }

  /**
   * Opens the provider {@code uri} names.
   *
   * @throws IllegalArgumentException naming what is wrong with the URI (never a secret)
   */
  public static DemoDns parse(String uri) {
    URI u = URI.create(uri);
    Map<String, String> q = query(u);
    String zone = absolute(required(q, "zone"));
    switch (String.valueOf(u.getScheme())) {
      case "zonefile":
        return zoneFile(
            Path.of(u.getPath() != null ? u.getPath() : u.getSchemeSpecificPart()), zone);
      case "rfc2136":
        for (String k : q.keySet()) {
          if (!RFC2136_PARAMS.contains(k)) {
            throw new IllegalArgumentException("--dns: unknown parameter '" + k + "'");
          }
        }
        Secret secret = secret(q);
        Rfc2136Config.Builder b =
            Rfc2136Config.builder()
                .id("rfc2136")
                .server(u.getHost() + ":" + (u.getPort() < 0 ? 53 : u.getPort()))
                .zone(zone);
        String alg = q.getOrDefault("key-algorithm", "hmac-sha256");
        b.key(required(q, "key-name"), TsigAlgorithm.parse(alg), secret);
        return new DemoDns(Rfc2136Provider.open(b.build()), "web-router." + zone);
      default:
        throw new IllegalArgumentException(
            "--dns: scheme must be zonefile: or rfc2136://, got " + u.getScheme());
    }
  }

  private static DemoDns zoneFile(Path file, String zone) {
    ZoneFileProvider p =
        ZoneFileProvider.open(
            ZoneFileConfig.builder().id("zonefile").file(file).zone(zone).build());
    return new DemoDns(p, "web-router." + zone);
  }

  private static Secret secret(Map<String, String> q) {
    if (q.containsKey("key-secret-file") == q.containsKey("key-secret-env")) {
      throw new IllegalArgumentException(
          "--dns: give exactly one of key-secret-file and key-secret-env");
    }
    if (q.containsKey("key-secret-env")) {
      String var = q.get("key-secret-env");
      String v = System.getenv(var);
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException("--dns: environment variable " + var + " is not set");
      }
      return Secret.of(v.trim(), "env " + var);
    }
    Path f = Path.of(q.get("key-secret-file"));
    try {
      return Secret.of(Files.readString(f).trim(), "file " + f);
    } catch (IOException e) {
      throw new IllegalArgumentException("--dns: cannot read key-secret-file " + f + ": " + e);
    }
  }

  private static Map<String, String> query(URI u) {
    Map<String, String> q = new LinkedHashMap<>();
    String raw = u.getRawQuery();
    if (raw == null) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      q.put(k, v);
    }
    return q;
  }

  private static String required(Map<String, String> q, String key) {
    String v = q.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--dns: missing parameter '" + key + "'");
    }
    return v;
  }

  private static String absolute(String zone) {
    return zone.endsWith(".") ? zone : zone + ".";
  }
}
