/**
 * {@code peerprobe demo}: a whole peerprobe network in one process on loopback — observers in
 * several simulated networks, each a full node with its own key, libp2p host and prober, two real
 * local HTTP fronts, and a view of the rounds, votes, verdicts and decisions as the primary front
 * is broken and healed.
 */
package org.peerprobe.node.demo;
