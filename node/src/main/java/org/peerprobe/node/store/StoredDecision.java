package org.peerprobe.node.store;

import org.peerprobe.consensus.model.SignedDecision;

/**
 * A decision as stored.
 *
 * @param position the store's insertion order over all routers, increasing: the cursor of {@link
 *     Store#allDecisions}
 * @param decision the signed decision, decoded again from its canonical bytes
 * @param storedAtMs when it was stored, epoch milliseconds (local clock)
 */
public record StoredDecision(long position, SignedDecision decision, long storedAtMs) {
  public StoredDecision {
    if (decision == null) {
      throw new IllegalArgumentException("decision is required");
    }
  }
}
