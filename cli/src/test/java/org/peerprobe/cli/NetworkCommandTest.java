package org.peerprobe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.node.config.KeyFile;
import org.peerprobe.node.config.SignedBundleFile;

/** The operator's flow: create, admit observers, sign; and each refusal. */
class NetworkCommandTest {
  @TempDir Path dir;
  private final CliRun cli = new CliRun();
  private final Random random = new Random(42);
  private final Ed25519KeyPair alice = Ed25519KeyPair.generate(random);
  private final Ed25519KeyPair bob = Ed25519KeyPair.generate(random);
  private Path operatorKey;
  private Path bundle;
  private Path network;

  @BeforeEach
  void paths() {
    operatorKey = dir.resolve("operator.key");
    bundle = dir.resolve("bundle.yaml");
    network = dir.resolve("network.json");
  }

  private void create() {
    assertThat(
            cli.run(
                "network",
                "create",
                "--id",
                "example-de",
                "--operator-key",
                operatorKey.toString(),
                "--out",
                bundle.toString()))
        .as(cli.err())
        .isZero();
  }

  private int add(Ed25519KeyPair who, String net, String label) {
    return cli.run(
        "network",
        "add-observer",
        "--bundle",
        bundle.toString(),
        "--peer-id",
        who.publicKey().peerId(),
        "--network",
        net,
        "--label",
        label);
  }

  private int sign(String... extra) {
    String[] base = {
      "network",
      "sign",
      "--bundle",
      bundle.toString(),
      "--operator-key",
      operatorKey.toString(),
      "--out",
      network.toString()
    };
    String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return cli.run(args);
  }

  private NetworkBundle signed() {
    return SignedBundleFile.load(network, KeyFile.read(operatorKey).publicKey(), Optional.empty());
  }

