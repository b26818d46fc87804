package org.peerprobe.node.store;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.peerprobe.consensus.model.Ids;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.quorum.FrontTally;

/**
 * The tally of one (front, round) as the feed shows it: verdict, raw agreeing weights in total and
 * per network, and the certificate when there is one. Not signed: it is this node's summary, and
 * the certificate is the evidence.
 *
 * @param front the front
 * @param round the round
 * @param verdict the verdict of the tally
 * @param upWeight raw weight of observers that saw the front UP
 * @param downWeight raw weight of observers that saw it DOWN
 * @param totalWeight the roster's total weight
 * @param networks raw UP and DOWN weight per observer network, sorted by network; at most {@link
 *     #MAX_NETWORKS} entries
 * @param certificateId the certificate's id, present only for UP or DOWN
 */
public record FrontVerdictRow(
    String front,
    long round,
    Verdict verdict,
    long upWeight,
    long downWeight,
    long totalWeight,
    SortedMap<String, NetworkWeights> networks,
    Optional<String> certificateId) {

  /** Most networks one row holds: one per observer at most. */
  public static final int MAX_NETWORKS = Roster.MAX_OBSERVERS;

  /** UP and DOWN weight of one network. */
  public record NetworkWeights(long up, long down) {
    public NetworkWeights {
      if (up < 0 || down < 0) {
        throw new IllegalArgumentException("weights are >= 0");
      }
    }
  }

  public FrontVerdictRow {
    if (front == null || !Ids.NAME.matcher(front).matches()) {
      throw new IllegalArgumentException("front must be " + Ids.NAME_DESCRIPTION + ": " + front);
    }
    if (round < 0 || verdict == null || upWeight < 0 || downWeight < 0 || totalWeight < 0) {
      throw new IllegalArgumentException("round and weights are >= 0, verdict is required");
    }
    networks = Collections.unmodifiableSortedMap(new TreeMap<>(networks));
    if (networks.size() > MAX_NETWORKS) {
      throw new IllegalArgumentException("at most " + MAX_NETWORKS + " networks");
    }
    for (String network : networks.keySet()) {
      if (!Ids.NETWORK_LABEL.matcher(network).matches()) {
        throw new IllegalArgumentException(
            "network must be " + Ids.NETWORK_LABEL_DESCRIPTION + ": " + network);
      }
    }
    if (certificateId == null
        || certificateId.isPresent()
            && (verdict == Verdict.NO_QUORUM || !certificateId.get().matches("[0-9a-f]{64}"))) {
      throw new IllegalArgumentException("a certificate id is a hex SHA-256, only for UP or DOWN");
    }
  }

  /** The row for a tally, citing {@code certificateId} when the tally reached a verdict. */
  public static FrontVerdictRow of(FrontTally tally, Optional<String> certificateId) {
    SortedMap<String, NetworkWeights> nets = new TreeMap<>();
    tally.up().weightByNetwork().forEach((n, w) -> nets.put(n, new NetworkWeights(w, 0)));
    for (Map.Entry<String, Long> e : tally.down().weightByNetwork().entrySet()) {
      NetworkWeights held = nets.getOrDefault(e.getKey(), new NetworkWeights(0, 0));
      nets.put(e.getKey(), new NetworkWeights(held.up(), e.getValue()));
    }
    return new FrontVerdictRow(
        tally.front(),
        tally.round(),
        tally.verdict(),
        tally.up().rawWeight(),
        tally.down().rawWeight(),
        tally.totalWeight(),
        nets,
        certificateId);
  }
}
