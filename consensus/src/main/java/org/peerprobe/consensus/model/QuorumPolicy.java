package org.peerprobe.consensus.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.Fields;

/**
 * When agreeing observers form a quorum for one (front, round).
 *
 * <p>A verdict is reached when the counted agreeing weight is at least {@code threshold} of the
 * roster's total weight, the agreeing observers span at least {@code minNetworks} distinct
 * networks, and no network contributes more than {@code maxNetworkShare} of the counted weight (the
 * excess is capped, not dropped; see {@code quorum.CountedWeight}). With the defaults (2/3, 2, 1/2)
 * and equal weights, f = ⌊(n−1)/3⌋ lying observers can neither fake a verdict nor block one.
 *
 * @param threshold share of total roster weight needed; must exceed 1/2 so that UP and DOWN can
 *     never both be reached from one vote per observer
 * @param minNetworks distinct networks the agreeing observers must span
 * @param maxNetworkShare most of the counted weight one network may contribute
 */
public record QuorumPolicy(Ratio threshold, int minNetworks, Ratio maxNetworkShare) {
  public static final Ratio DEFAULT_THRESHOLD = new Ratio(2, 3);
  public static final int DEFAULT_MIN_NETWORKS = 2;
  public static final Ratio DEFAULT_MAX_NETWORK_SHARE = new Ratio(1, 2);

  /** Most distinct networks a policy may require. */
  public static final int MAX_MIN_NETWORKS = 64;

  public static final QuorumPolicy DEFAULT =
      new QuorumPolicy(DEFAULT_THRESHOLD, DEFAULT_MIN_NETWORKS, DEFAULT_MAX_NETWORK_SHARE);

  private static final Set<String> FIELDS = Set.of("threshold", "minNetworks", "maxNetworkShare");

  public QuorumPolicy {
    if (threshold == null || maxNetworkShare == null) {
      throw new IllegalArgumentException("threshold and maxNetworkShare are required");
    }
    if (!threshold.greaterThanHalf()) {
      throw new IllegalArgumentException("threshold must exceed 1/2, was " + threshold);
    }
    if (minNetworks < 1 || minNetworks > MAX_MIN_NETWORKS) {
      throw new IllegalArgumentException("minNetworks must be 1.." + MAX_MIN_NETWORKS);
    }
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.set("threshold", threshold.toJson());
    o.put("minNetworks", minNetworks);
    o.set("maxNetworkShare", maxNetworkShare.toJson());
    return o;
  }

  static QuorumPolicy read(Fields parent, String field) {
    Fields f = parent.object(field, FIELDS);
    return f.construct(
        () ->
            new QuorumPolicy(
                Ratio.read(f, "threshold"),
                (int) f.integer("minNetworks", 1, MAX_MIN_NETWORKS),
                Ratio.read(f, "maxNetworkShare")));
  }
}
