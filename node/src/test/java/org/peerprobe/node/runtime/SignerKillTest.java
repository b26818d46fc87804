package org.peerprobe.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.config.NodeConfig;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.emulator.DesecEmulator;
import org.peerprobe.node.dns.emulator.EmulatorServer;
import org.peerprobe.node.dns.zonefile.ZoneFileConfig;
import org.peerprobe.node.dns.zonefile.ZoneFileProvider;
import org.peerprobe.node.signer.Fence;
import org.peerprobe.node.testing.TestFront;
import org.peerprobe.p2p.testing.Await;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * The signer in its own JVM, configured by node.yaml with two providers (a zone file and deSEC): it
 * writes a failover to the zone file while deSEC fails, is killed with SIGKILL before deSEC took
 * the write, and after its restart on the same data directory both providers hold the same target
 * within a round or two.
 */
class SignerKillTest {
  static final Duration WAIT = Duration.ofSeconds(45);
  static final String ZONE = "peerprobe.test.";
  static final String ROUTER_RECORD = "web-router.peerprobe.test.";
  static final String TOKEN = "desec-kill-test-token-7f3a";

  @TempDir Path root;
  private final NioEventLoopGroup group = new NioEventLoopGroup(1);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void aSignerKilledBetweenTwoProvidersBringsBothToTheSameTargetAfterRestart() throws Exception {
    TestFront primary = TestFront.http(group);
    TestFront secondary = TestFront.http(group);
    open.add(primary);
    open.add(secondary);
    DesecEmulator desec = new DesecEmulator(ZONE, TOKEN).minimumTtl(60);
    desec.seed(RecordSet.of(ROUTER_RECORD, "CNAME", 60, RunnerFixture.PRIMARY_HOST + "."));
    open.add(desec);
    RunnerFixture fixture = new RunnerFixture(TestNetwork.of(4, 3), root, group);
    open.add(fixture);
    SignedBundle bundle =
        RunnerFixture.signed(fixture.bundle(1, primary.port(), secondary.port(), 2, 50));
    for (int i = 0; i <= fixture.signer(); i++) {
      fixture.writeBundle(i, bundle);
    }
    for (int i = 0; i < fixture.signer(); i++) {
      open.add(NodeRunner.start(fixture.config(i)));
    }
    Path zoneFile = root.resolve("peerprobe.test.zone");
    Path yaml = signerYaml(fixture, desec, zoneFile);

    ChildNode signer = ChildNode.start(yaml, root.resolve("signer-1.err"));
    open.add(signer::forceClose);
    Await.until(WAIT, signer::isStarted, "the signer starts");
    desec.failNext(1000, EmulatorServer.Fault.SERVER_ERROR);
    primary.behave(TestFront.Behaviour.SERVER_ERROR);
    Await.until(
        WAIT,
        () -> target(zoneFile).equals(RunnerFixture.SECONDARY_HOST + "."),
        "the signer writes the failover to the zone file while deSEC fails\n" + signer.output());
    assertThat(desecTarget(desec)).isEqualTo(RunnerFixture.PRIMARY_HOST + ".");
    assertThat(signer.kill()).as("SIGKILL").isEqualTo(137);

    desec.clearFaults();
    ChildNode restarted = ChildNode.start(yaml, root.resolve("signer-2.err"));
    open.add(restarted::forceClose);
    Await.until(WAIT, restarted::isStarted, "the signer restarts");
    Await.until(
        Duration.ofSeconds(RunnerFixture.INTERVAL_SECONDS * 3L),
        () -> desecTarget(desec).equals(RunnerFixture.SECONDARY_HOST + "."),
        "deSEC takes the stored decision at once\n" + restarted.output());
    assertThat(target(zoneFile)).isEqualTo(desecTarget(desec));
    assertThat(desec.observe(Fence.keyFor(ROUTER_RECORD)).flatMap(Fence::parse).map(Fence::seq))
        .contains(1L);
  }

  private static Path signerYaml(RunnerFixture fixture, DesecEmulator desec, Path zoneFile)
      throws Exception {
    NodeConfig c = fixture.config(fixture.signer());
    Path dir = fixture.dir(fixture.signer());
    Path token = dir.resolve("desec.token");
    Files.writeString(token, TOKEN + "\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    List<String> lines =
        List.of(
            "keyFile: " + c.keyFile(),
            "network: " + c.network(),
            "bundleFile: " + c.bundleFile(),
            "trustedOperator: " + TestKeys.operator().publicKey().peerId(),
            "listen: " + c.listen(),
            "dataDir: " + c.dataDir(),
            "dnsResolvers: ['" + c.dnsResolvers().get(0) + "']",
            "signer:",
            "  reconcileEvery: 2s",
            "  routers: {" + RunnerFixture.ROUTER + ": " + ROUTER_RECORD + "}",
            "  providers:",
            "    - {id: local, type: zonefile, zone: " + ZONE + ", file: " + zoneFile + "}",
            "    - {id: desec, type: desec, zone: "
                + ZONE
                + ", tokenFile: "
                + token
                + ", url: '"
                + desec.address().resolve("/api/v1")
                + "', timeout: 2s}");
    Path yaml = dir.resolve("node.yaml");
    Files.write(yaml, lines);
    return yaml;
  }

  private static String target(Path zoneFile) {
    if (!Files.exists(zoneFile)) {
      return "";
    }
    try (ZoneFileProvider p =
        ZoneFileProvider.open(
            ZoneFileConfig.builder().id("check").file(zoneFile).zone(ZONE).build())) {
      Optional<RecordSet> r = JavaPeer.await(p.read(RecordKey.of(ROUTER_RECORD, "CNAME")), WAIT);
      return r.map(x -> x.values().get(0)).orElse("");
    }
  }

  private static String desecTarget(DesecEmulator desec) {
    return desec
        .observe(RecordKey.of(ROUTER_RECORD, "CNAME"))
        .map(r -> r.values().get(0))
        .orElse("");
  }
}
