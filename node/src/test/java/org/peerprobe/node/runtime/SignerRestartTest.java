package org.peerprobe.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.config.NodeConfig;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.rfc2136.Rfc2136Provider;
import org.peerprobe.node.dns.zonefile.ZoneFileConfig;
import org.peerprobe.node.dns.zonefile.ZoneFileProvider;
import org.peerprobe.node.signer.Fence;
import org.peerprobe.node.signer.ProviderOutcome;
import org.peerprobe.node.signer.RouterTarget;
import org.peerprobe.node.signer.RouterWriter;
import org.peerprobe.node.store.DecisionWrite;
import org.peerprobe.node.store.SqliteStore;
import org.peerprobe.node.store.StoreConfig;
import org.peerprobe.node.testing.BindServer;
import org.peerprobe.p2p.testing.Await;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * A signer that died after writing its decision to one provider and before the other (the state a
 * SIGKILL between the two writes leaves: the decision durable in its store, one provider updated)
 * brings both providers to the same target as soon as it restarts, without waiting for a round.
 */
class SignerRestartTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String ZONE = "peerprobe.test.";
  static final String ROUTER_RECORD = "web-router.peerprobe.test.";

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
  void aRestartedSignerBringsTheProviderItMissedToTheStoredDecision() throws Exception {
    RunnerFixture fixture = new RunnerFixture(TestNetwork.of(4, 3), root, group);
    open.add(fixture);
    BindServer bind =
        BindServer.start(
            ZONE,
            List.of(RecordSet.of(ROUTER_RECORD, "CNAME", 60, RunnerFixture.PRIMARY_HOST + ".")));
    open.add(bind);
    int signer = fixture.signer();
    SignedBundle bundle = RunnerFixture.signed(fixture.bundle(1, 1, 2, 2, 2));
    fixture.writeBundle(signer, bundle);
    NodeConfig config = fixture.config(signer);

    Decision failover =
        new Decision(
            TestNetwork.NETWORK_ID,
            RunnerFixture.ROUTER,
            TestNetwork.PRIMARY,
            TestNetwork.SECONDARY,
            100,
            1,
            Decision.GENESIS,
            List.of("ab".repeat(32)),
            DecisionReason.FAILOVER);
    try (SqliteStore store =
        SqliteStore.open(
            StoreConfig.builder()
                .dataDir(config.dataDir())
                .networkId(TestNetwork.NETWORK_ID)
                .clock(System::currentTimeMillis)
                .build())) {
      assertThat(
              JavaPeer.await(
                  store.saveDecision(SignedDecision.sign(failover, fixture.key(signer))), WAIT))
          .isInstanceOf(DecisionWrite.Stored.class);
    }
    Path zoneFile = root.resolve("peerprobe.test.zone");
    RouterTarget target =
        new RouterTarget(
            RunnerFixture.ROUTER,
            ROUTER_RECORD,
            RunnerFixture.SECONDARY_HOST + ".",
            60,
            new Fence(1, failover.id()));
    try (DnsProvider written = zoneFile(zoneFile)) {
      assertThat(JavaPeer.await(new RouterWriter(System::nanoTime).apply(written, target), WAIT))
          .isInstanceOf(ProviderOutcome.Applied.class);
    }
    assertThat(cname(bind)).isEqualTo(RunnerFixture.PRIMARY_HOST + ".");

    DnsProvider bindProvider = Rfc2136Provider.open(bind.providerConfig().build());
    NodeRunner restarted =
        NodeRunner.start(
            config,
            new SignerDns(
                List.of(zoneFile(zoneFile), bindProvider),
                Map.of(RunnerFixture.ROUTER, ROUTER_RECORD),
                a -> {}));
    open.add(restarted);

    Await.until(
        Duration.ofSeconds(RunnerFixture.INTERVAL_SECONDS * 5L),
        () -> cname(bind).equals(RunnerFixture.SECONDARY_HOST + "."),
        "BIND catches up with the stored decision");
    assertThat(bind.observe(Fence.keyFor(ROUTER_RECORD)).flatMap(Fence::parse))
        .contains(new Fence(1, failover.id()));
    Await.until(
        WAIT,
        () -> JavaPeer.await(restarted.reconciler().orElseThrow().backlog(), WAIT) == 0,
        "no provider left behind");
  }

  private static DnsProvider zoneFile(Path file) {
    return ZoneFileProvider.open(
        ZoneFileConfig.builder().id("zonefile").file(file).zone(ZONE).build());
  }

  private static String cname(BindServer bind) {
    return bind.observe(RecordKey.of(ROUTER_RECORD, "CNAME"))
        .map(r -> r.values().get(0))
        .orElse("");
  }
}
