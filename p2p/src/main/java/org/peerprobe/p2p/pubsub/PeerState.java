package org.peerprobe.p2p.pubsub;

import java.util.HashSet;
import java.util.Set;
import org.peerprobe.p2p.core.PeerId;

/**
 * A connected gossipsub peer. Router-thread only. Memory: at most {@link
 * GossipParams#maxTopicsPerPeer} announced topics.
 */
final class PeerState {
  final PeerId id;

  /** Negotiated {@code /meshsub/1.1.0} (backoff and PX in PRUNE) rather than 1.0.0. */
  final boolean v11;

  /** We dialed this connection (counts towards D_out). */
  final boolean outbound;

  /** Topics the peer announced. */
  final Set<String> topics = new HashSet<>();

  /** IHAVEs received in the current heartbeat. */
  int ihavesThisHeartbeat;

  /** Message ids asked of this peer in the current heartbeat. */
  int idsAskedThisHeartbeat;

  PeerState(PeerId id, boolean v11, boolean outbound) {
    this.id = id;
    this.v11 = v11;
    this.outbound = outbound;
  }
}
