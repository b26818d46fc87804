package org.peerprobe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.node.config.ConfigException;
import org.peerprobe.node.config.KeyFile;
import org.peerprobe.node.config.NodeConfig;
import org.peerprobe.node.config.NodeConfigFile;

class InitCommandTest {
  @TempDir Path dir;
  private final CliRun cli = new CliRun();

  @Test
  void createsAnOwnerOnlyKeyAndAConfigAndPrintsThePeerId() throws Exception {
    Path node = dir.resolve("node");
    assertThat(cli.run("init", "--dir", node.toString(), "--network", "AS3320")).isZero();
    Path key = node.resolve("node.key");
    Ed25519KeyPair pair = KeyFile.read(key);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(cli.out())
        .contains("peer id  " + pair.publicKey().peerId(), "Next steps", "peerprobe node --config")
        .doesNotContain(java.util.HexFormat.of().formatHex(pair.seed()));

    // The template is complete but for the operator's PeerId, which the error points at.
    Path config = node.resolve("node.yaml");
    assertThat(Files.readString(config)).contains("network: AS3320", "keyFile: node.key");
    ConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigException.class,
            () -> NodeConfigFile.load(config, Map.<String, String>of()::get));
    assertThat(e.errors())
        .singleElement()
        .satisfies(x -> assertThat(x.field()).isEqualTo("trustedOperator"));
    Files.writeString(
        config,
        Files.readString(config)
            .replace("trustedOperator:", "trustedOperator: " + pair.publicKey().peerId() + " #"));
    NodeConfig c = NodeConfigFile.load(config, Map.<String, String>of()::get);
    assertThat(c.keyFile()).isEqualTo(key.toAbsolutePath());
    assertThat(KeyFile.read(c.keyFile())).isEqualTo(pair);
  }

  @Test
  void refusesToReplaceAnIdentityUnlessForced() throws Exception {
    assertThat(cli.run("init", "--dir", dir.toString())).isZero();
    Ed25519KeyPair first = KeyFile.read(dir.resolve("node.key"));
    assertThat(cli.run("init", "--dir", dir.toString())).isEqualTo(1);
    assertThat(cli.err()).contains("node.key already exists; use --force");
    assertThat(KeyFile.read(dir.resolve("node.key"))).isEqualTo(first);
    assertThat(cli.run("init", "--dir", dir.toString(), "--force", "--network", "AS13335"))
        .isZero();
    assertThat(KeyFile.read(dir.resolve("node.key"))).isNotEqualTo(first);
  }

  @Test
  void withoutANetworkTheTemplateAsksForOne() throws Exception {
    assertThat(cli.run("init", "--dir", dir.toString())).isZero();
    assertThat(Files.readString(dir.resolve("node.yaml")))
        .contains("network:           # REQUIRED");
    assertThat(cli.out()).contains("set network too");
  }

  @Test
  void rejectsABadNetworkAndUnknownOptions() {
    assertThat(cli.run("init", "--dir", dir.toString(), "--network", "AS 3320")).isEqualTo(1);
    assertThat(cli.err()).contains("--network 'AS 3320' is not");
    assertThat(cli.run("init", "--bogus")).isEqualTo(2);
    assertThat(cli.err()).contains("--bogus");
  }
}
