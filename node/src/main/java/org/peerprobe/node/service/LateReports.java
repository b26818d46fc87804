package org.peerprobe.node.service;

import org.peerprobe.consensus.quorum.VerifiedReport;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/**
 * Which refused reports are ignored rather than rejected. A member's report a little older than the
 * accepted window is not counted, but not penalised either: an honest peer may relay it late
 * (IHAVE/IWANT gossip during mesh repair), and punishing the relay would graylist honest nodes
 * under congestion. Future rounds and long-stale ones are rejected, and so is a late report refused
 * for anything but its round (e.g. a non-member's).
 */
final class LateReports {
  /** Rounds behind the window for which a late report is ignored instead of rejected. */
  static final long STALE_GRACE_ROUNDS = 4;

  private LateReports() {}

  static boolean isLateButHonest(Validated<VerifiedReport> v, long round, long currentRound) {
    if (!(v instanceof Validated.Invalid<VerifiedReport> invalid)
        || invalid.rejection() != Rejection.WRONG_ROUND) {
      return false;
    }
    return round < currentRound - 1 && round >= currentRound - STALE_GRACE_ROUNDS;
  }
}
