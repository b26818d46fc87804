package org.peerprobe.consensus.quorum;

import java.util.Map;
import org.peerprobe.consensus.model.QuorumPolicy;

/**
 * How much agreeing weight one status has for one (front, round), and whether it meets the policy.
 *
 * @param rawWeight the sum of the agreeing observers' weights
 * @param weightByNetwork the agreeing weight per network, before capping (sorted by network)
 * @param counted the weight that counts after the per-network cap
 * @param reached whether counted weight, network spread and threshold meet the policy
 */
public record Support(
    long rawWeight, Map<String, Long> weightByNetwork, CountedWeight counted, boolean reached) {

  public static final Support NONE = new Support(0, Map.of(), CountedWeight.ZERO, false);

  public Support {
    weightByNetwork = SortedWeights.copyOf(weightByNetwork);
  }

  /** Evaluates the policy for agreeing weights grouped by network. */
  public static Support evaluate(
      QuorumPolicy policy, long totalRosterWeight, Map<String, Long> weightByNetwork) {
    long raw = 0;
    int networks = 0;
    for (long w : weightByNetwork.values()) {
      raw += w;
      if (w > 0) {
        networks++;
      }
    }
    CountedWeight counted = CountedWeight.of(weightByNetwork, policy.maxNetworkShare());
    boolean reached =
        networks >= policy.minNetworks()
            && totalRosterWeight > 0
            && counted.reaches(policy.threshold(), totalRosterWeight);
    return new Support(raw, weightByNetwork, counted, reached);
  }

  public int networks() {
    return (int) weightByNetwork.values().stream().filter(w -> w > 0).count();
  }
}
