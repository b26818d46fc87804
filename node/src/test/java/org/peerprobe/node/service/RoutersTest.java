package org.peerprobe.node.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.testing.TestNetwork;

/**
 * A node's routers follow the network's decisions: ahead of their own seq they move; at their own
 * seq, an equivalent decision with other evidence becomes the head the next decision chains to,
 * unless this node signed its own.
 */
class RoutersTest {
  private final RouterPolicy policy =
      RouterPolicy.builder("web-router", TestNetwork.PRIMARY, TestNetwork.SECONDARY).build();

  @Test
  void anEquivalentDecisionAtTheSameSeqBecomesTheHeadUnlessThisNodeSignedItsOwn() {
    Routers routers = new Routers(TestNetwork.NETWORK_ID, List.of(policy));
    Decision mine = failover("aa");
    Decision theirs = failover("bb");
    assertThat(routers.follow(mine)).isTrue();
    assertThat(routers.head("web-router")).isEqualTo(mine.id());

    assertThat(routers.follow(theirs, true)).as("this node signed seq 1 itself").isFalse();
    assertThat(routers.head("web-router")).isEqualTo(mine.id());

    assertThat(routers.follow(theirs, false)).isTrue();
    assertThat(routers.head("web-router")).isEqualTo(theirs.id());
    assertThat(routers.activeTargets()).containsEntry("web-router", TestNetwork.SECONDARY);
  }

  @Test
  void aDecisionAtTheSameSeqWithAnotherTargetIsNotAdopted() {
    Routers routers = new Routers(TestNetwork.NETWORK_ID, List.of(policy));
    Decision mine = failover("aa");
    routers.follow(mine);
    Decision other = failbackAtSeqOne();
    assertThat(routers.follow(other, false)).isFalse();
    assertThat(routers.head("web-router")).isEqualTo(mine.id());
  }

  @Test
  void theHeadOfAnAdoptedBranchReplacesASiblingAtTheSameSeqButNeverMovesTheRouterBack() {
    Routers routers = new Routers(TestNetwork.NETWORK_ID, List.of(policy));
    Decision mine = failover("aa");
    routers.follow(mine);
    Decision adopted = failbackAtSeqOne();

    assertThat(routers.rebase(adopted)).isTrue();
    assertThat(routers.head("web-router")).isEqualTo(adopted.id());
    assertThat(routers.activeTargets()).containsEntry("web-router", TestNetwork.PRIMARY);
    assertThat(routers.rebase(adopted)).as("already there").isFalse();

    Routers ahead = new Routers(TestNetwork.NETWORK_ID, List.of(policy));
    ahead.follow(mine);
    ahead.follow(org.peerprobe.consensus.testing.TestDecisions.after(mine, 20));
    assertThat(ahead.rebase(adopted)).as("a lower seq").isFalse();
    assertThat(ahead.seq("web-router")).isEqualTo(2);
  }

  private static Decision failover(String evidence) {
    return new Decision(
        TestNetwork.NETWORK_ID,
        "web-router",
        TestNetwork.PRIMARY,
        TestNetwork.SECONDARY,
        10,
        1,
        Decision.GENESIS,
        List.of(evidence.repeat(32)),
        DecisionReason.FAILOVER);
  }

  /** A seq 1 that fails back: a sibling of {@code failover(...)} with the opposite target. */
  private static Decision failbackAtSeqOne() {
    return new Decision(
        TestNetwork.NETWORK_ID,
        "web-router",
        TestNetwork.SECONDARY,
        TestNetwork.PRIMARY,
        10,
        1,
        Decision.GENESIS,
        List.of("cc".repeat(32)),
        DecisionReason.FAILBACK);
  }
}
