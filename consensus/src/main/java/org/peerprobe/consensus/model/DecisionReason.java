package org.peerprobe.consensus.model;

/** Why a router's target changed. */
public enum DecisionReason {
  /** The active target was certified DOWN for downRounds rounds and the other one UP. */
  FAILOVER,
  /** The primary was certified UP for upRounds rounds while the secondary was active. */
  FAILBACK,
  /** The operator commanded a failback, and the primary was certified UP. */
  MANUAL_FAILBACK,
  /**
   * The operator pinned the router to a front ({@link CommandAction#PIN}); the decision carries the
   * signed command, which is its authority (it may cite no certificate).
   */
  PINNED
}
