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

/** A provider's credential: exactly one of a variable or an owner-only file, each problem named. */
class ProviderCredentialsTest {
  static final Map<String, String> ENV = ProvidersSectionTest.ENV;

  @TempDir Path dir;

  @Test
  void aMissingCredentialNamesBothWaysOfGivingIt() {
    Path f = file(dir, "p.yaml", "providers:", "  - {id: d, type: desec, zone: a.}");
    ConfigError e = single(f);
    assertThat(e.field()).isEqualTo("providers[0].tokenEnv");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.message()).contains("tokenEnv", "tokenFile", "is required");
  }

  @Test
  void bothEnvAndFileIsAnError() {
    secretFile(dir, "t", "tok", "rw-------");
    Path f =
        file(
            dir,
            "p.yaml",
            "providers:",
            "  - id: d",
            "    type: desec",
            "    zone: a.",
            "    tokenEnv: DESEC_TOKEN",
            "    tokenFile: t");
    ConfigError e = single(f);
    assertThat(e).isEqualTo(error(f, 6, 16, "providers[0].tokenFile", e.message()));
    assertThat(e.message()).contains("not both");
  }

  @Test
  void anUnsetOrEmptyVariableIsNamed() {
    Path f =
        file(
            dir,
            "p.yaml",
            "providers:",
            "  - {id: d, type: desec, zone: a., tokenEnv: NOT_SET}",
            "  - {id: e, type: desec, zone: a., tokenEnv: EMPTY}");
    List<ConfigError> e = errors(() -> load(f, Map.of("EMPTY", " "), Optional.empty()));
    assertThat(e)
        .extracting(ConfigError::field)
        .containsExactly("providers[0].tokenEnv", "providers[1].tokenEnv");
    assertThat(e.get(0).message()).contains("NOT_SET", "not set");
    assertThat(e.get(1).message()).contains("EMPTY", "is empty");
  }

  @Test
  void aCredentialFileOthersCanReadIsRefusedWithTheFix() {
    Path key = secretFile(dir, "pdns.key", "k", "rw-r--r--");
    Path f =
        file(
            dir,
            "p.yaml",
            "providers:",
            "  - {id: p, type: powerdns, zone: a., url: 'http://127.0.0.1:1', apiKeyFile: pdns.key}");
    ConfigError e = single(f);
    assertThat(e.field()).isEqualTo("providers[0].apiKeyFile");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.message()).contains("rw-r--r--", "chmod 600 " + key);
  }

  @Test
  void aMissingOrEmptyCredentialFileIsReported() {
    secretFile(dir, "empty", "\n", "rw-------");
    Path f =
        file(
            dir,
            "p.yaml",
            "providers:",
            "  - {id: a, type: desec, zone: a., tokenFile: missing}",
            "  - {id: b, type: desec, zone: a., tokenFile: empty}");
    List<ConfigError> e = errors(() -> load(f, ENV, Optional.empty()));
    assertThat(e).hasSize(2);
    assertThat(e.get(0).message()).contains("no such file", dir.toAbsolutePath().toString());
    assertThat(e.get(1).message()).contains("is empty");
  }

  private static ConfigError single(Path f) {
    List<ConfigError> e = errors(() -> load(f, ENV, Optional.empty()));
    assertThat(e).hasSize(1);
    return e.get(0);
  }

  private static ConfigError error(Path f, int line, int col, String field, String message) {
    return new ConfigError(f, line, col, field, message);
  }
}
