/**
 * Binds the transport-independent gossipsub router ({@code pubsub}) to a {@code host}: one outbound
 * {@code /meshsub/1.1.0} (or 1.0.0) stream per connected peer for our RPCs, and the peer's inbound
 * stream read as uvarint-length-prefixed RPCs, each checked against the RPC size limit before it is
 * buffered. Works the same over inbound and outbound connections, so a node behind NAT that can
 * only dial out is a full mesh member.
 *
 * <p>Threading: the router has its own single-threaded scheduler; stream I/O happens on each
 * connection's event loop; this binding only hands work between the two.
 */
package org.peerprobe.p2p.gossip;
