package org.peerprobe.node.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.service.TestNodes.WAIT;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.p2p.testing.Await;

/**
 * Seven full nodes (three networks) over the real p2p stack on loopback: while the primary is
 * healthy every node sees UP certificates; once every observer sees it DOWN, every node certifies
 * DOWN and switches the router to the secondary with the same decision.
 */
class NodeNetworkTest {
  static final Duration INTERVAL = Duration.ofMillis(700);
  private TestNodes nodes;

  @AfterEach
  void tearDown() throws Exception {
    nodes.close();
  }

  @Test
  void aQuorumCertifiesTheOutageAndEveryNodeSwitches() {
    int n = 7;
    RouterPolicy router =
        RouterPolicy.builder("web-router", TestNetwork.PRIMARY, TestNetwork.SECONDARY)
            .downRounds(2)
            .cooldownRounds(0)
            .build();
    nodes = new TestNodes(TestNetwork.of(n, 3), INTERVAL, router);
    AtomicBoolean primaryDown = new AtomicBoolean(false);
    FrontProber prober =
        (front, start) ->
            CompletableFuture.completedFuture(
                TestNetwork.observation(
                    front,
                    primaryDown.get() && front.equals(TestNetwork.PRIMARY)
                        ? Status.DOWN
                        : Status.UP));
    for (int i = 0; i < n; i++) {
      nodes.node(i, prober);
    }
    nodes.connect();
    nodes.start();

    Await.until(
        WAIT,
        () ->
            nodes.nodes().stream()
                .anyMatch(x -> !x.certified(TestNetwork.PRIMARY, Verdict.UP).isEmpty()),
        "an UP certificate for the primary");
    assertThat(switches()).isEmpty();

    primaryDown.set(true);
    Await.until(WAIT, () -> nodes.everyNode(x -> !x.switches().isEmpty()), "every node switches");

    assertThat(nodes.nodes())
        .allMatch(x -> !x.certified(TestNetwork.PRIMARY, Verdict.DOWN).isEmpty());
    // Nodes that reach a quorum at the same moment certify it from different report sets, so the
    // cited certificate ids may differ; every node makes the same switch.
    assertThat(
            switches().stream()
                .map(d -> d.decision().from() + ">" + d.decision().to() + "#" + d.decision().seq())
                .distinct())
        .containsExactly(TestNetwork.PRIMARY + ">" + TestNetwork.SECONDARY + "#1");
    for (TestNodes.Node x : nodes.nodes()) {
      assertThat(x.switches()).hasSize(1);
      assertThat(x.activeTargets()).containsEntry("web-router", TestNetwork.SECONDARY);
    }
    assertThat(nodes.allEvents()).noneMatch(e -> e instanceof NodeEvent.Rejected);
  }

  private java.util.List<NodeEvent.Switched> switches() {
    return nodes.nodes().stream().flatMap(x -> x.switches().stream()).toList();
  }
}
