package org.peerprobe.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.failover.DecisionChain;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.store.DecisionWrite;
import org.peerprobe.node.store.ReplacedDecision;
import org.peerprobe.node.store.SqliteStore;
import org.peerprobe.node.store.StoreConfig;
import org.peerprobe.node.store.StoredDecision;
import org.peerprobe.node.sync.SyncProtocol;
import org.peerprobe.p2p.pubsub.GossipParams;
import org.peerprobe.p2p.reqresp.RequestResponse;
import org.peerprobe.p2p.reqresp.Responder;
import org.peerprobe.p2p.testing.Await;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * Real nodes on loopback converge on one stored decision log: siblings at a seq are resolved by the
 * branch the network continues, and a node that was down catches up without a hole. The fronts are
 * unreachable, so no node's own machine decides anything: every decision comes from the test.
 */
class DecisionSyncTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path root;
  private final NioEventLoopGroup group = new NioEventLoopGroup(1);
  private final List<AutoCloseable> open = new ArrayList<>();
  private final NodeRunner[] nodes = new NodeRunner[6];
  private RunnerFixture fixture;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new RunnerFixture(TestNetwork.of(4, 3), root, group);
    open.add(fixture);
    SignedBundle bundle = RunnerFixture.signed(fixture.bundle(1, 1, 2, 2, 2));
    for (int i = 0; i <= fixture.standby(); i++) {
      fixture.writeBundle(i, bundle);
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void siblingsAtOneSeqResolveToTheBranchTheNetworkContinues() {
    SignedDecision x1 = sign(first(100, "x"), fixture.signer());
    SignedDecision y1 = sign(first(101, "y"), fixture.standby());
    SignedDecision x2 = sign(TestDecisions.after(x1.decision(), 200), fixture.signer());
    for (int i = 0; i <= fixture.standby(); i++) {
      boolean holdsY = i == 2 || i == 3 || i == fixture.standby();
      preload(i, holdsY ? y1 : x1);
    }
    for (int i = 0; i <= fixture.standby(); i++) {
      start(i);
    }
    NodeRunner signer = nodes[fixture.signer()];
    assertThat(JavaPeer.await(signer.store().saveDecision(x2), WAIT))
        .isInstanceOf(DecisionWrite.Stored.class);

    publishUntil(signer, x2, () -> allHold(List.of(x1, x2)));

    for (NodeRunner n : nodes) {
      assertVerifiesFromSeqOne(n);
    }
    for (int i : new int[] {2, 3, fixture.standby()}) {
      assertThat(
              JavaPeer.await(nodes[i].store().replacedDecisions(RunnerFixture.ROUTER, 0, 10), WAIT))
          .extracting(ReplacedDecision::decision)
          .containsExactly(y1);
    }
    Await.until(
        WAIT,
        () ->
            TestNetwork.PRIMARY.equals(
                JavaPeer.await(nodes[fixture.standby()].service().activeTargets(), WAIT)
                    .get(RunnerFixture.ROUTER)),
        "the standby's router follows the adopted head");
  }

  @Test
  void siblingsOfOneLengthConvergeOnTheFirstRankedSignersWithoutAFurtherDecision() {
    // two signers alive at once each signed a seq 1; most nodes hold the standby's
    SignedDecision x1 = sign(first(100, "x"), fixture.signer());
    SignedDecision y1 = sign(first(101, "y"), fixture.standby());
    for (int i = 0; i <= fixture.standby(); i++) {
      boolean holdsX = i == 1 || i == fixture.signer();
      preload(i, holdsX ? x1 : y1);
    }
    for (int i = 0; i <= fixture.standby(); i++) {
      start(i);
    }

    publishUntil(
        List.of(nodes[fixture.signer()], nodes[fixture.standby()]),
        List.of(x1, y1),
        () -> allHold(List.of(x1)));

    for (NodeRunner n : nodes) {
      assertVerifiesFromSeqOne(n);
    }
    for (int i : new int[] {0, 2, 3, fixture.standby()}) {
      assertThat(
              JavaPeer.await(nodes[i].store().replacedDecisions(RunnerFixture.ROUTER, 0, 10), WAIT))
          .extracting(ReplacedDecision::decision)
          .containsExactly(y1);
    }
    for (int i : new int[] {1, fixture.signer()}) {
      assertThat(
              JavaPeer.await(nodes[i].store().replacedDecisions(RunnerFixture.ROUTER, 0, 10), WAIT))
          .isEmpty();
    }
  }

  @Test
  void aFollowerThatWasDownCatchesUpWithoutAHole() {
    for (int i = 0; i <= fixture.standby(); i++) {
      start(i);
    }
    nodes[3].close();
    SignedDecision x1 = sign(first(100, "x"), fixture.signer());
    SignedDecision x2 = sign(TestDecisions.after(x1.decision(), 200), fixture.signer());
    NodeRunner signer = nodes[fixture.signer()];
    JavaPeer.await(signer.store().saveDecision(x1), WAIT);
    JavaPeer.await(signer.store().saveDecision(x2), WAIT);
    publishUntil(signer, x2, () -> holds(nodes[0], List.of(x1, x2)));

    start(3);

    Await.until(WAIT, () -> holds(nodes[3], List.of(x1, x2)), "the restarted node catches up");
    assertVerifiesFromSeqOne(nodes[3]);
  }

  @Test
  void aPeerAnsweringWithAForgedOrGarbageLogChangesNothingAndIsDisconnected() {
    SignedDecision x1 = sign(first(100, "x"), fixture.signer());
    preload(0, x1);
    start(0);
    NodeRunner node = nodes[0];
    SignedDecision x2 = sign(TestDecisions.after(x1.decision(), 200), fixture.signer());
    // signed by an observer, which is not a signer of the roster
    SignedDecision forged = sign(TestDecisions.after(x1.decision(), 200), 1);
    SignedDecision brokenLink = sign(TestDecisions.after(first(300, "z"), 400), fixture.signer());

    for (byte[] answer :
        List.of(forged.encode(), "{\"not\":\"a decision\"}".getBytes(), brokenLink.encode())) {
      JavaPeer liar = peer(71 + open.size(), List.of(answer));
      dialAndAwaitDisconnect(liar, node);
    }
    JavaPeer asker = peer(90, List.of());
    JavaPeer.await(asker.host().dial(node.listenAddress()), WAIT);
    new RequestResponse(asker.host(), SyncProtocol.PROTOCOL_ID, SyncProtocol.LIMITS)
        .request(node.gossipNode().host().peerId(), "garbage".getBytes());
    awaitDisconnected(asker, node);

    assertThat(holds(node, List.of(x1))).isTrue();
    assertThat(JavaPeer.await(node.store().replacedDecisions(RunnerFixture.ROUTER, 0, 10), WAIT))
        .isEmpty();
    JavaPeer honest = peer(91, List.of(x2.encode()));
    JavaPeer.await(honest.host().dial(node.listenAddress()), WAIT);
    Await.until(
        WAIT, () -> holds(node, List.of(x1, x2)), "the node still syncs from an honest peer");
  }

  /** A peer that answers every sync request with {@code answer}'s frames. */
  private JavaPeer peer(int n, List<byte[]> answer) {
    JavaPeer p = new JavaPeer(JavaPeer.key(n), group, GossipParams.DEFAULT, n);
    open.add(p);
    p.listen();
    p.host()
        .setProtocolHandler(
            SyncProtocol.PROTOCOL_ID,
            new Responder(
                SyncProtocol.LIMITS,
                (peer, request) -> CompletableFuture.completedFuture(answer),
                (peer, why) -> {}));
    return p;
  }

  private static void dialAndAwaitDisconnect(JavaPeer liar, NodeRunner node) {
    JavaPeer.await(liar.host().dial(node.listenAddress()), WAIT);
    awaitDisconnected(liar, node);
  }

  private static void awaitDisconnected(JavaPeer peer, NodeRunner node) {
    Await.until(
        WAIT,
        () ->
            node.gossipNode().host().connections().stream()
                .noneMatch(c -> c.remotePeer().equals(peer.host().peerId())),
        "the node disconnects " + peer.host().peerId());
  }

  private static Decision first(long round, String salt) {
    return new Decision(
        TestNetwork.NETWORK_ID,
        RunnerFixture.ROUTER,
        TestNetwork.PRIMARY,
        TestNetwork.SECONDARY,
        round,
        1,
        Decision.GENESIS,
        List.of(TestDecisions.certificateId(salt)),
        DecisionReason.FAILOVER);
  }

  private SignedDecision sign(Decision d, int node) {
    return SignedDecision.sign(d, fixture.key(node));
  }

  private void preload(int node, SignedDecision d) {
    try (SqliteStore store =
        SqliteStore.open(
            StoreConfig.builder()
                .dataDir(fixture.config(node).dataDir())
                .networkId(TestNetwork.NETWORK_ID)
                .clock(System::currentTimeMillis)
                .build())) {
      assertThat(JavaPeer.await(store.saveDecision(d), WAIT))
          .isInstanceOf(DecisionWrite.Stored.class);
    }
  }

  private void start(int node) {
    NodeRunner r = NodeRunner.start(fixture.config(node));
    open.add(r);
    nodes[node] = r;
  }

  /**
   * Publishes {@code d} from {@code from}, again each second until {@code done}: a gossip mesh
   * forms within a heartbeat or two of the nodes connecting, and the first copy may reach no one.
   */
  private void publishUntil(
      NodeRunner from, SignedDecision d, java.util.function.BooleanSupplier done) {
    publishUntil(List.of(from), List.of(d), done);
  }

  /** Each of {@code from} publishes its decision of {@code decisions}, as above. */
  private void publishUntil(
      List<NodeRunner> from,
      List<SignedDecision> decisions,
      java.util.function.BooleanSupplier done) {
    long[] last = {0};
    Await.until(
        WAIT,
        () -> {
          if (done.getAsBoolean()) {
            return true;
          }
          if (System.nanoTime() - last[0] > 1_000_000_000L) {
            last[0] = System.nanoTime();
            for (int i = 0; i < from.size(); i++) {
              NodeRunner n = from.get(i);
              n.gossipNode()
                  .router()
                  .publish(n.service().topics().decisions(), decisions.get(i).encode());
            }
          }
          return false;
        },
        "every node stores the chain");
  }

  private boolean allHold(List<SignedDecision> chain) {
    for (NodeRunner n : nodes) {
      if (!holds(n, chain)) {
        return false;
      }
    }
    return true;
  }

  private static boolean holds(NodeRunner n, List<SignedDecision> chain) {
    List<String> ids =
        JavaPeer.await(n.store().decisions(RunnerFixture.ROUTER, 0, 100), WAIT).stream()
            .map(s -> s.decision().decision().id())
            .toList();
    return ids.equals(chain.stream().map(d -> d.decision().id()).toList());
  }

  private void assertVerifiesFromSeqOne(NodeRunner n) {
    DecisionChain chain = new DecisionChain(TestNetwork.NETWORK_ID, RunnerFixture.ROUTER);
    for (StoredDecision s :
        JavaPeer.await(n.store().decisions(RunnerFixture.ROUTER, 0, 100), WAIT)) {
      assertThat(chain.append(s.decision(), fixture.net.roster()).isValid()).isTrue();
    }
    assertThat(chain.decisions()).isNotEmpty();
  }
}
