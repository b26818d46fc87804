package org.peerprobe.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.rfc2136.Rfc2136Provider;
import org.peerprobe.node.service.NodeEvent;
import org.peerprobe.node.signer.ProviderOutcome;
import org.peerprobe.node.signer.Reconciler;
import org.peerprobe.node.store.StoredDecision;
import org.peerprobe.node.testing.BindServer;
import org.peerprobe.node.testing.FeedWatcher;
import org.peerprobe.node.testing.TestFront;
import org.peerprobe.p2p.testing.Await;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * End to end with real parts: four observers and a signer ({@link NodeRunner}s on loopback), two
 * real HTTP fronts and a real BIND. The primary breaks: the router's CNAME at BIND moves to the
 * secondary, decided within downRounds + 1 rounds of the break; the primary heals: it moves back
 * after upRounds. Every write carries the fence.
 */
class SignerEndToEndTest {
  static final Duration WAIT = Duration.ofSeconds(45);
  static final String ZONE = "peerprobe.test.";
  static final String ROUTER_RECORD = "web-router.peerprobe.test.";
  static final int DOWN_ROUNDS = 2;
  static final int UP_ROUNDS = 2;

  @TempDir Path root;
  private final NioEventLoopGroup group = new NioEventLoopGroup(1);
  private final List<AutoCloseable> open = new ArrayList<>();
  private final ConcurrentLinkedQueue<NodeEvent> signerEvents = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<NodeEvent> observerEvents = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Reconciler.Applied> writes = new ConcurrentLinkedQueue<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void aBrokenPrimaryMovesTheCnameAtBindAndHealingMovesItBack() throws Exception {
    TestFront primary = TestFront.http(group);
    TestFront secondary = TestFront.http(group);
    open.add(primary);
    open.add(secondary);
    RunnerFixture fixture = new RunnerFixture(TestNetwork.of(4, 3), root, group);
    open.add(fixture);
    BindServer bind =
        BindServer.start(
            ZONE,
            List.of(
                RecordSet.of(ROUTER_RECORD, "CNAME", 60, RunnerFixture.PRIMARY_HOST + "."),
                RecordSet.of("ns1." + ZONE, "A", 60, "127.0.0.1")));
    open.add(bind);
    SignedBundle bundle =
        RunnerFixture.signed(
            fixture.bundle(1, primary.port(), secondary.port(), DOWN_ROUNDS, UP_ROUNDS));
    for (int i = 0; i <= fixture.signer(); i++) {
      fixture.writeBundle(i, bundle);
    }
    List<NodeRunner> observers = new ArrayList<>();
    for (int i = 0; i < fixture.signer(); i++) {
      observers.add(NodeRunner.start(fixture.config(i)));
      open.add(observers.get(i));
    }
    // an observer's feed, watched live: what a status page sees
    observers.get(0).service().addListener(observerEvents::add);
    FeedWatcher feed = FeedWatcher.open(observers.get(0).feed().url());
    open.add(feed);
    NodeRunner signer =
        NodeRunner.start(
            fixture.config(fixture.signer()),
            new SignerDns(
                List.of(Rfc2136Provider.open(bind.providerConfig().build())),
                Map.of(RunnerFixture.ROUTER, ROUTER_RECORD),
                writes::add));
    open.add(signer);
    signer.service().addListener(signerEvents::add);
    Await.until(WAIT, () -> certifiedUp(), "the signer sees the primary certified UP");

    long brokenInRound = currentRound();
    primary.behave(TestFront.Behaviour.SERVER_ERROR);
    Await.until(WAIT, () -> cname(bind).equals(secondaryTarget()), "BIND points at the secondary");
    Decision failover = decision(DecisionReason.FAILOVER);
    assertThat(failover.round() - brokenInRound)
        .as("decided within downRounds + 1 rounds of the break")
        .isLessThanOrEqualTo(DOWN_ROUNDS + 1);
    assertThat(bind.observe(RecordKey.of("_peerprobe." + ROUTER_RECORD, "TXT")))
        .hasValueSatisfying(t -> assertThat(t.values().get(0)).startsWith("seq=1 "));
    assertThat(writes)
        .anySatisfy(w -> assertThat(w.outcome()).isInstanceOf(ProviderOutcome.Applied.class));

    primary.behave(TestFront.Behaviour.HEALTHY);
    Await.until(
        WAIT,
        () -> cname(bind).equals(RunnerFixture.PRIMARY_HOST + "."),
        "BIND points back at the primary");
    assertThat(decision(DecisionReason.FAILBACK).seq()).isEqualTo(2);
    List<StoredDecision> log =
        JavaPeer.await(signer.store().decisions(RunnerFixture.ROUTER, 0, 10), WAIT);
    assertThat(log).extracting(d -> d.decision().decision().seq()).containsExactly(1L, 2L);

    // The observer's feed streamed the DOWN verdict within one round of the node reaching it, and
    // both decisions.
    NodeEvent.Certified down =
        observerEvents.stream()
            .filter(e -> e instanceof NodeEvent.Certified c && c.verdict() == Verdict.DOWN)
            .map(e -> (NodeEvent.Certified) e)
            .findFirst()
            .orElseThrow();
    FeedWatcher.Event streamed =
        feed.await(
            WAIT,
            e ->
                e.type().equals("verdict")
                    && e.data().get("round").asLong() == down.round()
                    && e.data().get("front").asText().equals(down.front()));
    assertThat(streamed.data().get("verdict").asText()).isEqualTo("DOWN");
    assertThat(streamed.receivedAtMs() - down.ts())
        .as("SSE delivery after the verdict, ms")
        .isLessThan(RunnerFixture.INTERVAL_SECONDS * 1000L);
    feed.await(WAIT, e -> e.type().equals("decision") && e.data().get("seq").asLong() == 2);
    assertThat(feed.get("/v1/status").get("routers").get(0).get("active").asText())
        .isEqualTo(TestNetwork.PRIMARY);
  }

  private boolean certifiedUp() {
    return signerEvents.stream()
        .anyMatch(
            e ->
                e instanceof NodeEvent.Certified c
                    && c.front().equals(TestNetwork.PRIMARY)
                    && c.verdict() == org.peerprobe.consensus.model.Verdict.UP);
  }

  /** The newest round the signer has seen tallied or certified (a certificate can come first). */
  private long currentRound() {
    return signerEvents.stream()
        .mapToLong(
            e ->
                e instanceof NodeEvent.Tallied t
                    ? t.round()
                    : e instanceof NodeEvent.Certified c ? c.round() : -1)
        .max()
        .orElseThrow();
  }

  private Decision decision(DecisionReason reason) {
    return signerEvents.stream()
        .filter(e -> e instanceof NodeEvent.Decided d && d.own())
        .map(e -> ((NodeEvent.Decided) e).decision().decision())
        .filter(d -> d.reason() == reason)
        .findFirst()
        .orElseThrow();
  }

  private static String secondaryTarget() {
    return RunnerFixture.SECONDARY_HOST + ".";
  }

  private static String cname(BindServer bind) {
    Optional<RecordSet> r = bind.observe(RecordKey.of(ROUTER_RECORD, "CNAME"));
    return r.map(x -> x.values().get(0)).orElse("");
  }
}
