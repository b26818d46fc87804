package org.peerprobe.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.failover.FailoverMachine;
import org.peerprobe.consensus.failover.FailoverState;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.failover.Step;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.OperatorCommand;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedOperatorCommand;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.store.DecisionWrite;
import org.peerprobe.node.store.SqliteStore;
import org.peerprobe.node.store.StoreConfig;
import org.peerprobe.node.store.StoredDecision;
import org.peerprobe.p2p.testing.Await;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * Real nodes on loopback: a signer restarted on a stale decision log, whose restored operator
 * command switches its router at once, syncs the network's longer log before it signs anything, so
 * no sibling of a network decision ever exists; its next decision chains to the synced head. The
 * fronts are unreachable, so only operator commands switch the router.
 */
class SignerSyncGateTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path root;
  private final NioEventLoopGroup group = new NioEventLoopGroup(1);
  private final List<AutoCloseable> open = new ArrayList<>();
  private final NodeRunner[] nodes = new NodeRunner[6];
  private final RouterPolicy policy =
      RouterPolicy.builder(RunnerFixture.ROUTER, TestNetwork.PRIMARY, TestNetwork.SECONDARY)
          .downRounds(2)
          .upRounds(2)
          .cooldownRounds(0)
          .build();
  private RunnerFixture fixture;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new RunnerFixture(TestNetwork.of(4, 3), root, group);
    open.add(fixture);
    var bundle = RunnerFixture.signed(fixture.bundle(1, 1, 2, 2, 2));
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
  void aSignerRestartedOnAStaleLogAdoptsTheNetworksChainBeforeItSignsAgain() {
    long now = System.currentTimeMillis();
    SignedOperatorCommand pinPrimary = command(TestNetwork.PRIMARY, now - 60_000);
    SignedDecision x1 = sign(TestDecisions.after(null, 100));
    SignedDecision x2 = sign(TestDecisions.after(x1.decision(), 200));
    SignedDecision x3 = sign(TestDecisions.after(x2.decision(), 300));
    SignedDecision x4 = sign(pinned(x3.decision(), pinPrimary));
    List<SignedDecision> network = List.of(x1, x2, x3, x4);
    int signer = fixture.signer();
    for (int i = 0; i <= fixture.standby(); i++) {
      preload(i, i == signer ? List.of(x1) : network);
    }
    // The signer took the pin before it went down; restoring it on its stale head (x1, on the
    // secondary) switches the router at seq 2 at once: a sibling of x2, were it signed.
    TakenCommands.load(fixture.config(signer).dataDir()).taken(pinPrimary);
    for (int i = 0; i <= fixture.standby(); i++) {
      if (i != signer) {
        start(i);
      }
    }
    start(signer);
    NodeRunner s = nodes[signer];

    Await.until(WAIT, () -> holds(s, network), "the restarted signer adopts the network's log");
    Await.until(WAIT, () -> s.feed().state().signerReady(), "the signer is ready once synced");
    assertNoForksAnywhere();

    SignedOperatorCommand pinSecondary = command(TestNetwork.SECONDARY, System.currentTimeMillis());
    publishUntil(pinSecondary, () -> log(s).size() == 5);
    SignedDecision x5 = log(s).get(4);
    assertThat(x5.signer()).isEqualTo(fixture.key(signer).publicKey());
    assertThat(x5.decision().prev()).isEqualTo(x4.decision().id());
    assertThat(x5.decision().to()).isEqualTo(TestNetwork.SECONDARY);
    List<SignedDecision> chain = List.of(x1, x2, x3, x4, x5);
    for (NodeRunner n : nodes) {
      Await.until(WAIT, () -> holds(n, chain), "every node stores the signer's next decision");
    }
    assertNoForksAnywhere();
  }

  private void assertNoForksAnywhere() {
    for (NodeRunner n : nodes) {
      assertThat(JavaPeer.await(n.store().replacedDecisions(RunnerFixture.ROUTER, 0, 10), WAIT))
          .as("fork evidence on %s", n.gossipNode().host().peerId())
          .isEmpty();
    }
  }

  /** The decision the operator's pin makes on top of {@code head}, as every node's machine does. */
  private Decision pinned(Decision head, SignedOperatorCommand pin) {
    Step step =
        FailoverMachine.onCommand(
            FailoverState.resume(TestNetwork.NETWORK_ID, policy, head),
            pin.verify(fixture.net.roster()).orElseThrow(),
            Math.floorDiv(pin.command().issuedAtMs(), RunnerFixture.INTERVAL_SECONDS * 1000L));
    assertThat(step).isInstanceOf(Step.Switched.class);
    return ((Step.Switched) step).decision();
  }

  private static SignedOperatorCommand command(String front, long atMs) {
    return SignedOperatorCommand.sign(
        OperatorCommand.pin(TestNetwork.NETWORK_ID, RunnerFixture.ROUTER, front, atMs),
        TestKeys.operator());
  }

  private SignedDecision sign(Decision d) {
    return SignedDecision.sign(d, fixture.key(fixture.signer()));
  }

  private void preload(int node, List<SignedDecision> chain) {
    try (SqliteStore store =
        SqliteStore.open(
            StoreConfig.builder()
                .dataDir(fixture.config(node).dataDir())
                .networkId(TestNetwork.NETWORK_ID)
                .clock(System::currentTimeMillis)
                .build())) {
      for (SignedDecision d : chain) {
        assertThat(JavaPeer.await(store.saveDecision(d), WAIT))
            .isInstanceOf(DecisionWrite.Stored.class);
      }
    }
  }

  private void start(int node) {
    NodeRunner r = NodeRunner.start(fixture.config(node));
    open.add(r);
    nodes[node] = r;
  }

  /**
   * Publishes {@code command} from observer 0 (whose own service does not take what it publishes),
   * again each second until {@code done}: the first copy may reach no mesh yet.
   */
  private void publishUntil(
      SignedOperatorCommand command, java.util.function.BooleanSupplier done) {
    NodeRunner from = nodes[0];
    String topic = from.service().topics().commands();
    long[] last = {0};
    Await.until(
        WAIT,
        () -> {
          if (done.getAsBoolean()) {
            return true;
          }
          if (System.nanoTime() - last[0] > 1_000_000_000L) {
            last[0] = System.nanoTime();
            from.gossipNode().router().publish(topic, command.encode());
          }
          return false;
        },
        "the signer signs the operator's command");
  }

  private static List<SignedDecision> log(NodeRunner n) {
    return JavaPeer.await(n.store().decisions(RunnerFixture.ROUTER, 0, 100), WAIT).stream()
        .map(StoredDecision::decision)
        .toList();
  }

  private static boolean holds(NodeRunner n, List<SignedDecision> chain) {
    return log(n).stream()
        .map(d -> d.decision().id())
        .toList()
        .equals(chain.stream().map(d -> d.decision().id()).toList());
  }
}
