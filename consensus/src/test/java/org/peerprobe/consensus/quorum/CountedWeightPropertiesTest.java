package org.peerprobe.consensus.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.peerprobe.consensus.model.QuorumPolicy;
import org.peerprobe.consensus.model.Ratio;
import org.peerprobe.consensus.testing.ExactFraction;
import org.peerprobe.consensus.testing.ReferenceQuorum;
import org.peerprobe.consensus.testing.RosterArbitraries;

/**
 * {@link CountedWeight} is the largest fixed point of {@code C = Σ min(w_i, s·C)}, checked in exact
 * rational arithmetic. No signatures: these run thousands of cases cheaply.
 */
class CountedWeightPropertiesTest {

  /** Per-network weights as an ordered map (network names are irrelevant to the count). */
  private static Map<String, Long> byNetwork(List<Long> weights) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < weights.size(); i++) {
      m.put("AS" + i, weights.get(i));
    }
    return m;
  }

  @Provide
  Arbitrary<List<Long>> networkWeights() {
    // One network's weight: up to 200 observers of weight 1000.
    return Arbitraries.longs().between(1, 200_000).list().ofMinSize(0).ofMaxSize(20);
  }

  @Provide
  Arbitrary<Ratio> shares() {
    return Arbitraries.integers()
        .between(1, 12)
        .flatMap(den -> Arbitraries.integers().between(1, den).map(num -> new Ratio(num, den)));
  }

  /**
   * The result is a fixed point: {@code C = Σ min(w_i, s·C)} exactly, so no network contributes
   * more than s of what is counted.
   */
  @Property(tries = 2000)
  void isAFixedPoint(@ForAll("networkWeights") List<Long> w, @ForAll("shares") Ratio s) {
    ExactFraction c = ExactFraction.of(CountedWeight.of(byNetwork(w), s));
    assertThat(ReferenceQuorum.cappedSum(w, s, c)).isEqualTo(c);
    ExactFraction cap = ExactFraction.of(s).times(c);
    for (long x : w) {
      assertThat(ExactFraction.of(x).min(cap)).isLessThanOrEqualTo(cap);
    }
    assertThat(c.signum()).isGreaterThanOrEqualTo(0);
    assertThat(c).isLessThanOrEqualTo(ExactFraction.of(w.stream().mapToLong(x -> x).sum()));
  }

  /**
   * The result is the largest fixed point: just above C the map grows with slope {@code s·|{i : w_i
   * > s·C}|}, which is below 1, so by concavity no C' &gt; C is a fixed point.
   */
  @Property(tries = 2000)
  void isTheLargestFixedPoint(@ForAll("networkWeights") List<Long> w, @ForAll("shares") Ratio s) {
    ExactFraction c = ExactFraction.of(CountedWeight.of(byNetwork(w), s));
    ExactFraction cap = ExactFraction.of(s).times(c);
    long above = w.stream().filter(x -> ExactFraction.of(x).compareTo(cap) > 0).count();
    assertThat(s.num() * above).isLessThan(s.den());
  }

  /** It agrees exactly with the naive oracle that tries every number of capped networks. */
  @Property(tries = 2000)
  void agreesWithTheReferenceOracle(
      @ForAll("networkWeights") List<Long> w, @ForAll("shares") Ratio s) {
    assertThat(ExactFraction.of(CountedWeight.of(byNetwork(w), s)))
        .isEqualTo(ReferenceQuorum.countedWeight(w, s));
  }

  /** More agreeing weight never counts for less (what makes extra agreeing votes harmless). */
  @Property(tries = 1000)
  void isMonotoneInEachNetworksWeight(
      @ForAll("networkWeights") List<Long> w,
      @ForAll("shares") Ratio s,
      @ForAll @IntRange(min = 0, max = 20) int which,
      @ForAll @IntRange(min = 1, max = 1000) int extra) {
    Map<String, Long> before = byNetwork(w);
    Map<String, Long> after = new LinkedHashMap<>(before);
    after.merge("AS" + which, (long) extra, Long::sum);
    assertThat(ExactFraction.of(CountedWeight.of(after, s)))
        .isGreaterThanOrEqualTo(ExactFraction.of(CountedWeight.of(before, s)));
  }

  /** Support.evaluate reaches a verdict exactly when the oracle's policy check passes. */
  @Property(tries = 1000)
  void supportAgreesWithTheReferencePolicyCheck(
      @ForAll("networkWeights") List<Long> w,
      @ForAll("policies") QuorumPolicy policy,
      @ForAll @IntRange(min = 0, max = 100_000) int absentWeight) {
    Map<String, Long> agreeing = byNetwork(w);
    long total = w.stream().mapToLong(x -> x).sum() + absentWeight;
    assertThat(Support.evaluate(policy, total, agreeing).reached())
        .isEqualTo(ReferenceQuorum.meets(agreeing, total, policy));
  }

  @Provide
  Arbitrary<QuorumPolicy> policies() {
    return RosterArbitraries.policies();
  }

  /** Equal weights over k networks count fully exactly when one network's share k⁻¹ ≤ s. */
  @Property(tries = 500)
  void equalNetworksCountFullyIffTheirShareFitsUnderTheCap(
      @ForAll @IntRange(min = 1, max = 20) int k,
      @ForAll @IntRange(min = 1, max = 1000) int weight,
      @ForAll("shares") Ratio s) {
    List<Long> w = Collections.nCopies(k, (long) weight);
    ExactFraction c = ExactFraction.of(CountedWeight.of(byNetwork(w), s));
    boolean fits = s.num() * k >= s.den();
    assertThat(c).isEqualTo(fits ? ExactFraction.of((long) k * weight) : ExactFraction.ZERO);
  }
}
