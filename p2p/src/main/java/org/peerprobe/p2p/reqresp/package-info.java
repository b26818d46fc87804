/**
 * Request-response protocols on libp2p streams, in the style of identify: one stream per exchange,
 * uvarint-length-prefixed frames ({@link org.peerprobe.p2p.stream.LengthPrefix}), one request frame
 * then half-close, response frames then half-close. See {@link
 * org.peerprobe.p2p.reqresp.RequestResponse}.
 *
 * <p><b>Threading:</b> handlers run on the stream's event loop; futures complete there. <b>Limits
 * ({@link org.peerprobe.p2p.reqresp.ReqRespLimits}):</b> request bytes, response frames and frame
 * bytes are checked from the length prefix before a frame is buffered; a per-peer token bucket
 * bounds the requests served; one timeout bounds each exchange. <b>Faults:</b> garbage is a {@link
 * org.peerprobe.p2p.core.BadPeerException} and costs the peer its connections; a rate-limited or
 * timed-out request only resets its stream.
 */
package org.peerprobe.p2p.reqresp;
