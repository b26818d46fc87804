package org.peerprobe.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.config.ConfigTesting.PEER_ID;
import static org.peerprobe.node.config.ConfigTesting.PEER_KEY_HEX;
import static org.peerprobe.node.config.ConfigTesting.errors;
import static org.peerprobe.node.config.ConfigTesting.file;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.p2p.core.Multiaddr;

class NodeConfigFileTest {
  @TempDir Path dir;

  private static final Map<String, String> NO_ENV = Map.of();

  @Test
  void aMinimalFileGetsTheDefaultsAndPathsRelativeToIt() {
    Path f = file(dir, "node.yaml", "network: AS3320", "trustedOperator: " + PEER_ID);
    NodeConfig c = NodeConfigFile.load(f, NO_ENV::get);
    assertThat(c.network()).isEqualTo("AS3320");
    assertThat(c.trustedOperator()).isEqualTo(Ed25519PublicKey.fromHex(PEER_KEY_HEX));
    assertThat(c.listen()).isEqualTo(Multiaddr.parse(NodeConfig.DEFAULT_LISTEN));
    assertThat(c.feedAddress()).isEqualTo(NodeConfig.DEFAULT_FEED_ADDRESS);
    assertThat(c.keyFile()).isEqualTo(dir.toAbsolutePath().resolve("node.key"));
    assertThat(c.dataDir()).isEqualTo(dir.toAbsolutePath().resolve("data"));
    assertThat(c.bundleFile()).isEqualTo(dir.toAbsolutePath().resolve("network.json"));
    assertThat(c.dnsResolvers()).isEmpty();
    assertThat(c.syncGrace()).isEqualTo(NodeConfig.DEFAULT_SYNC_GRACE);
  }

  @Test
  void everyFieldCanBeSet() {
    Path f =
        file(
            dir,
            "node.yaml",
            "keyFile: /etc/peerprobe/node.key",
            "listen: /ip6/::/tcp/4002",
            "feedAddress: '[::1]:9090'",
            "dataDir: /var/lib/peerprobe",
            "network: AS13335",
            "dnsResolvers: [9.9.9.9, '[2620:fe::fe]:53', 1.1.1.1:5353]",
            "bundleFile: ../shared/network.json",
            "syncGrace: 3s",
            "trustedOperator: " + PEER_KEY_HEX);
    NodeConfig c = NodeConfigFile.load(f, NO_ENV::get);
    assertThat(c.syncGrace()).isEqualTo(java.time.Duration.ofSeconds(3));
    assertThat(c.keyFile()).isEqualTo(Path.of("/etc/peerprobe/node.key"));
    assertThat(c.listen()).isEqualTo(Multiaddr.parse("/ip6/::/tcp/4002"));
    assertThat(c.feedAddress()).isEqualTo(new HostPort("::1", 9090));
    assertThat(c.dnsResolvers())
        .containsExactly(
            new HostPort("9.9.9.9", 53),
            new HostPort("2620:fe::fe", 53),
            new HostPort("1.1.1.1", 5353));
    assertThat(c.bundleFile()).isEqualTo(dir.toAbsolutePath().resolve("../shared/network.json"));
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(c.toString()).contains("AS13335", PEER_ID);
  }

  @Test
  void theTemplateLoadsOnceTheVolunteerFillsItIn() {
    Path f = dir.resolve("node.yaml");
    String template = NodeConfigFile.template("node.key", Optional.of("AS3320"));
    List<ConfigError> e =
        errors(() -> NodeConfigFile.load(file(dir, "node.yaml", template), NO_ENV::get));
    assertThat(e).hasSize(1);
    assertThat(e.get(0).field()).isEqualTo("trustedOperator");
    assertThat(e.get(0).message()).contains("has no value", "operator's PeerId");
    assertThat(e.get(0).line()).isEqualTo(lineOf(template, "trustedOperator:"));
    file(
        dir,
        "node.yaml",
        template.replace("trustedOperator:", "trustedOperator: " + PEER_ID + " #"));
    assertThat(NodeConfigFile.load(f, NO_ENV::get).network()).isEqualTo("AS3320");

    String noNetwork = NodeConfigFile.template("node.key", Optional.empty());
    List<ConfigError> e2 =
        errors(() -> NodeConfigFile.load(file(dir, "node.yaml", noNetwork), NO_ENV::get));
    assertThat(e2).extracting(ConfigError::field).containsExactly("network", "trustedOperator");
    assertThat(e2.get(0).line()).isEqualTo(lineOf(noNetwork, "network:"));
  }

  static int lineOf(String text, String prefix) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith(prefix)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line starts with " + prefix);
  }

  @Test
  void environmentVariablesAreSubstituted() {
    Path f =
        file(
            dir,
            "node.yaml",
            "network: ${NET}",
            "trustedOperator: ${OPERATOR}",
            "dataDir: ${STATE_DIRECTORY:-/var/lib/peerprobe}/db",
            "feedAddress: 127.0.0.1:${PORT:-8080}");
    NodeConfig c =
        NodeConfigFile.load(f, Map.of("NET", "AS3320", "OPERATOR", PEER_ID, "PORT", "9000")::get);
    assertThat(c.network()).isEqualTo("AS3320");
    assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/peerprobe/db"));
    assertThat(c.feedAddress().port()).isEqualTo(9000);
  }

  @Test
  void aMissingVariableIsNamedAndABadSecretIsNeverShown() {
    Path f =
        file(
            dir,
            "node.yaml",
            "network: AS3320",
            "trustedOperator: ${OPERATOR}",
            "feedAddress: ${FEED}");
    List<ConfigError> e = errors(() -> NodeConfigFile.load(f, Map.of("FEED", "s3cr3t-value")::get));
    assertThat(e).hasSize(2);
    assertThat(e.get(0))
        .isEqualTo(
            new ConfigError(
                f, 2, 18, "trustedOperator", "environment variable OPERATOR is not set"));
    assertThat(e.get(1).line()).isEqualTo(3);
    assertThat(e.get(1).field()).isEqualTo("feedAddress");
    assertThat(e.get(1).message()).contains("***", "(value from ${FEED})").doesNotContain("s3cr3t");
    assertThat(e.get(1).toString()).startsWith(f + ":3:14: feedAddress: ");
  }

  @Test
  void aSyncGraceOutOfRangeIsRefusedNamingTheField() {
    Path f =
        file(dir, "node.yaml", "network: AS3320", "trustedOperator: " + PEER_ID, "syncGrace: 11m");
    List<ConfigError> e = errors(() -> NodeConfigFile.load(f, NO_ENV::get));
    assertThat(e).singleElement().satisfies(x -> assertThat(x.message()).contains("syncGrace"));
    assertThat(
            NodeConfigFile.load(
                    file(
                        dir,
                        "node.yaml",
                        "network: AS3320",
                        "trustedOperator: " + PEER_ID,
                        "syncGrace: 0s"),
                    NO_ENV::get)
                .syncGrace())
        .as("0 lets a signer without peers sign at once")
        .isZero();
  }
}
