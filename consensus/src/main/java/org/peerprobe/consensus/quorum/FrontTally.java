package org.peerprobe.consensus.quorum;

import org.peerprobe.consensus.model.Verdict;

/**
 * The tally of one (front, round): support for UP and for DOWN, and the verdict they give.
 *
 * @param front the front id
 * @param round the round
 * @param verdict UP or DOWN when that side's support meets the policy, else NO_QUORUM
 * @param up support for UP
 * @param down support for DOWN
 * @param totalWeight the roster's total weight the threshold is taken of
 */
public record FrontTally(
    String front, long round, Verdict verdict, Support up, Support down, long totalWeight) {

  static FrontTally of(String front, long round, Support up, Support down, long totalWeight) {
    Verdict v;
    if (up.reached() && !down.reached()) {
      v = Verdict.UP;
    } else if (down.reached() && !up.reached()) {
      v = Verdict.DOWN;
    } else {
      // Both cannot be reached when threshold > 1/2 and each observer votes once; if it ever
      // happened the evidence contradicts itself and nothing is decided.
      v = Verdict.NO_QUORUM;
    }
    return new FrontTally(front, round, v, up, down, totalWeight);
  }
}
