package org.peerprobe.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.config.ConfigTesting.errors;
import static org.peerprobe.node.config.ConfigTesting.file;
import static org.peerprobe.node.config.ProvidersTesting.load;
import static org.peerprobe.node.config.ProvidersTesting.secretFile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No credential ever appears in a {@link ConfigException}, whichever way the configuration is
 * wrong: a credential that the provider's configuration refuses, one pasted into the field meant
 * for its variable's name or file name, one in a file with loose permissions, one substituted into
 * another field by {@code ${VAR}}.
 */
class ProviderSecretsTest {
  /** Not valid base64, too short, and easy to find in a message. */
  static final String SECRET = "S3CR3T-marker-7d1f!";

  /** Valid base64 but too short for TSIG; its decoded form is checked too. */
  static final String SHORT_BASE64 = "c2VjcmV0LW1hcmtlcg==";

  @TempDir Path dir;

  @Test
  void noMessageHoldsTheSecret() {
    secretFile(dir, "loose.key", SECRET, "rw-rw-r--");
    secretFile(dir, "short.key", SHORT_BASE64, "rw-------");
    Map<String, String> env = Map.of("BAD_TSIG", SECRET, "TOKEN", SECRET);
    Path f =
        file(
            dir,
            "p.yaml",
            "providers:",
            // A secret the configuration refuses (not base64).
            "  - {id: a, type: rfc2136, zone: x., server: 127.0.0.1, tsigKey: k.,"
                + " tsigSecretEnv: BAD_TSIG}",
            // Valid base64 but too short, from a file.
            "  - {id: b, type: rfc2136, zone: x., server: 127.0.0.1, tsigKey: k.,"
                + " tsigSecretFile: short.key}",
            // The secret pasted where a variable's name belongs.
            "  - {id: c, type: desec, zone: x., tokenEnv: '" + SECRET + "'}",
            // The secret pasted where a file name belongs.
            "  - {id: d, type: desec, zone: x., tokenFile: '" + SECRET + "'}",
            // A file with the secret that others can read.
            "  - {id: e, type: powerdns, zone: x., url: 'http://127.0.0.1:1',"
                + " apiKeyFile: loose.key}",
            // The secret substituted into fields that are not credentials.
            "  - {id: f, type: cloudflare, zone: x., tokenEnv: TOKEN, zoneId: '${TOKEN}'}",
            "  - {id: g, type: desec, zone: x., tokenEnv: TOKEN, url: '${TOKEN}'}",
            "  - {id: h, type: zonefile, zone: '${TOKEN}', file: z}",
            // Both ways given, and a field the type does not have.
            "  - {id: i, type: desec, zone: x., tokenEnv: TOKEN, tokenFile: loose.key,"
                + " apiKeyEnv: TOKEN}");
    ConfigException[] caught = new ConfigException[1];
    List<ConfigError> e =
        errors(
            () -> {
              try {
                load(f, env, Optional.empty());
              } catch (ConfigException x) {
                caught[0] = x;
                throw x;
              }
            });
    assertThat(e)
        .extracting(ConfigError::field)
        .contains(
            "providers[0]",
            "providers[1]",
            "providers[2].tokenEnv",
            "providers[3].tokenFile",
            "providers[4].apiKeyFile",
            "providers[5].zoneId",
            "providers[6].url",
            "providers[7].zone",
            "providers[8].tokenFile",
            "providers[8].apiKeyEnv");
    String all = caught[0].getMessage();
    for (String m : List.of(all, e.toString())) {
      assertThat(m).doesNotContainIgnoringCase(SECRET);
      assertThat(m).doesNotContainIgnoringCase("marker");
      assertThat(m).doesNotContain(SHORT_BASE64);
    }
    assertThat(all).contains("env BAD_TSIG", "not valid base64", "shorter than", "chmod 600");
  }
}
