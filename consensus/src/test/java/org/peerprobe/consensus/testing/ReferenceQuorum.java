package org.peerprobe.consensus.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.peerprobe.consensus.model.QuorumPolicy;
import org.peerprobe.consensus.model.Ratio;

/**
 * An independent, deliberately naive oracle for the quorum rule, in exact rational arithmetic.
 *
 * <p>The counted weight is the largest C with {@code C = Σ min(w_i, s·C)}. The map {@code C ↦ Σ
 * min(w_i, s·C)} is concave and piecewise linear, so every fixed point C &gt; 0 satisfies {@code C
 * = R/(1 − k·s)} where k is the number of networks with {@code w_i > s·C} and R the weight of the
 * others. The oracle tries every k, keeps the candidates that are fixed points when substituted
 * back into the defining equation, and returns the largest — it never reasons about which k is the
 * right one, unlike {@code CountedWeight}.
 */
public final class ReferenceQuorum {
  private ReferenceQuorum() {}

  /** {@code Σ min(w_i, s·c)}. */
  public static ExactFraction cappedSum(Collection<Long> weights, Ratio share, ExactFraction c) {
    ExactFraction cap = ExactFraction.of(share).times(c);
    ExactFraction sum = ExactFraction.ZERO;
    for (long w : weights) {
      sum = sum.plus(ExactFraction.of(w).min(cap));
    }
    return sum;
  }

  /** The largest fixed point of {@link #cappedSum}, ignoring non-positive weights. */
  public static ExactFraction countedWeight(Collection<Long> weightByNetwork, Ratio share) {
    List<Long> w = new ArrayList<>();
    for (long x : weightByNetwork) {
      if (x > 0) {
        w.add(x);
      }
    }
    w.sort(Collections.reverseOrder());
    ExactFraction s = ExactFraction.of(share);
    ExactFraction best = ExactFraction.ZERO;
    for (int k = 0; k <= w.size(); k++) {
      ExactFraction denominator = ExactFraction.of(1).minus(s.times(ExactFraction.of(k)));
      if (denominator.signum() <= 0) {
        break;
      }
      long rest = 0;
      for (int i = k; i < w.size(); i++) {
        rest += w.get(i);
      }
      ExactFraction candidate = ExactFraction.of(rest).dividedBy(denominator);
      if (cappedSum(w, share, candidate).equals(candidate) && candidate.compareTo(best) > 0) {
        best = candidate;
      }
    }
    return best;
  }

  /** Whether agreeing weights grouped by network meet {@code policy} out of {@code total}. */
  public static boolean meets(Map<String, Long> weightByNetwork, long total, QuorumPolicy policy) {
    long networks = weightByNetwork.values().stream().filter(x -> x > 0).count();
    ExactFraction counted = countedWeight(weightByNetwork.values(), policy.maxNetworkShare());
    ExactFraction needed = ExactFraction.of(policy.threshold()).times(ExactFraction.of(total));
    return networks >= policy.minNetworks() && total > 0 && counted.compareTo(needed) >= 0;
  }

  /**
   * The largest extra (absent or dissenting) weight the roster may hold beyond {@code agreeing}
   * while {@code agreeing} alone still meets the threshold: {@code ⌊counted/threshold⌋ −
   * raw(agreeing)}; negative when even no extra weight suffices.
   */
  public static long spareWeight(Map<String, Long> agreeing, QuorumPolicy policy) {
    ExactFraction counted = countedWeight(agreeing.values(), policy.maxNetworkShare());
    long raw = agreeing.values().stream().mapToLong(Long::longValue).sum();
    return counted.dividedBy(ExactFraction.of(policy.threshold())).floor().longValueExact() - raw;
  }
}
