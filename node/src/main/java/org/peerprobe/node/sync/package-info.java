/**
 * Decision-log sync between nodes ({@code /peerprobe/decisions/1.0.0}) and the fork choice: a node
 * whose stored log cannot take a verified decision (a gap after being down, a sibling at a held
 * seq, a next decision chained to the other sibling) asks peers for their log, verifies every
 * decision of the answer with {@link org.peerprobe.consensus.failover.DecisionChain} from seq 1,
 * and adopts it only when its head is strictly above the held head, in one store transaction that
 * keeps the replaced decisions as fork evidence. {@link org.peerprobe.node.sync.ChainSync} is the
 * entry point; {@link org.peerprobe.node.sync.SyncProtocol} holds the limits. The first round of
 * syncs after a start opens the {@link org.peerprobe.node.sync.SyncGate}: a signer signs nothing
 * before its log is synced (or a grace passed with no peer to sync with).
 *
 * <p><b>Threading:</b> the client's state and its continuations run on the node's scheduler; the
 * server answers on the stream's event loop from the store. <b>Faults:</b> a peer that sends a
 * malformed request or a forged or malformed answer is disconnected (and, as an answerer, not asked
 * again for {@link org.peerprobe.node.sync.ChainSync#DISTRUST}); nothing it sent is stored.
 */
package org.peerprobe.node.sync;
