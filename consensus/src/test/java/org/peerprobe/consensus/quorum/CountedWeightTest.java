package org.peerprobe.consensus.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.model.QuorumPolicy;
import org.peerprobe.consensus.model.Ratio;
import org.peerprobe.consensus.testing.ExactFraction;

class CountedWeightTest {
  private static final Ratio HALF = new Ratio(1, 2);
  private static final Ratio THIRD = new Ratio(1, 3);

  private static ExactFraction counted(Ratio share, long... weights) {
    Map<String, Long> byNetwork = new LinkedHashMap<>();
    for (int i = 0; i < weights.length; i++) {
      byNetwork.put("AS" + i, weights[i]);
    }
    return ExactFraction.of(CountedWeight.of(byNetwork, share));
  }

  @Test
  void noWeightCountsZero() {
    assertThat(counted(HALF)).isEqualTo(ExactFraction.ZERO);
  }

  @Test
  void aSingleNetworkCountsNothingWhenTheShareIsBelowOne() {
    assertThat(counted(HALF, 1000)).isEqualTo(ExactFraction.ZERO);
    assertThat(counted(new Ratio(999, 1000), 7)).isEqualTo(ExactFraction.ZERO);
  }

  @Test
  void aSingleNetworkCountsFullyWhenTheShareIsOne() {
    assertThat(counted(new Ratio(1, 1), 42)).isEqualTo(ExactFraction.of(42));
  }

  @Test
  void theHeavierOfTwoNetworksIsCappedAtTheLighter() {
    assertThat(counted(HALF, 10, 5)).isEqualTo(ExactFraction.of(10));
    assertThat(counted(HALF, 5, 10)).isEqualTo(ExactFraction.of(10));
    assertThat(counted(HALF, 1000, 1)).isEqualTo(ExactFraction.of(2));
  }

  @Test
  void twoEqualNetworksCountFully() {
    assertThat(counted(HALF, 5, 5)).isEqualTo(ExactFraction.of(10));
  }

  @Test
  void twoNetworksCountNothingWhenEachMayHoldAThird() {
    assertThat(counted(THIRD, 5, 5)).isEqualTo(ExactFraction.ZERO);
    assertThat(counted(THIRD, 1000, 1)).isEqualTo(ExactFraction.ZERO);
  }

  @Test
  void threeEqualNetworksCountFullyAtAThird() {
    assertThat(counted(THIRD, 4, 4, 4)).isEqualTo(ExactFraction.of(12));
  }

  @Test
  void capsCanProduceAFractionalCount() {
    // s = 1/3, weights (10, 1, 1): the heavy network is capped, C = 2 / (1 - 1/3) = 3.
    assertThat(counted(THIRD, 10, 1, 1)).isEqualTo(ExactFraction.of(3));
    // s = 2/5, weights (9, 2, 1): C = 3 / (1 - 2/5) = 5, cap 2 — both 9 and 2 sit at the cap.
    assertThat(counted(new Ratio(2, 5), 9, 2, 1)).isEqualTo(ExactFraction.of(5));
    // s = 2/5, weights (9, 3, 1): C = 4 / (3/5) = 20/3, cap 8/3 < 3, so 3 is capped too:
    // C = 1 / (1 - 4/5) = 5, cap 2 ≥ 1.
    assertThat(counted(new Ratio(2, 5), 9, 3, 1)).isEqualTo(ExactFraction.of(5));
  }

  @Test
  void zeroAndNegativeNetworkWeightsAreIgnored() {
    assertThat(counted(HALF, 5, 0, 5)).isEqualTo(ExactFraction.of(10));
    assertThat(counted(HALF, 5, -7)).isEqualTo(ExactFraction.ZERO);
  }

  @Test
  void reachesComparesExactlyAtTheThreshold() {
    Ratio twoThirds = new Ratio(2, 3);
    assertThat(new CountedWeight(2, 1).reaches(twoThirds, 3)).isTrue();
    assertThat(new CountedWeight(199, 100).reaches(twoThirds, 3)).isFalse();
    assertThat(new CountedWeight(20, 3).reaches(twoThirds, 10)).isTrue();
    assertThat(new CountedWeight(19, 3).reaches(twoThirds, 10)).isFalse();
  }

  @Test
  void supportNeedsMinNetworksEvenWhenTheWeightSuffices() {
    QuorumPolicy oneNetworkOk = new QuorumPolicy(new Ratio(2, 3), 1, new Ratio(1, 1));
    QuorumPolicy twoNetworks = new QuorumPolicy(new Ratio(2, 3), 2, new Ratio(1, 1));
    Map<String, Long> single = Map.of("AS1", 10L);
    assertThat(Support.evaluate(oneNetworkOk, 10, single).reached()).isTrue();
    assertThat(Support.evaluate(twoNetworks, 10, single).reached()).isFalse();
    assertThat(Support.evaluate(twoNetworks, 10, Map.of("AS1", 9L, "AS2", 1L)).reached()).isTrue();
  }

  @Test
  void supportDoesNotCountANetworkWithoutWeight() {
    Support s = Support.evaluate(QuorumPolicy.DEFAULT, 10, Map.of("AS1", 10L, "AS2", 0L));
    assertThat(s.networks()).isEqualTo(1);
    assertThat(s.reached()).isFalse();
    assertThat(s.rawWeight()).isEqualTo(10);
  }

  @Test
  void supportOfAnEmptyRosterIsNeverReached() {
    assertThat(Support.evaluate(QuorumPolicy.DEFAULT, 0, Map.of()).reached()).isFalse();
  }
}
