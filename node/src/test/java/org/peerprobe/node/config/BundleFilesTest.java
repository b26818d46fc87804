package org.peerprobe.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.config.ConfigTesting.errors;
import static org.peerprobe.node.config.ConfigTesting.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.failover.FailbackMode;
import org.peerprobe.consensus.model.Front;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.consensus.model.Ratio;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.testing.TestKeys;

/** bundle.yaml → BundleSource → written back; NetworkBundle → network.json → verified. */
class BundleFilesTest {
  @TempDir Path dir;

  private static final Map<String, String> NO_ENV = Map.of();
  private final Ed25519KeyPair operator = TestKeys.operator();

  private BundleSource withObservers() {
    return BundleSource.template("example-de", operator.publicKey())
        .withObserver(
            new Observer(TestKeys.key(1).publicKey(), "AS3320", "alice \"a\" $HOME ${X}", 2))
        .withObserver(new Observer(TestKeys.key(2).publicKey(), "AS13335", "bob", 1));
  }

  @Test
  void aWrittenSourceReadsBackTheSame() throws Exception {
    Path f = dir.resolve("bundle.yaml");
    BundleSource s = withObservers();
    BundleSourceFile.write(f, s, false);
    assertThat(BundleSourceFile.load(f, NO_ENV::get)).isEqualTo(s);
    assertThat(Files.readString(f))
        .contains("networkId: example-de", "# version: 1", "threshold: 2/3");

    BundleSource fewer = s.withoutObserver(TestKeys.key(1).publicKey());
    BundleSourceFile.write(f, fewer, true);
    assertThat(BundleSourceFile.load(f, NO_ENV::get).observers()).hasSize(1);
  }

  @Test
  void friendlyValuesBecomeTheBundle() {
    Path f =
        file(
            dir,
            "bundle.yaml",
            "networkId: example-de",
            "version: 4",
            "operator: " + operator.publicKey().peerId(),
            "roundInterval: 1m",
            "allowPrivateAddresses: yes",
            "policy: {threshold: 3/4, minNetworks: 3, maxNetworkShare: 2/5}",
            "signers: [" + TestKeys.signer().publicKey().hex() + "]",
            "observers:",
            "  - {peerId: " + TestKeys.key(1).publicKey().peerId() + ", network: AS3320, label: a}",
            "fronts:",
            "  - id: local",
            "    hostname: 127.0.0.1",
            "    url: http://127.0.0.1:8080/health",
            "    expectedStatus: [301, 200-204]",
            "    bodyContains: ${BODY:-ok}",
            "    attempts: 3",
            "    timeouts: {dns: 500ms, connect: 1s, tls: 1s, firstByte: 2s, total: 15s}",
            "  - {id: other, hostname: other.example.org, url: 'https://other.example.org/'}",
            "routers:",
            "  - {name: web, primary: local, secondary: other, ttl: 2m, failback: MANUAL}",
            "bootstrapPeers:",
            "  - /dns4/boot.example.org/tcp/4001/p2p/" + TestKeys.key(1).publicKey().peerId());
    NetworkBundle b = BundleSourceFile.loadBundle(f, NO_ENV::get, 4);
    assertThat(b.networkId()).isEqualTo("example-de");
    assertThat(b.version()).isEqualTo(4);
    assertThat(b.roundIntervalSeconds()).isEqualTo(60);
    assertThat(b.roster().policy().threshold()).isEqualTo(new Ratio(3, 4));
    assertThat(b.roster().signers()).containsExactly(TestKeys.signer().publicKey());
    assertThat(b.roster().observers().get(0).weight()).isEqualTo(1);
    Front local = b.front("local").orElseThrow();
    assertThat(local.expectedStatus())
        .containsExactly(new Front.StatusRange(200, 204), new Front.StatusRange(301, 301));
    assertThat(local.bodyContains()).contains("ok");
    assertThat(local.timeouts()).isEqualTo(new Front.Timeouts(500, 1000, 1000, 2000, 15000));
    assertThat(b.front("other").orElseThrow().timeouts()).isEqualTo(Front.Timeouts.DEFAULT);
    assertThat(b.routers().get(0).ttlSeconds()).isEqualTo(120);
    assertThat(b.routers().get(0).policy().failback()).isEqualTo(FailbackMode.MANUAL);
    assertThat(b.allowPrivateAddresses()).isTrue();
    assertThat(BundleSourceFile.load(f, NO_ENV::get).version()).isEqualTo(OptionalLong.of(4));
    // The same source, written in the standard layout, reads back equal.
    BundleSource source = BundleSource.of(b);
    assertThat(source.toBundle(4)).isEqualTo(b);
  }

  @Test
  void aSourceWithoutObserversIsNotYetABundle() throws Exception {
    Path f = dir.resolve("bundle.yaml");
    BundleSourceFile.write(f, BundleSource.template("example-de", operator.publicKey()), false);
    List<ConfigError> e = errors(() -> BundleSourceFile.loadBundle(f, NO_ENV::get, 1));
    assertThat(e).hasSize(1);
    assertThat(e.get(0).field()).isEqualTo("observers");
    assertThat(e.get(0).line()).isPositive();
    assertThat(e.get(0).message()).contains("peerprobe network add-observer");
  }

  @Test
  void theSignedBundleFileIsVerifiedAgainstTheTrustedOperator() throws Exception {
    Path f = dir.resolve("network.json");
    NetworkBundle b = withObservers().toBundle(1);
    SignedBundleFile.write(f, SignedBundle.sign(b, operator));
    assertThat(Files.readString(f)).endsWith("}\n");
    assertThat(SignedBundleFile.load(f, operator.publicKey(), Optional.empty())).isEqualTo(b);

    ConfigError notTrusted =
        errors(() -> SignedBundleFile.load(f, TestKeys.key(5).publicKey(), Optional.empty()))
            .get(0);
    assertThat(notTrusted.toString())
        .startsWith(f + ": refused: NOT_THE_OPERATOR: bundle names operator ");

    ConfigError stale =
        errors(() -> SignedBundleFile.load(f, operator.publicKey(), Optional.of(b))).get(0);
    assertThat(stale.message()).startsWith("refused: STALE_VERSION");

    Files.writeString(f, Files.readString(f).replace("\"attempts\":2", "\"attempts\":2,\"x\":1"));
    ConfigError malformed = errors(() -> SignedBundleFile.read(f)).get(0);
    assertThat(malformed.field()).isEqualTo("signedBundle.bundle.fronts[0].x");
    assertThat(malformed.message()).isEqualTo("MALFORMED: unknown field");
  }
}
