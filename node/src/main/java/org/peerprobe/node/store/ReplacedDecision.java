package org.peerprobe.node.store;

import org.peerprobe.consensus.model.SignedDecision;

/**
 * A decision the fork choice replaced by a longer branch, kept as fork evidence.
 *
 * @param position the store's order of replacement, increasing: the cursor of {@link
 *     Store#replacedDecisions}
 * @param decision the signed decision, decoded again from its canonical bytes
 * @param replacedBy the id of the decision the adopted branch holds at its seq
 * @param replacedAtMs when it was replaced, epoch milliseconds (local clock)
 */
public record ReplacedDecision(
    long position, SignedDecision decision, String replacedBy, long replacedAtMs) {
  public ReplacedDecision {
    if (decision == null || replacedBy == null) {
      throw new IllegalArgumentException("decision and replacedBy are required");
    }
  }
}
