package org.peerprobe.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.config.ConfigTesting.errors;
import static org.peerprobe.node.config.ConfigTesting.file;
import static org.peerprobe.node.config.ProvidersTesting.TSIG_SECRET;
import static org.peerprobe.node.config.ProvidersTesting.load;
import static org.peerprobe.node.config.ProvidersTesting.secretFile;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.node.dns.ProviderSpec;
import org.peerprobe.node.dns.cloudflare.CloudflareConfig;
import org.peerprobe.node.dns.desec.DesecConfig;
import org.peerprobe.node.dns.powerdns.PowerDnsConfig;
import org.peerprobe.node.dns.rfc2136.Rfc2136Config;
import org.peerprobe.node.dns.rfc2136.TsigAlgorithm;
import org.peerprobe.node.dns.zonefile.ZoneFileConfig;

/** The {@code providers:} list: every type, defaults, and each problem with its position. */
class ProvidersSectionTest {
  static final Map<String, String> ENV =
      Map.of("TSIG_SECRET", TSIG_SECRET, "CF_API_TOKEN", "cf-token", "DESEC_TOKEN", "desec-tok");
  static final String CF_ZONE_ID = "0123456789abcdef0123456789abcdef";

  @TempDir Path dir;

  @Test
  void everyTypeIsReadWithItsDefaults() {
    secretFile(dir, "pdns.key", "pdns-key\n", "rw-------");
    Path f =
        file(
            dir,
            "p.yaml",
            "providers:",
            "  - id: bind",
            "    type: rfc2136",
            "    zone: Example.COM",
            "    server: 127.0.0.1:5353",
            "    tsigKey: ci-key",
            "    tsigAlgorithm: hmac-sha512",
            "    tsigSecretEnv: TSIG_SECRET",
            "    timeout: 2s",
            "  - { id: pdns, type: powerdns, zone: example.com., url: 'http://127.0.0.1:8081',"
                + " apiKeyFile: pdns.key }",
            "  - { id: cf, type: cloudflare, zone: example.com., zoneId: "
                + CF_ZONE_ID
                + ","
                + " tokenEnv: CF_API_TOKEN }",
            "  - { id: desec, type: DESEC, zone: example.com., tokenEnv: DESEC_TOKEN,"
                + " url: 'http://127.0.0.1:9/api/v1', timeout: 500ms }",
            "  - { id: local, type: zonefile, zone: example.com., file: zones/example.com.zone }");
    List<ProviderSpec> specs = load(f, ENV, Optional.empty());

    assertThat(specs)
        .extracting(ProviderSpec::id)
        .containsExactly("bind", "pdns", "cf", "desec", "local");
    assertThat(specs).extracting(ProviderSpec::type).containsExactlyElementsOf(ProviderSpec.TYPES);
    assertThat(specs).extracting(ProviderSpec::zone).containsOnly("example.com.");

    Rfc2136Config bind = ((ProviderSpec.Rfc2136) specs.get(0)).config();
    assertThat(bind.server()).isEqualTo(new HostPort("127.0.0.1", 5353));
    assertThat(bind.keyName()).isEqualTo("ci-key.");
    assertThat(bind.algorithm()).isEqualTo(TsigAlgorithm.HMAC_SHA512);
    assertThat(bind.secret().reveal()).isEqualTo(TSIG_SECRET);
    assertThat(bind.secret().origin()).isEqualTo("env TSIG_SECRET");
    assertThat(bind.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(bind.tcp()).isEqualTo(Rfc2136Config.DEFAULT_TCP);

    PowerDnsConfig pdns = ((ProviderSpec.PowerDns) specs.get(1)).config();
    assertThat(pdns.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8081"));
    assertThat(pdns.serverId()).isEqualTo(PowerDnsConfig.DEFAULT_SERVER_ID);
    assertThat(pdns.apiKey().reveal()).isEqualTo("pdns-key");
    assertThat(pdns.apiKey().origin()).isEqualTo("file " + dir.resolve("pdns.key"));
    assertThat(pdns.timeout()).isEqualTo(PowerDnsConfig.DEFAULT_TIMEOUT);

    CloudflareConfig cf = ((ProviderSpec.Cloudflare) specs.get(2)).config();
    assertThat(cf.baseUrl()).isEqualTo(CloudflareConfig.DEFAULT_BASE_URL);
    assertThat(cf.zoneId()).contains(CF_ZONE_ID);
    assertThat(cf.token().reveal()).isEqualTo("cf-token");

    DesecConfig desec = ((ProviderSpec.Desec) specs.get(3)).config();
    assertThat(desec.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:9/api/v1"));
    assertThat(desec.timeout()).isEqualTo(Duration.ofMillis(500));

    ZoneFileConfig local = ((ProviderSpec.ZoneFile) specs.get(4)).config();
    assertThat(local.file()).isEqualTo(dir.toAbsolutePath().resolve("zones/example.com.zone"));
    assertThat(local.timeout()).isEqualTo(ZoneFileConfig.DEFAULT_TIMEOUT);

    assertThat(specs.toString()).doesNotContain(TSIG_SECRET, "pdns-key", "cf-token", "desec-tok");
  }

  @Test
  void aCloudflareZoneIdAndADesecUrlMayBeLeftOut() {
    Path f =
        file(
            dir,
            "p.yaml",
            "providers:",
            "  - {id: cf, type: cloudflare, zone: example.com., tokenEnv: CF_API_TOKEN}",
            "  - {id: desec, type: desec, zone: example.com., tokenEnv: DESEC_TOKEN}");
    List<ProviderSpec> specs = load(f, ENV, Optional.empty());
    assertThat(((ProviderSpec.Cloudflare) specs.get(0)).config().zoneId()).isEmpty();
    assertThat(((ProviderSpec.Desec) specs.get(1)).config().baseUrl())
        .isEqualTo(DesecConfig.DEFAULT_BASE_URL);
  }

  @Test
  void theFilesZoneIsUsedWhenAProviderLeavesItOutAndAnotherZoneIsRefused() {
    Path f =
        file(
            dir,
            "p.yaml",
            "providers:",
            "  - {id: a, type: zonefile, file: a.zone}",
            "  - {id: b, type: zonefile, file: b.zone, zone: example.com}",
            "  - {id: c, type: zonefile, file: c.zone, zone: example.org.}");
    List<ConfigError> e = errors(() -> load(f, ENV, Optional.of("example.com.")));
    assertThat(e).hasSize(1);
    assertThat(e.get(0).field()).isEqualTo("providers[2].zone");
    assertThat(e.get(0).line()).isEqualTo(4);
    assertThat(e.get(0).message()).contains("example.org.", "example.com.");

    Path ok = file(dir, "ok.yaml", "providers:", "  - {id: a, type: zonefile, file: a.zone}");
    assertThat(load(ok, ENV, Optional.of("example.com.")).get(0).zone()).isEqualTo("example.com.");
  }

  @Test
  void anUnknownTypeIsReportedAtItsPosition() {
    Path f = file(dir, "p.yaml", "providers:", "  - id: x", "    type: route53", "    zone: a.");
    ConfigError e = single(f);
    assertThat(e).isEqualTo(error(f, 3, 11, "providers[0].type", e.message()));
    assertThat(e.message()).contains("route53", "rfc2136 powerdns".replace(" ", ", "));
    assertThat(e.toString()).startsWith(f + ":3:11: providers[0].type: ");
  }

  @Test
  void aMissingTypeOrIdIsReported() {
    Path f =
        file(
            dir,
            "p.yaml",
            "providers:",
            "  - {id: x, zone: a.}",
            "  - {type: zonefile, zone: a., file: z}");
    List<ConfigError> e = errors(() -> load(f, ENV, Optional.empty()));
    assertThat(e)
        .extracting(ConfigError::field)
        .containsExactly("providers[0].type", "providers[1].id");
    assertThat(e).extracting(ConfigError::line).containsExactly(2, 3);
  }

  @Test
  void aDuplicateIdPointsAtTheFirst() {
    Path f =
        file(
            dir,
            "p.yaml",
            "providers:",
            "  - {id: z, type: zonefile, zone: a., file: one}",
            "  - {id: z, type: zonefile, zone: a., file: two}");
    ConfigError e = single(f);
    assertThat(e.field()).isEqualTo("providers[1].id");
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.message()).contains("'z' is used twice", "line 2");
  }

  @Test
  void fieldsOfAnotherTypeAndBadValuesAreReported() {
    Path f =
        file(
            dir,
            "p.yaml",
            "providers:",
            "  - {id: z, type: zonefile, zone: a., file: f, tokenEnv: X}",
            "  - {id: 'bad id', type: zonefile, zone: a., file: f}",
            "  - {id: t, type: zonefile, zone: a., file: f, timeout: 5m}",
            "  - {id: u, type: desec, zone: a., tokenEnv: DESEC_TOKEN, url: 'ftp://x'}",
            "  - {id: c, type: cloudflare, zone: a., tokenEnv: CF_API_TOKEN, zoneId: nope}",
            "  - {id: r, type: rfc2136, zone: a., server: '127.0.0.1:99999', tsigKey: k.,"
                + " tsigAlgorithm: hmac-md5, tsigSecretEnv: TSIG_SECRET}");
    List<ConfigError> e = errors(() -> load(f, ENV, Optional.empty()));
    assertThat(e)
        .extracting(ConfigError::field)
        .containsExactly(
            "providers[0].tokenEnv",
            "providers[1].id",
            "providers[2].timeout",
            "providers[3].url",
            "providers[4].zoneId",
            "providers[5].server",
            "providers[5].tsigAlgorithm");
    assertThat(e.get(0).message()).contains("unknown field");
  }

  @Test
  void aTsigSecretTheConfigurationRefusesIsReportedAtTheProvider() {
    Path f =
        file(
            dir,
            "p.yaml",
            "providers:",
            "  - {id: r, type: rfc2136, zone: a., server: 127.0.0.1, tsigKey: k.,"
                + " tsigSecretEnv: SHORT}");
    ConfigError e = single(f, Map.of("SHORT", "c2hvcnQ="));
    assertThat(e.field()).isEqualTo("providers[0]");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.message()).contains("shorter than", "env SHORT");
  }

  @Test
  void anEmptyOrMissingListIsReported() {
    assertThat(single(file(dir, "a.yaml", "providers: []")).message()).contains("at least one");
    assertThat(single(file(dir, "b.yaml", "zone: a.")).message()).contains("is required");
  }

  private ConfigError single(Path f) {
    return single(f, ENV);
  }

  private static ConfigError single(Path f, Map<String, String> env) {
    List<ConfigError> e = errors(() -> load(f, env, Optional.empty()));
    assertThat(e).hasSize(1);
    return e.get(0);
  }

  private static ConfigError error(Path f, int line, int col, String field, String message) {
    return new ConfigError(f, line, col, field, message);
  }
}
