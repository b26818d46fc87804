/**
 * Yamux 1.0.0 stream multiplexing ({@code /yamux/1.0.0}), interoperable with js-libp2p's
 * {@code @chainsafe/libp2p-yamux} and go-yamux. Three parts, as in jvm-libp2p: the {@link
 * org.peerprobe.p2p.yamux.YamuxFrame} record, the {@link org.peerprobe.p2p.yamux.YamuxFrameCodec},
 * and the {@link org.peerprobe.p2p.yamux.YamuxSession} handler holding the state machine, whose
 * streams implement {@link org.peerprobe.p2p.stream.Stream}.
 *
 * <h2>Installing</h2>
 *
 * Once Noise is up and multistream-select chose {@code /yamux/1.0.0}, add {@code new
 * YamuxSession(isDialer, remotePeerId, YamuxConfig.DEFAULT, inbound)} last in the pipeline; it puts
 * its codec before itself. Remote-opened streams go to {@code inbound}; {@link
 * org.peerprobe.p2p.yamux.YamuxSession#openStream()} opens ours.
 *
 * <h2>Threading</h2>
 *
 * Everything runs on the channel's event loop: frames, timers (through an {@link
 * org.peerprobe.p2p.core.EventLoopScheduler}), the inbound-stream callback, every {@link
 * org.peerprobe.p2p.stream.StreamHandler} callback and every completion of a future returned here.
 * {@code openStream()} and {@code goAway()} may be called from any thread; the stream methods only
 * on the event loop ({@code write} fails its future otherwise, the others throw {@link
 * java.lang.IllegalStateException}). An exception thrown by a handler callback is logged and resets
 * that stream only.
 *
 * <h2>Buffer ownership</h2>
 *
 * {@code Stream.write} takes its buffer, whether it succeeds or fails; queued data is sliced into
 * Data frames without copying and released once sent (or when the stream is reset). {@code onData}
 * hands each payload to the handler, which must release it. Data arriving before {@code setHandler}
 * is held (at most one receive window) and delivered by {@code setHandler}; it is released if the
 * stream is reset first. A {@link org.peerprobe.p2p.yamux.YamuxFrame} owns its payload and is
 * reference counted through it.
 *
 * <h2>Limits (all in {@link org.peerprobe.p2p.yamux.YamuxConfig})</h2>
 *
 * <ul>
 *   <li>Inbound Data frame: at most {@code maxWindow} bytes (16 MiB), checked on the header before
 *       the payload is buffered; and at most the window we granted on that stream, else
 *       GoAway(protocol error).
 *   <li>Receive window per stream: starts at {@code initialWindow} (256 KiB), doubles once half is
 *       consumed, up to {@code maxWindow}. Memory held per stream without a handler: one window.
 *   <li>Inbound streams: {@code maxInboundStreams} (256); further SYNs get RST and the connection
 *       stays up.
 *   <li>Outbound: {@code maxOutboundStreams} (1024) open or waiting; at most {@code ackBacklog}
 *       (256) unacknowledged, further opens wait for an ACK.
 *   <li>Outbound Data frames carry at most 64 KiB; queued writes are otherwise unbounded, and their
 *       futures are the back-pressure.
 * </ul>
 *
 * <h2>Peer faults</h2>
 *
 * Bad version or type, stream id 0 on a stream frame (or non-zero on Ping/GoAway), a SYN with our
 * id parity or a reused id, a frame for a stream never opened, a window overrun, a Ping with
 * neither SYN nor ACK: GoAway(protocol error), the connection closes, and {@link
 * org.peerprobe.p2p.yamux.YamuxSession#closeCause()} holds the {@link
 * org.peerprobe.p2p.core.BadPeerException}. Frames for streams already closed, reset or refused are
 * dropped (they may be in flight), as are Ping ACKs we did not ask for (as go-yamux does; js-libp2p
 * treats those as a protocol error, so we never send one unasked). Data after the peer's FIN resets
 * that stream only.
 */
package org.peerprobe.p2p.yamux;
