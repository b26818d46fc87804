package org.peerprobe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.model.OperatorCommand;
import org.peerprobe.consensus.model.SignedOperatorCommand;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.config.KeyFile;
import org.peerprobe.node.round.Topics;
import org.peerprobe.node.runtime.NodeRunner;
import org.peerprobe.node.service.NodeEvent;
import org.peerprobe.node.testing.TestFront;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.testing.Await;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * {@code peerprobe router ...} against four real nodes on loopback whose router failed over to its
 * secondary and fails back only by hand: a command signed by another key is rejected by every node
 * and changes nothing; {@code router failback} with the operator key switches every node back
 * (MANUAL_FAILBACK), and {@code router status} shows it from each node's store.
 */
class RouterCommandTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  /** Fresh failback commands tried when one lands in a round without an UP certificate. */
  static final int MAX_FAILBACK_TRIES = 5;

  @TempDir Path root;
  private final NioEventLoopGroup group = new NioEventLoopGroup(1);
  private final CliRun cli = new CliRun();
  private RouterNetwork network;

  @BeforeEach
  void startNetwork() throws Exception {
    network = new RouterNetwork(root, group);
    network.start();
  }

  @AfterEach
  void stop() {
    network.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void onlyTheOperatorsFailbackSwitchesEveryNodeBack() throws Exception {
    network.primary.behave(TestFront.Behaviour.SERVER_ERROR);
    Await.until(WAIT, () -> activeEverywhere(TestNetwork.SECONDARY), "every node fails over");
    network.primary.behave(TestFront.Behaviour.HEALTHY);
    // a node's machine switches on its own certificates; the signed decision reaches its store
    // after
    Await.until(
        WAIT,
        () -> status(0).contains("#1 FAILOVER"),
        "node 0 stores the signer's FAILOVER decision");
    assertThat(status(0)).contains("web-router -> cdn2-front");

    String topic = Topics.of(TestNetwork.NETWORK_ID).commands();
    OperatorCommand forged =
        OperatorCommand.failback(TestNetwork.NETWORK_ID, RouterNetwork.ROUTER, now());
    try (CommandPublisher p = new CommandPublisher(nodeAddresses())) {
      byte[] bytes = SignedOperatorCommand.sign(forged, TestKeys.outsider(0)).encode();
      p.publish(topic, bytes, WAIT, RouterNetwork.NODES);
      Await.until(
          WAIT,
          () -> everyNode(e -> e instanceof NodeEvent.Rejected r && r.topic().equals(topic)),
          "every node rejects the command of another key");
    }
    assertThat(network.events)
        .allSatisfy(q -> assertThat(q).noneMatch(NodeEvent.Commanded.class::isInstance));
    assertThat(activeEverywhere(TestNetwork.SECONDARY)).isTrue();

    failbackUntilTaken();
    Await.until(
        WAIT,
        () -> everyNode(e -> e instanceof NodeEvent.Switched s && manual(s)),
        "every node fails back by the operator's command");
    Await.until(WAIT, () -> activeEverywhere(TestNetwork.PRIMARY), "every node on the primary");
    for (int i = 0; i < RouterNetwork.NODES; i++) {
      int node = i;
      Await.until(
          WAIT, () -> status(node).contains("#2 MANUAL_FAILBACK"), "node " + i + " stores it");
      assertThat(status(node))
          .contains("web-router -> cf-front")
          .contains("cdn2-front -> cf-front (operator command ");
    }
  }

  @Test
  void theOperatorKeyMustBeTheOperatorsAndPrivate() throws Exception {
    Path other = root.resolve("other.key");
    KeyFile.write(other, TestKeys.outsider(2), false);
    assertThat(failback(other)).isEqualTo(1);
    assertThat(cli.err()).contains("the nodes would reject the command");

    Files.setPosixFilePermissions(
        network.operatorKey, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(failback(network.operatorKey)).isEqualTo(1);
    assertThat(cli.err()).contains("chmod 600");

    assertThat(
            cli.run(
                "router",
                "pin",
                "web-router",
                "elsewhere",
                "--operator-key",
                other.toString(),
                "--config",
                network.config(0).toString()))
        .isEqualTo(1);
  }

  /**
   * Runs {@code router failback} until every node has failed back: a command issued just as a round
   * begins may find no UP certificate of the primary in its round or the one before on some node,
   * which then refuses it.
   */
  private void failbackUntilTaken() {
    for (int i = 0; i < MAX_FAILBACK_TRIES; i++) {
      Await.until(WAIT, this::primaryRecentlyUpEverywhere, "the primary is certified UP again");
      int handledBefore = count(e -> e instanceof NodeEvent.Commanded);
      assertThat(failback(network.operatorKey)).as(cli.err()).isZero();
      assertThat(cli.out()).contains("sent FAILBACK web-router");
      Await.until(
          WAIT,
          () -> count(e -> e instanceof NodeEvent.Commanded) >= handledBefore + RouterNetwork.NODES,
          "every node takes the command");
      if (everyNode(e -> e instanceof NodeEvent.Switched s && manual(s))) {
        return;
      }
    }
    throw new AssertionError("not every node failed back after " + MAX_FAILBACK_TRIES + " tries");
  }

  private int failback(Path key) {
    return cli.run(
        "router",
        "failback",
        "web-router",
        "--operator-key",
        key.toString(),
        "--config",
        network.config(0).toString(),
        "--timeout",
        "20s");
  }

  private String status(int node) {
    assertThat(cli.run("router", "status", "--config", network.config(node).toString()))
        .as(cli.err())
        .isZero();
    return cli.out();
  }

  private boolean primaryRecentlyUpEverywhere() {
    long current = now() / 1000;
    return network.events.stream().allMatch(q -> upAfterFailover(q, current - 1));
  }

  private boolean activeEverywhere(String front) {
    for (NodeRunner r : network.runners) {
      if (!front.equals(JavaPeer.await(r.service().activeTargets(), WAIT).get("web-router"))) {
        return false;
      }
    }
    return true;
  }

  private List<Multiaddr> nodeAddresses() {
    return network.runners.stream().map(NodeRunner::listenAddress).toList();
  }

  private boolean everyNode(Predicate<NodeEvent> p) {
    return network.events.stream().allMatch(q -> q.stream().anyMatch(p));
  }

  private int count(Predicate<NodeEvent> p) {
    int n = 0;
    for (ConcurrentLinkedQueue<NodeEvent> q : network.events) {
      n += (int) q.stream().filter(p).count();
    }
    return n;
  }

  private static boolean manual(NodeEvent.Switched s) {
    return s.decision().reason() == DecisionReason.MANUAL_FAILBACK
        && s.decision().command().isPresent();
  }

  /** The primary certified UP after the failover, in round {@code atLeast} or later. */
  private static boolean upAfterFailover(java.util.Collection<NodeEvent> q, long atLeast) {
    long switched =
        q.stream()
            .filter(e -> e instanceof NodeEvent.Switched)
            .mapToLong(e -> ((NodeEvent.Switched) e).decision().round())
            .max()
            .orElse(Long.MAX_VALUE);
    return q.stream()
        .anyMatch(
            e ->
                e instanceof NodeEvent.Certified c
                    && c.front().equals(TestNetwork.PRIMARY)
                    && c.verdict() == Verdict.UP
                    && c.round() > switched
                    && c.round() >= atLeast);
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
