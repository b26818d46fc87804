package org.peerprobe.node.service;

import java.util.List;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.p2p.core.PeerId;

/**
 * Where a node turns when a decision it verified cannot be stored because its stored log differs
 * from the network's (a gap after a restart, another signer's decision at a held seq, a next
 * decision chained to a sibling it does not hold): it asks peers for their log and applies the fork
 * choice (see {@code org.peerprobe.node.sync}). Called on the node's thread; must not block.
 */
@FunctionalInterface
public interface ChainRepair {
  ChainRepair NONE = (decision, peers) -> {};

  /**
   * @param decision the decision that could not be stored
   * @param peers who to ask first (the peer that delivered it, its author); empty for this node's
   *     own decision, when any connected peer will do
   */
  void unstored(SignedDecision decision, List<PeerId> peers);
}
