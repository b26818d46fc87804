/**
 * The identify protocol ({@code /ipfs/id/1.0.0}), interoperable with js-libp2p 3.x, which opens an
 * identify stream as soon as a connection is up and opens its gossipsub stream only once our answer
 * lists {@code /meshsub/*}.
 *
 * <p>{@link org.peerprobe.p2p.identify.Identify} is the message, {@link
 * org.peerprobe.p2p.identify.IdentifyCodec} its hand-written protobuf codec, {@link
 * org.peerprobe.p2p.identify.IdentifyResponder} answers (one length-prefixed message, then FIN) and
 * {@link org.peerprobe.p2p.identify.IdentifyRequester} asks, yielding a verified {@link
 * org.peerprobe.p2p.identify.IdentifyResult}.
 *
 * <p><b>Threading:</b> handlers run on the stream's event loop; futures complete there; the codec
 * and records are immutable or stateless. <b>Ownership:</b> buffers received are released by the
 * handlers; written buffers pass to the stream. <b>Limits:</b> a message ≤ 8 KiB, ≤ 10 messages per
 * stream, ≤ 128 listen addresses and ≤ 256 protocols per peer, 5 s to answer. <b>Faults:</b> a
 * malformed message or a {@code publicKey} not matching the connection's peer is a {@link
 * org.peerprobe.p2p.core.BadPeerException}.
 */
package org.peerprobe.p2p.identify;
