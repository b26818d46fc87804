/**
 * libp2p on Netty, wire-compatible with js-libp2p: keys and PeerIds, multiaddr, TCP,
 * multistream-select 1.0, Noise XX, yamux, identify, ping and gossipsub v1.1. Knows nothing of
 * probes or quorums. (Built by issue #3; this module is empty until then.)
 */
package org.peerprobe.p2p;
