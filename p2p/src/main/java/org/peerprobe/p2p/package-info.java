/**
 * libp2p on Netty, wire-compatible with js-libp2p: keys and PeerIds, multiaddr, TCP,
 * multistream-select 1.0, Noise XX, yamux, identify, ping and gossipsub v1.1. Knows nothing of
 * probes or quorums: its public API is a {@code Host} (listen, dial, open a stream by protocol id,
 * connection events) and a {@code PubSub} (subscribe, publish, validate), so it could be swapped
 * for jvm-libp2p.
 */
package org.peerprobe.p2p;
