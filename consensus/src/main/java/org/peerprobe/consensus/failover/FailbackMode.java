package org.peerprobe.consensus.failover;

/** How a router returns to its primary once the primary is healthy again. */
public enum FailbackMode {
  /** After upRounds consecutive UP certificates for the primary. */
  AUTO,
  /** Only on the operator's signed command. */
  MANUAL
}
