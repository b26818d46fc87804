package org.peerprobe.node.store;

import java.util.OptionalDouble;

/**
 * One observer's record over a range of rounds, for the feed's reputation table.
 *
 * @param observer the observer key, hex
 * @param network the network it declared in its latest report in the range
 * @param lastSeenRound the latest round it reported in the range
 * @param rounds how many distinct rounds it reported in the range
 * @param judged its observations of a (front, round) whose stored verdict is UP or DOWN, excluding
 *     rounds in which it equivocated
 * @param agreed those of {@code judged} whose status matched the verdict
 */
public record ObserverStats(
    String observer, String network, long lastSeenRound, long rounds, long judged, long agreed) {

  /** {@code agreed / judged}, for display only; empty when nothing was judged. */
  public OptionalDouble agreementShare() {
    return judged == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) agreed / judged);
  }
}
