/**
 * The libp2p host: TCP transport on one shared Netty event-loop group, the connection upgrade
 * (multistream-select → Noise → multistream-select → yamux), protocol dispatch on streams, and
 * connection management (bootstrap peers, redial with exponential backoff and jitter, a maximum
 * number of connections, per-peer inbound rate limits).
 *
 * <p>Threading: each connection's state lives on its channel's event loop; the host's peer table
 * and dial state live on one designated event loop ({@link org.peerprobe.p2p.core.Scheduler}). No
 * method blocks an event loop; results are {@link java.util.concurrent.CompletableFuture}s.
 */
package org.peerprobe.p2p.host;
