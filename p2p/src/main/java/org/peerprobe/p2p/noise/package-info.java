/**
 * libp2p Noise ({@code /noise}): the {@code Noise_XX_25519_ChaChaPoly_SHA256} handshake with the
 * libp2p identity payload, and the encrypted transport that follows it (libp2p specs
 * noise/README.md), interoperable with js-libp2p's {@code @chainsafe/libp2p-noise}.
 *
 * <p><b>Structure.</b> {@link org.peerprobe.p2p.noise.NoiseXXHandshake} is the handshake engine; it
 * does no I/O and is built on the package-private Noise core ({@code NoiseXXState}, {@code
 * NoiseSymmetricState}, {@link org.peerprobe.p2p.noise.NoiseCipherState}), which is checked against
 * the cacophony known-answer vector. {@link org.peerprobe.p2p.noise.NoiseHandshakeHandler} is the
 * thin Netty handler that frames and times the handshake and then installs {@link
 * org.peerprobe.p2p.noise.NoiseTransportCodec}; completion and failure are signalled by the user
 * events {@link org.peerprobe.p2p.noise.NoiseHandshakeComplete} and {@link
 * org.peerprobe.p2p.noise.NoiseHandshakeFailed}. BouncyCastle supplies X25519, ChaCha20-Poly1305,
 * SHA-256 and HMAC.
 *
 * <p><b>Threading.</b> Nothing here is thread-safe; each object belongs to one connection and is
 * used from that connection's event loop only. Randomness (the per-handshake static and ephemeral
 * X25519 keys) comes from an injected {@link java.util.Random}, a {@code SecureRandom} in
 * production.
 *
 * <p><b>Buffer ownership.</b> Handlers release every inbound buffer they consume and every outbound
 * buffer written to them; buffers they pass on belong to the receiver. Bytes received after the
 * last handshake message are never dropped: they go to the transport codec.
 *
 * <p><b>Limits</b> (all checked before allocating): handshake messages ≤ {@link
 * org.peerprobe.p2p.noise.NoiseXXHandshake#MAX_HANDSHAKE_MESSAGE_BYTES} (8 KiB); handshake payload
 * fields bounded by {@code NoiseHandshakePayload.MAX_*}; transport frames ≤ {@link
 * org.peerprobe.p2p.noise.NoiseTransportCodec#MAX_FRAME_BYTES} (65535 including the 16-byte tag, so
 * ≤ 65519 plaintext bytes per frame); handshake timeout {@link
 * org.peerprobe.p2p.noise.NoiseHandshakeHandler#DEFAULT_HANDSHAKE_TIMEOUT} (10 s). Each connection
 * buffers at most one partial frame. Nonce counters refuse to wrap.
 *
 * <p><b>Faults.</b> Peer misbehaviour (bad framing, failed authentication, bad identity signature,
 * unexpected PeerId, timeout) is a {@link org.peerprobe.p2p.core.BadPeerException}: logged without
 * a stack trace, channel closed. Local bugs are {@link
 * org.peerprobe.p2p.core.InternalErrorException}.
 *
 * <p><b>Early muxer negotiation</b> is deliberately not offered: no {@code NoiseExtensions} are
 * sent, so yamux is negotiated with multistream-select inside Noise, as js-libp2p expects then.
 */
package org.peerprobe.p2p.noise;
