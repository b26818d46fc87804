/**
 * The byte streams protocols run on: a {@link org.peerprobe.p2p.stream.Stream} is one yamux stream
 * of an authenticated connection, negotiated to one protocol id with multistream-select.
 *
 * <p>Threading: every method of a stream must be called on its connection's event loop, and every
 * callback of its {@link org.peerprobe.p2p.stream.StreamHandler} runs there. Buffer ownership:
 * {@link org.peerprobe.p2p.stream.Stream#write} takes ownership of the buffer it is given; a
 * handler's {@code onData} owns (and must release) the buffer it receives.
 */
package org.peerprobe.p2p.stream;