  @Test
  void createAddSignAndSignAgainBumpsTheVersion() throws Exception {
    create();
    assertThat(cli.out()).contains("created operator key", "wrote " + bundle);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(operatorKey)))
        .isEqualTo("rw-------");
    assertThat(add(alice, "AS3320", "alice")).as(cli.err()).isZero();
    assertThat(cli.out()).contains("1 observer on 1 network");
    assertThat(add(bob, "AS13335", "bob")).isZero();
    assertThat(cli.out()).contains("2 observers on 2 networks");

    assertThat(sign()).as(cli.err()).isZero();
    assertThat(cli.out()).contains("signed network example-de version 1", "2 fronts, 1 router");
    assertThat(cli.err()).isEmpty();
    NetworkBundle v1 = signed();
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1.roster().observer(alice.publicKey())).isPresent();

    assertThat(
            cli.run(
                "network",
                "remove-observer",
                "--bundle",
                bundle.toString(),
                "--peer-id",
                alice.publicKey().hex()))
        .isZero();
    assertThat(sign()).isZero();
    assertThat(cli.err())
        .contains("warning: the observers span 1 network but the policy needs minNetworks 2");
    NetworkBundle v2 = signed();
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.roster().observer(alice.publicKey())).isEmpty();

    assertThat(sign("--bundle-version", "2")).isEqualTo(1);
    assertThat(cli.err())
        .contains("--bundle-version 2 must be at least 1 and above the version at");
    assertThat(sign("--bundle-version", "10")).isZero();
    assertThat(signed().version()).isEqualTo(10);
  }

  @Test
  void createReusesAnExistingOperatorKeyAndRefusesToOverwrite() throws Exception {
    Ed25519KeyPair op = Ed25519KeyPair.generate(random);
    KeyFile.write(operatorKey, op, false);
    create();
    assertThat(cli.out()).doesNotContain("created operator key").contains(op.publicKey().peerId());
    assertThat(Files.readString(bundle)).contains("operator: \"" + op.publicKey().peerId() + "\"");
    assertThat(
            cli.run(
                "network",
                "create",
                "--id",
                "example-de",
                "--operator-key",
                operatorKey.toString(),
                "--out",
                bundle.toString()))
        .isEqualTo(1);
    assertThat(cli.err()).contains("already exists; use --force");
    assertThat(
            cli.run(
                "network", "create", "--id", "Bad Id", "--operator-key", operatorKey.toString()))
        .isEqualTo(1);
  }

  @Test
  void signRefusesAnotherOperatorsKey() throws Exception {
    create();
    add(alice, "AS3320", "alice");
    KeyFile.write(operatorKey, Ed25519KeyPair.generate(random), true);
    assertThat(sign()).isEqualTo(1);
    assertThat(cli.err()).contains("operator is", "sign with the bundle's operator key");
    assertThat(network).doesNotExist();
  }

  @Test
  void signRefusesAnOperatorKeyOthersCanRead() throws Exception {
    create();
    add(alice, "AS3320", "alice");
    Files.setPosixFilePermissions(operatorKey, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(sign()).isEqualTo(1);
    assertThat(cli.err()).contains("rw-r--r--", "chmod 600 " + operatorKey);
    assertThat(network).doesNotExist();
  }

  @Test
  void signRefusesARosterWithoutObserversAndBrokenYamlWithLines() throws Exception {
    create();
    assertThat(sign()).isEqualTo(1);
    assertThat(cli.err()).contains(bundle + ":", ": observers: the roster has no observers yet");

    add(alice, "AS3320", "alice");
    String text = Files.readString(bundle);
    Files.writeString(bundle, text.replace("roundInterval: 30s", "roundInterval: 30 seconds"));
    int line = lineOf(Files.readString(bundle), "roundInterval:");
    assertThat(sign()).isEqualTo(1);
    assertThat(cli.err())
        .contains(
            "1 problem:",
            bundle + ":" + line + ":16: roundInterval: '30 seconds' is not a duration");
  }

  @Test
  void addObserverRefusesBadInputAndDuplicates() {
    create();
    assertThat(add(alice, "AS3320", "alice")).isZero();
    assertThat(add(alice, "AS3320", "alice again")).isEqualTo(1);
    assertThat(cli.err()).contains("is already in the roster");
    assertThat(
            cli.run(
                "network",
                "add-observer",
                "--bundle",
                bundle.toString(),
                "--peer-id",
                "12D3KooWnope",
                "--network",
                "AS1",
                "--label",
                "x"))
        .isEqualTo(1);
    assertThat(cli.err()).contains("--peer-id '12D3KooWnope' is neither a PeerId");
    assertThat(add(bob, "AS 1", "bob")).isEqualTo(1);
    assertThat(cli.err()).contains("network must be");
    assertThat(
            cli.run(
                "network",
                "remove-observer",
                "--bundle",
                bundle.toString(),
                "--peer-id",
                bob.publicKey().peerId()))
        .isEqualTo(1);
    assertThat(cli.err()).contains("is not in the roster");
    assertThat(cli.run("network", "add-observer", "--bundle", bundle.toString())).isEqualTo(2);
    assertThat(cli.err()).contains("Missing required options");
  }

  @Test
  void signRefusesToOverwriteAnotherNetworksBundle() throws Exception {
    create();
    add(alice, "AS3320", "alice");
    Files.writeString(network, "{}");
    assertThat(sign()).isEqualTo(1);
    assertThat(cli.err()).contains(network + ": signedBundle.bundle: MALFORMED: missing");
  }

  @Test
  void helpListsTheOperatorCommands() {
    assertThat(cli.run("network")).isZero();
    assertThat(cli.out()).contains("create", "add-observer", "remove-observer", "sign");
    assertThat(cli.run("--help")).isZero();
    assertThat(cli.out()).contains("init", "network");
  }

  private static int lineOf(String text, String prefix) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith(prefix)) {
        return i + 1;
      }
    }
    throw new AssertionError(prefix);
  }
}
