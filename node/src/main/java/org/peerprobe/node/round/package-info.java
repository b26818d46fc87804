/**
 * Rounds and the quorum bookkeeping of a running node: the round clock (round = floor(unix time /
 * interval), a per-node random probe offset inside each round, the accepted round window), the
 * gossip topic names, and the tally book that turns verified reports into certificates once a
 * quorum is reached and deduplicates certificates by hash.
 *
 * <p>Threading: {@link org.peerprobe.node.round.TallyBook} is mutable with one writer (the node's
 * round service); {@link org.peerprobe.node.round.RoundClock} and {@link
 * org.peerprobe.node.round.Topics} are immutable.
 */
package org.peerprobe.node.round;
