package org.peerprobe.p2p.pubsub;

/** A validator's verdict (libp2p {@code MessageAcceptance}). */
public enum ValidationResult {
  /** Deliver locally, cache for gossip and forward to the mesh. */
  ACCEPT,
  /** Drop; the delivering peers earn a P4 invalid-message penalty. */
  REJECT,
  /** Drop silently, without penalty (e.g. stale but honest). */
  IGNORE
}
