package org.peerprobe.p2p.pubsub;

import java.util.List;
import org.peerprobe.p2p.core.PeerId;

/**
 * Receives peer-exchange candidates from a PRUNE of a peer whose score is at least {@link
 * ScoreParams#acceptPxThreshold}. Called on the router thread; must not block. The host decides
 * whether to dial them; the router only filters out invalid ids, itself and connected peers, and
 * caps the list at {@link GossipParams#prunePeers}.
 */
@FunctionalInterface
public interface PeerExchangeListener {
  void onPeerExchange(PeerId pruner, String topic, List<Candidate> candidates);

  /**
   * A peer to consider dialing. {@code signedPeerRecord} is the PRUNE's unverified envelope bytes
   * (null when absent); verify it (and that it names {@code peer}) before trusting its addresses.
   */
  record Candidate(PeerId peer, byte[] signedPeerRecord) {}
}
