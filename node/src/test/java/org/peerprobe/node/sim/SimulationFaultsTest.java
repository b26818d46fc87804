package org.peerprobe.node.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.TestNetwork;

/**
 * Fault injection on the simulated network (virtual time, the real consensus code): partitions,
 * clock skew, lost observations and lying observers never cause a false failover, a minority cut
 * off from the rest never acts, and everything converges after the partition heals.
 */
class SimulationFaultsTest {
  private static final String PRIMARY = TestNetwork.PRIMARY;
  private static final String SECONDARY = TestNetwork.SECONDARY;

  @Test
  void aMinorityCutOffNeverDecidesAndConvergesAfterHealing() {
    Set<Integer> minority = Set.of(0, 1, 2);
    Scenario s =
        Scenario.builder(10, 5, 32).seed(7).partition(5, 20, minority).primaryBreaksAt(10).build();

    SimResult result = Simulation.run(s);

    assertThat(result.failovers()).isEqualTo(1);
    assertThat(result.firstFailoverRound())
        .hasValueSatisfying(r -> assertThat(r).isBetween(10L, 12L));
    long cut = s.round(5) * s.intervalMs();
    long healed = s.round(20) * s.intervalMs();
    for (int i : minority) {
      SimResult.NodeView v = result.nodes().get(i);
      assertThat(v.certified()).noneMatch(c -> c.atMs() >= cut && c.atMs() < healed);
      assertThat(v.switched()).noneMatch(w -> w.atMs() >= cut && w.atMs() < healed);
      assertThat(v.certified())
          .as("node %d certifies again once healed", i)
          .anyMatch(c -> c.atMs() >= healed && c.front().equals(PRIMARY));
    }
    for (int i = 3; i < 10; i++) {
      assertThat(result.nodes().get(i).certified())
          .as("majority node %d keeps certifying while cut off from the minority", i)
          .anyMatch(c -> c.atMs() >= cut && c.atMs() < healed && c.verdict() == Verdict.DOWN);
    }
    assertThat(result.nodes().values())
        .allSatisfy(
            v -> {
              assertThat(v.active()).isEqualTo(SECONDARY);
              assertThat(v.head()).isEqualTo(result.signer().head());
            });
  }

  @Test
  void noFalseFailoverWithSkewedClocksAndLostObservations() {
    Scenario s = skewAndLoss().build();

    SimResult result = Simulation.run(s);

    assertThat(result.signerDecisions()).isEmpty();
    assertThat(result.nodes().values()).allSatisfy(v -> assertThat(v.switched()).isEmpty());
    assertThat(result.late()).as("±half an interval stays inside the accepted window").isZero();
    assertThat(result.signer().rejectedReports()).isZero();
    assertThat(result.signer().roundsCertified(s, PRIMARY, Verdict.UP))
        .as("the quorum still certifies the healthy primary in most rounds")
        .isGreaterThan(s.rounds() * 3L / 4);
    assertThat(SingleObserverBaseline.run(s, 0).failovers())
        .as("the single observer, meanwhile, fails over on its lost checks")
        .isGreaterThan(5);
  }

  @Test
  void theQuorumStillFailsOverWhenThePrimaryReallyBreaks() {
    Scenario s = skewAndLoss().primaryBreaksAt(30).liars(8, Status.UP).build();

    SimResult result = Simulation.run(s);

    assertThat(result.failovers()).isEqualTo(1);
    assertThat(result.firstFailoverRound())
        .hasValueSatisfying(r -> assertThat(r).isBetween(31L, 40L));
    assertThat(result.nodes().values())
        .allSatisfy(v -> assertThat(v.active()).isEqualTo(SECONDARY));
  }

  @Test
  void fLiarsOrOneBrokenNetworkNeverFailOverAndTheSignerSurvivesRestarts() {
    Scenario liars =
        Scenario.builder(25, 5, 30)
            .seed(11)
            .liars(Scenario.tolerated(25), Status.DOWN)
            .signerRestartEvery(10)
            .fullObservers(Set.of(0, 1))
            .build();
    Scenario broken =
        Scenario.builder(25, 5, 30)
            .seed(12)
            .brokenNetwork(TestNetwork.network(3))
            .fullObservers(Set.of(0, 1))
            .build();

    SimResult l = Simulation.run(liars);
    SimResult b = Simulation.run(broken);

    assertThat(l.signerDecisions()).isEmpty();
    assertThat(b.signerDecisions()).isEmpty();
    assertThat(l.signer().roundsCertified(liars, PRIMARY, Verdict.UP)).isGreaterThan(20);
    assertThat(b.signer().roundsCertified(broken, PRIMARY, Verdict.UP)).isGreaterThan(25);
    int liar = liars.liars().iterator().next();
    assertThat(SingleObserverBaseline.run(liars, liar).firstFailover()).contains(0L);
    assertThat(SingleObserverBaseline.run(broken, 3).firstFailover()).contains(0L);
    assertThat(SingleObserverBaseline.run(broken, 4).failovers()).isZero();
  }

  @Test
  void aRunIsRepeatableFromItsSeed() {
    Scenario s =
        Scenario.builder(10, 5, 20)
            .seed(99)
            .observationLoss(0.2)
            .skewAThird(Scenario.DEFAULT_INTERVAL_MS / 2)
            .primaryBreaksAt(8)
            .build();

    SimResult a = Simulation.run(s);
    SimResult b = Simulation.run(s);

    assertThat(a.signerDecisions()).isNotEmpty().isEqualTo(b.signerDecisions());
    assertThat(a.nodes()).isEqualTo(b.nodes());
    assertThat(a.delivered()).isEqualTo(b.delivered());
  }

  /** 25 observers in 5 networks, 50 rounds, 20% of probes lost, a third of clocks ±1 s off. */
  private static Scenario.Builder skewAndLoss() {
    return Scenario.builder(25, 5, 50)
        .seed(3)
        .observationLoss(0.2)
        .skewAThird(Scenario.DEFAULT_INTERVAL_MS / 2)
        .fullObservers(Set.of(0, 1));
  }
}
