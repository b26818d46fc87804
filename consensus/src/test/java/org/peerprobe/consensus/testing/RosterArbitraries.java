package org.peerprobe.consensus.testing;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.peerprobe.consensus.model.QuorumPolicy;
import org.peerprobe.consensus.model.Ratio;

/** jqwik generators of rosters and policies shared by the quorum property tests. */
public final class RosterArbitraries {
  /** Largest roster the property tests generate. */
  public static final int MAX_OBSERVERS = 200;

  private RosterArbitraries() {}

  /** Weights 1..1000. */
  public static Arbitrary<Integer> weights() {
    return Arbitraries.integers().between(1, 1000);
  }

  /** The default policy most of the time, otherwise a random valid one. */
  public static Arbitrary<QuorumPolicy> policies() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.just(QuorumPolicy.DEFAULT)),
        net.jqwik.api.Tuple.of(2, randomPolicies()));
  }

  /** Any valid policy: threshold in (1/2, 1], minNetworks 1..4, any share in (0, 1]. */
  public static Arbitrary<QuorumPolicy> randomPolicies() {
    Arbitrary<Ratio> thresholds =
        Arbitraries.integers()
            .between(1, 12)
            .flatMap(
                den ->
                    Arbitraries.integers()
                        .between(den / 2 + 1, den)
                        .map(num -> new Ratio(num, den)));
    Arbitrary<Ratio> shares =
        Arbitraries.integers()
            .between(1, 6)
            .flatMap(den -> Arbitraries.integers().between(1, den).map(num -> new Ratio(num, den)));
    return Combinators.combine(thresholds, Arbitraries.integers().between(1, 4), shares)
        .as(QuorumPolicy::new);
  }

  /** Rosters of 1..{@value #MAX_OBSERVERS} observers over 1..16 networks. */
  public static Arbitrary<RosterSpec> rosters() {
    return rosters(1, MAX_OBSERVERS, policies());
  }

  public static Arbitrary<RosterSpec> rosters(
      int minSize, int maxSize, Arbitrary<QuorumPolicy> policies) {
    return Arbitraries.integers()
        .between(minSize, maxSize)
        .flatMap(
            n ->
                Arbitraries.integers()
                    .between(1, Math.min(n, 16))
                    .flatMap(
                        networks ->
                            Combinators.combine(
                                    weights().list().ofSize(n),
                                    networkAssignment(n, networks),
                                    policies)
                                .as(RosterSpec::new)));
  }

  /** {@code n} observers each on one of {@code networks} networks, every network used. */
  public static Arbitrary<List<Integer>> networkAssignment(int n, int networks) {
    return Arbitraries.integers()
        .between(0, networks - 1)
        .list()
        .ofSize(n)
        .map(
            list -> {
              List<Integer> out = new java.util.ArrayList<>(list);
              for (int k = 0; k < networks; k++) {
                out.set(k, k);
              }
              return out;
            });
  }
}
