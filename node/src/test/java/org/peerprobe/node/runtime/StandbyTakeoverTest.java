package org.peerprobe.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.rfc2136.Rfc2136Provider;
import org.peerprobe.node.service.NodeEvent;
import org.peerprobe.node.signer.Fence;
import org.peerprobe.node.testing.BindServer;
import org.peerprobe.node.testing.TestFront;
import org.peerprobe.p2p.testing.Await;

/**
 * Two signers and a real BIND: with the primary signer stopped, the standby signs and applies the
 * pending decision after its takeover delay; the old primary restarting with a stale view never
 * rolls the record back.
 */
class StandbyTakeoverTest {
  static final Duration WAIT = Duration.ofSeconds(45);
  static final String ZONE = "peerprobe.test.";
  static final String ROUTER_RECORD = "web-router.peerprobe.test.";

  @TempDir Path root;
  private final NioEventLoopGroup group = new NioEventLoopGroup(1);
  private final List<AutoCloseable> open = new ArrayList<>();
  private final ConcurrentLinkedQueue<NodeEvent> standbyEvents = new ConcurrentLinkedQueue<>();
  private RunnerFixture fixture;
  private BindServer bind;

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void theStandbyTakesOverAndTheStalePrimaryNeverRollsBack() throws Exception {
    TestFront primary = TestFront.http(group);
    TestFront secondary = TestFront.http(group);
    open.add(primary);
    open.add(secondary);
    fixture = new RunnerFixture(TestNetwork.of(4, 3), root, group);
    open.add(fixture);
    bind =
        BindServer.start(
            ZONE,
            List.of(RecordSet.of(ROUTER_RECORD, "CNAME", 60, RunnerFixture.PRIMARY_HOST + ".")));
    open.add(bind);
    SignedBundle bundle =
        RunnerFixture.signed(fixture.bundle(1, primary.port(), secondary.port(), 2, 2));
    for (int i = 0; i <= fixture.standby(); i++) {
      fixture.writeBundle(i, bundle);
    }
    for (int i = 0; i < fixture.signer(); i++) {
      open.add(NodeRunner.start(fixture.config(i)));
    }
    boolean signerFirst =
        fixture.net.roster().signers().get(0).equals(fixture.key(fixture.signer()).publicKey());
    int first = signerFirst ? fixture.signer() : fixture.standby();
    int second = signerFirst ? fixture.standby() : fixture.signer();
    NodeRunner primarySigner = signer(first);
    NodeRunner standby = signer(second);
    standby.service().setTakeoverDelay(Duration.ofSeconds(2));
    standby.service().addListener(standbyEvents::add);
    Await.until(WAIT, this::primaryCertifiedUp, "the standby sees the primary front UP");

    primarySigner.close();
    primary.behave(TestFront.Behaviour.SERVER_ERROR);
    Await.until(
        WAIT,
        () -> cname().equals(RunnerFixture.SECONDARY_HOST + "."),
        "the standby moves the record to the secondary");
    SignedDecision taken = ownDecision();
    assertThat(taken.signer()).isEqualTo(fixture.key(second).publicKey());
    assertThat(taken.decision().seq()).isEqualTo(1);

    NodeRunner restarted = signer(first);
    long fenceSeq = fence();
    Await.until(
        WAIT,
        () -> restarted.reconciler().orElseThrow().status().join().size() > 0 || rounds() >= 4,
        "the restarted primary runs a few rounds");
    assertThat(cname()).isEqualTo(RunnerFixture.SECONDARY_HOST + ".");
    assertThat(fence()).isGreaterThanOrEqualTo(fenceSeq);
  }

  private NodeRunner signer(int node) {
    NodeRunner r =
        NodeRunner.start(
            fixture.config(node),
            new SignerDns(
                List.of(Rfc2136Provider.open(bind.providerConfig().build())),
                Map.of(RunnerFixture.ROUTER, ROUTER_RECORD),
                a -> {}));
    open.add(r);
    return r;
  }

  private boolean primaryCertifiedUp() {
    return standbyEvents.stream()
        .anyMatch(
            e ->
                e instanceof NodeEvent.Certified c
                    && c.front().equals(TestNetwork.PRIMARY)
                    && c.verdict() == Verdict.UP);
  }

  private SignedDecision ownDecision() {
    return standbyEvents.stream()
        .filter(e -> e instanceof NodeEvent.Decided d && d.own())
        .map(e -> ((NodeEvent.Decided) e).decision())
        .findFirst()
        .orElseThrow();
  }

  private long rounds() {
    return standbyEvents.stream().filter(e -> e instanceof NodeEvent.Reported).count();
  }

  private String cname() {
    return bind.observe(RecordKey.of(ROUTER_RECORD, "CNAME"))
        .map(r -> r.values().get(0))
        .orElse("");
  }

  private long fence() {
    return bind.observe(Fence.keyFor(ROUTER_RECORD))
        .flatMap(Fence::parse)
        .map(Fence::seq)
        .orElse(0L);
  }
}
