package org.peerprobe.consensus.quorum;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import org.peerprobe.consensus.model.Ratio;

/**
 * The agreeing weight that counts once each network is capped at a share {@code s = p/q} of the
 * counted total, as an exact fraction {@code num/den}.
 *
 * <p>The counted total C is the largest solution of {@code C = Σ_i min(w_i, s·C)}: no network
 * contributes more than s of what is counted, and weight above the cap is capped, not dropped. With
 * networks sorted by weight (w_1 ≥ w_2 ≥ …) and the k heaviest capped, {@code C = R_k·q / (q −
 * k·p)} where R_k is the weight of the others; the first k (from 0) for which the heaviest k are at
 * or above the cap and the rest at or below it is the answer. A single network therefore counts for
 * nothing when s &lt; 1, and two for at most twice the lighter one when s = 1/2.
 *
 * @param num numerator of the counted weight
 * @param den denominator of the counted weight (≥ 1)
 */
public record CountedWeight(long num, long den) {
  public static final CountedWeight ZERO = new CountedWeight(0, 1);

  /** Computes the counted weight of {@code weightByNetwork} under {@code maxNetworkShare}. */
  public static CountedWeight of(Map<String, Long> weightByNetwork, Ratio maxNetworkShare) {
    // a primitive array, heaviest last: a node computes this for every front of every report
    long[] w = new long[weightByNetwork.size()];
    int m = 0;
    long rest = 0;
    for (long x : weightByNetwork.values()) {
      if (x > 0) {
        w[m++] = x;
        rest += x;
      }
    }
    Arrays.sort(w, 0, m);
    long p = maxNetworkShare.num();
    long q = maxNetworkShare.den();
    for (int k = 0; k <= m && k * p < q; k++) {
      if (k > 0) {
        rest -= heaviest(w, m, k - 1);
      }
      long d = q - k * p;
      boolean cappedAtOrAbove = k == 0 || heaviest(w, m, k - 1) * d >= p * rest;
      boolean othersAtOrBelow = k == m || heaviest(w, m, k) * d <= p * rest;
      if (cappedAtOrAbove && othersAtOrBelow) {
        return k == 0 ? new CountedWeight(rest, 1) : new CountedWeight(rest * q, d);
      }
    }
    return ZERO;
  }

  /** The {@code i}-th heaviest (from 0) of the {@code m} weights sorted ascending in {@code w}. */
  private static long heaviest(long[] w, int m, int i) {
    return w[m - 1 - i];
  }

  /** True when this weight is at least {@code threshold} × {@code totalWeight}. */
  public boolean reaches(Ratio threshold, long totalWeight) {
    try {
      long lhs = Math.multiplyExact(num, threshold.den());
      long rhs = Math.multiplyExact(Math.multiplyExact(threshold.num(), totalWeight), den);
      return lhs >= rhs;
    } catch (ArithmeticException overflow) {
      BigInteger lhs = BigInteger.valueOf(num).multiply(BigInteger.valueOf(threshold.den()));
      BigInteger rhs =
          BigInteger.valueOf(threshold.num())
              .multiply(BigInteger.valueOf(totalWeight))
              .multiply(BigInteger.valueOf(den));
      return lhs.compareTo(rhs) >= 0;
    }
  }

  /** An approximation for display only; never used in a decision. */
  public double approximate() {
    return (double) num / den;
  }
}
