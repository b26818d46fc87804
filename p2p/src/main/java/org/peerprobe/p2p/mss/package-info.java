/**
 * multistream-select 1.0 ({@code /multistream/1.0.0}), interoperable with js-libp2p 3.x.
 *
 * <p>{@link org.peerprobe.p2p.mss.MultistreamNegotiation} is the engine: it does no I/O, takes
 * received bytes and returns bytes to send plus a status. Two thin drivers run it: {@link
 * org.peerprobe.p2p.mss.MultistreamHandler} for a whole Netty channel (raw TCP to {@code /noise},
 * then Noise to {@code /yamux/1.0.0}), firing {@link org.peerprobe.p2p.mss.ProtocolSelected} or
 * {@link org.peerprobe.p2p.mss.NegotiationFailed}; and {@link
 * org.peerprobe.p2p.mss.StreamNegotiator} for each muxed {@link org.peerprobe.p2p.stream.Stream},
 * yielding a {@link org.peerprobe.p2p.mss.NegotiatedStream}.
 *
 * <p><b>Threading:</b> the engine is not thread-safe; both drivers confine it to the channel's or
 * stream's event loop, and their timeouts are scheduled there. <b>Ownership:</b> the engine never
 * takes or releases the buffers it reads; the drivers release what they cumulate. Bytes that follow
 * the deciding message are never dropped: the channel handler passes them on as {@code
 * channelRead}, the stream negotiator as the protocol handler's first {@code onData}. <b>Limits</b>
 * (named constants, checked before allocation): message body ≤ {@value
 * org.peerprobe.p2p.mss.MultistreamNegotiation#MAX_MESSAGE_BYTES} bytes, ≤ {@value
 * org.peerprobe.p2p.mss.MultistreamNegotiation#MAX_LISTENER_REQUESTS} proposals answered per
 * listener, 10 s per negotiation, ≤ 1 MiB held for a stream whose handler is not set yet.
 * <b>Faults:</b> {@link org.peerprobe.p2p.core.BadPeerException} for peer misbehaviour, {@link
 * org.peerprobe.p2p.mss.NoCommonProtocolException} when nobody is at fault, {@link
 * java.util.concurrent.TimeoutException} for a silent peer.
 */
package org.peerprobe.p2p.mss;
