package org.peerprobe.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.peerprobe.consensus.model.ApplyOutcome;
import org.peerprobe.consensus.model.ApplyReceipt;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.model.ProviderResult;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.SignedApplyReceipt;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.TestKeys;
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
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.pubsub.GossipParams;
import org.peerprobe.p2p.testing.Await;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * End to end with real parts: four observers and a signer ({@link NodeRunner}s on loopback), two
 * real HTTP fronts and a real BIND. The primary breaks: the router's CNAME at BIND moves to the
 * secondary, decided within downRounds + 1 rounds of the break; the primary heals: it moves back
 * after upRounds. Every write carries the fence, and every follower holds the signer's receipt of
 * what BIND did; forged receipts are rejected and change nothing.
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
  private final ConcurrentLinkedQueue<Reconciler.Applied> writes = new ConcurrentLinkedQueue<>();
  private final List<NodeRunner> observers = new ArrayList<>();
  private final List<ConcurrentLinkedQueue<NodeEvent>> observerEvents = new ArrayList<>();

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
    for (int i = 0; i < fixture.signer(); i++) {
      NodeRunner observer = NodeRunner.start(fixture.config(i));
      open.add(observer);
      observers.add(observer);
      ConcurrentLinkedQueue<NodeEvent> events = new ConcurrentLinkedQueue<>();
      observer.service().addListener(events::add);
      observerEvents.add(events);
    }
    // an observer's feed, watched live: what a status page sees
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
    // BIND answers with the new CNAME a moment before the signer's read-back completes
    Await.until(
        WAIT,
        () -> writes.stream().anyMatch(w -> w.outcome() instanceof ProviderOutcome.Applied),
        "the signer reads the write back");
    SignedApplyReceipt receipt = followersHoldTheReceiptOf(failover, fixture, signer);
    forgedReceiptsAreRejectedAndChangeNothing(receipt, failover, fixture);

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
        observerEvents.get(0).stream()
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
    // and it shows what BIND did with each decision: the signer's apply receipts
    Await.until(
        WAIT,
        () -> {
          try {
            JsonNode first = feed.get("/v1/decisions").get("decisions").get(0);
            return first.get("receipts").size() == 1
                && first
                    .get("receipts")
                    .get(0)
                    .get("providers")
                    .get(0)
                    .get("outcome")
                    .asText()
                    .equals("APPLIED");
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        },
        "the observer's feed lists the signer's receipt for decision 1");
  }

  /**
   * Every follower holds the signer's receipt for {@code d}, valid under the roster, showing BIND
   * APPLIED; the signer stored and published the same one.
   */
  private SignedApplyReceipt followersHoldTheReceiptOf(
      Decision d, RunnerFixture fixture, NodeRunner signer) {
    Roster roster = fixture.net.roster();
    Await.until(
        WAIT,
        () -> observers.stream().allMatch(o -> receipts(o, d).size() == 1),
        "every follower holds the signer's receipt of the failover");
    SignedApplyReceipt held = receipts(observers.get(0), d).get(0);
    assertThat(held.verify(roster).isValid()).isTrue();
    assertThat(held.signer()).isEqualTo(fixture.key(fixture.signer()).publicKey());
    assertThat(held.receipt().seq()).isEqualTo(d.seq());
    assertThat(held.receipt().name()).isEqualTo(ROUTER_RECORD);
    assertThat(held.receipt().target()).isEqualTo(secondaryTarget());
    assertThat(held.receipt().providers())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.provider()).isEqualTo("bind");
              assertThat(p.outcome()).isEqualTo(ApplyOutcome.APPLIED);
            });
    assertThat(observers).allSatisfy(o -> assertThat(receipts(o, d)).containsExactly(held));
    assertThat(signerEvents)
        .filteredOn(e -> e instanceof NodeEvent.Receipted x && x.own())
        .extracting(e -> ((NodeEvent.Receipted) e).receipt())
        .containsExactly(held);
    assertThat(JavaPeer.await(signer.store().receipts(d.id()), WAIT)).containsExactly(held);
    assertThat(observerEvents.get(0))
        .anySatisfy(e -> assertThat(e).isInstanceOf(NodeEvent.Receipted.class));
    return held;
  }

  /**
   * A receipt claiming BIND failed, signed by an observer (not a signer), and the same claim under
   * the signer's key with a bad signature: every follower rejects both and keeps the real receipt.
   */
  private void forgedReceiptsAreRejectedAndChangeNothing(
      SignedApplyReceipt real, Decision d, RunnerFixture fixture) {
    ApplyReceipt r = real.receipt();
    ApplyReceipt lie =
        new ApplyReceipt(
            r.networkId(),
            r.router(),
            r.seq(),
            r.decision(),
            r.name(),
            r.target(),
            r.issuedAtMs() + 1_000,
            List.of(ProviderResult.failed("bind", "forged", r.issuedAtMs() + 1_000)));
    SignedApplyReceipt byObserver = SignedApplyReceipt.sign(lie, fixture.key(0));
    SignedApplyReceipt badSignature =
        new SignedApplyReceipt(lie, real.signer(), byObserver.signature());
    JavaPeer adversary =
        new JavaPeer(HostKey.fromSeed(TestKeys.outsider(7).seed()), group, GossipParams.DEFAULT, 7);
    open.add(adversary);
    String topic = observers.get(0).service().topics().receipts();
    for (int i = 0; i < observers.size(); i++) {
      JavaPeer.await(adversary.host().dial(fixture.address(i)), WAIT);
    }
    Await.until(
        WAIT,
        () -> adversary.onRouter(() -> adversary.router().peers(topic).size()) == observers.size(),
        "the adversary sees the followers on the receipts topic");
    JavaPeer.await(adversary.router().publish(topic, byObserver.encode()), WAIT);
    JavaPeer.await(adversary.router().publish(topic, badSignature.encode()), WAIT);

    Await.until(
        WAIT,
        () -> observerEvents.stream().allMatch(q -> rejectedReceipts(q, topic) >= 2),
        "every follower rejects both forged receipts");
    assertThat(observerEvents)
        .allSatisfy(
            q ->
                assertThat(q)
                    .filteredOn(e -> e instanceof NodeEvent.Rejected x && x.topic().equals(topic))
                    .extracting(e -> ((NodeEvent.Rejected) e).reason())
                    .anySatisfy(reason -> assertThat(reason).contains("NOT_A_SIGNER"))
                    .anySatisfy(reason -> assertThat(reason).contains("BAD_SIGNATURE")));
    assertThat(observers).allSatisfy(o -> assertThat(receipts(o, d)).containsExactly(real));
  }

  private static long rejectedReceipts(ConcurrentLinkedQueue<NodeEvent> events, String topic) {
    return events.stream()
        .filter(e -> e instanceof NodeEvent.Rejected x && x.topic().equals(topic))
        .count();
  }

  private static List<SignedApplyReceipt> receipts(NodeRunner node, Decision d) {
    return JavaPeer.await(node.store().receipts(d.id()), WAIT);
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
