/**
 * The ping protocol ({@code /ipfs/ping/1.0.0}): 32 random bytes echoed back, timed on the injected
 * {@link org.peerprobe.p2p.core.Scheduler} clock. See {@link org.peerprobe.p2p.ping.Ping}.
 *
 * <p><b>Threading:</b> handlers run on the stream's event loop and futures complete there.
 * <b>Ownership:</b> received buffers are released by the handlers. <b>Limits:</b> one 32-byte
 * payload buffered per stream; 10 s for the echo, 10 s idle on the responder. <b>Faults:</b> a
 * wrong or over-long echo is a {@link org.peerprobe.p2p.core.BadPeerException}; a silent peer a
 * {@link java.util.concurrent.TimeoutException}.
 */
package org.peerprobe.p2p.ping;
