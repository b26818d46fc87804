package org.peerprobe.consensus.model;

/** Why a router's target changed. */
public enum DecisionReason {
  /** The active target was certified DOWN for downRounds rounds and the other one UP. */
  FAILOVER,
  /** The primary was certified UP for upRounds rounds while the secondary was active. */
  FAILBACK,
  /** The operator commanded a failback, and the primary was certified UP. */
  MANUAL_FAILBACK
}
