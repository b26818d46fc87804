package org.peerprobe.p2p.noise;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.InternalErrorException;
import org.peerprobe.p2p.core.LimitExceededException;
import org.peerprobe.p2p.core.PeerId;

/**
 * The libp2p Noise handshake ({@code Noise_XX_25519_ChaChaPoly_SHA256}, empty prologue) as an
 * engine that does no I/O: it turns received handshake messages into messages to send and, after
 * the third message, into an authenticated remote {@link PeerId} and two transport ciphers.
 * Framing, timeouts and sockets belong to {@link NoiseHandshakeHandler}.
 *
 * <p>Use: the initiator calls {@link #start()} and sends the message it returns; the responder
 * calls {@code start()} too (it returns nothing). Then each received message goes to {@link
 * #onMessage(byte[])}; send {@link Result#toSend()} if present, and stop at {@link Status#COMPLETE}
 * or {@link Status#FAILED}.
 *
 * <p>Payloads: message 1 carries none (a received one is ignored); message 2 (responder) and
 * message 3 (initiator) carry a {@code NoiseHandshakePayload} with the Ed25519 identity key and its
 * signature over {@code "noise-libp2p-static-key:" ‖ X25519 static key}, and <em>no</em>
 * extensions, so a js-libp2p peer negotiates the muxer with multistream-select after Noise. The
 * remote's signature is verified and its PeerId derived; an initiator given an expected PeerId
 * fails on any other. Only Ed25519 identities are accepted.
 *
 * <p>Limits: a handshake message is at most {@link #MAX_HANDSHAKE_MESSAGE_BYTES}; payload fields
 * are bounded as documented in {@code NoiseHandshakePayload}.
 *
 * <p>Not thread-safe: one connection's event loop drives it. Peer faults never escape as exceptions
 * from {@code onMessage}; they come back as a {@link Status#FAILED} result. Calling a method out of
 * turn is a local bug and throws {@link InternalErrorException}.
 */
public final class NoiseXXHandshake {
  /** The Noise protocol name libp2p mandates. */
  public static final String PROTOCOL_NAME = NoiseXXState.PROTOCOL_NAME;

  /** Prefix of the data signed by the identity key. */
  public static final String STATIC_KEY_SIGNATURE_PREFIX = "noise-libp2p-static-key:";

  /**
   * Largest handshake message accepted (and announced in a frame header) from a peer, 8 KiB. Noise
   * allows 65535, but a libp2p XX message is 32 + 48 bytes of keys plus a payload of a few hundred
   * bytes even for RSA identities; the tighter bound caps the memory of pending handshakes.
   */
  public static final int MAX_HANDSHAKE_MESSAGE_BYTES = 8 * 1024;

  /** Where a handshake stands. */
  public enum Status {
    /** Waiting for the peer's next message. */
    WAITING,
    /** Authenticated; the transport ciphers and remote PeerId are available. */
    COMPLETE,
    /** Failed for good; see {@link Result#failure()}. */
    FAILED
  }

  /**
   * The outcome of one received message.
   *
   * @param status the state after the message
   * @param toSend a handshake message to send to the peer (also present with {@code COMPLETE})
   * @param failure why the handshake failed, when {@code status} is {@code FAILED}
   */
  public record Result(
      Status status, Optional<byte[]> toSend, Optional<BadPeerException> failure) {}

  private final NoiseXXState state;
  private final HostKey identity;
  private final Optional<PeerId> expectedRemote;
  private Status status = Status.WAITING;
  private boolean started;
  private PeerId remotePeerId;
  private List<String> remoteStreamMuxers = List.of();

  NoiseXXHandshake(
      boolean initiator,
      HostKey identity,
      Optional<PeerId> expectedRemote,
      byte[] prologue,
      NoiseKeyPair staticKey,
      NoiseKeyPair ephemeralKey) {
    this.identity = Objects.requireNonNull(identity);
    this.expectedRemote = Objects.requireNonNull(expectedRemote);
    this.state = new NoiseXXState(initiator, prologue, staticKey, ephemeralKey);
  }

  /**
   * The dialing side. {@code expectedRemote} is the PeerId in the dialed {@code /p2p/<id>}
   * multiaddr, if any. The static and ephemeral X25519 keys are drawn from {@code random} (use a
   * {@code SecureRandom}; tests inject a seeded one).
   */
  public static NoiseXXHandshake initiator(
      HostKey identity, Optional<PeerId> expectedRemote, Random random) {
    return create(true, identity, expectedRemote, random);
  }

  /** The listening side; keys are drawn from {@code random} as for {@link #initiator}. */
  public static NoiseXXHandshake responder(HostKey identity, Random random) {
    return create(false, identity, Optional.empty(), random);
  }

  private static NoiseXXHandshake create(
      boolean initiator, HostKey identity, Optional<PeerId> expected, Random random) {
    NoiseKeyPair s = NoiseKeyPair.generate(random);
    NoiseKeyPair e = NoiseKeyPair.generate(random);
    return new NoiseXXHandshake(initiator, identity, expected, new byte[0], s, e);
  }

  public boolean isInitiator() {
    return state.isInitiator();
  }

  public Status status() {
    return status;
  }

  /**
   * Begins the handshake: the initiator's first message ({@code e}, no payload), or empty for the
   * responder. Call exactly once, before {@link #onMessage}.
   */
  public Optional<byte[]> start() {
    if (started) {
      throw new InternalErrorException("Noise handshake started twice");
    }
    started = true;
    return state.isMyTurn() ? Optional.of(state.writeMessage(new byte[0])) : Optional.empty();
  }

  /** Processes the peer's next handshake message (without its length prefix). */
  public Result onMessage(byte[] message) {
    if (!started || status != Status.WAITING) {
      throw new InternalErrorException("Noise handshake got a message while " + status);
    }
    try {
      if (message.length > MAX_HANDSHAKE_MESSAGE_BYTES) {
        throw new LimitExceededException(
            "Noise handshake message bytes", MAX_HANDSHAKE_MESSAGE_BYTES, message.length);
      }
      byte[] payload = state.readMessage(message);
      if (state.isInitiator() || state.isComplete()) {
        // Message 2 (read by the initiator) or 3 (read by the responder) authenticates the peer.
        authenticate(NoiseHandshakePayload.decode(payload));
      }
      Optional<byte[]> toSend = Optional.empty();
      if (state.isMyTurn()) {
        toSend = Optional.of(state.writeMessage(localPayload()));
      }
      status = state.isComplete() ? Status.COMPLETE : Status.WAITING;
      return new Result(status, toSend, Optional.empty());
    } catch (BadPeerException e) {
      status = Status.FAILED;
      return new Result(status, Optional.empty(), Optional.of(e));
    } catch (RuntimeException e) {
      status = Status.FAILED;
      throw e;
    }
  }

  private byte[] localPayload() {
    byte[] signed = signedData(state.localStaticKey());
    return NoiseHandshakePayload.of(identity.publicKeyProtobuf(), identity.sign(signed)).encode();
  }

  private void authenticate(NoiseHandshakePayload payload) {
    byte[] key = HostKey.ed25519FromProtobuf(payload.identityKey());
    if (!HostKey.verify(key, signedData(state.remoteStaticKey()), payload.identitySig())) {
      throw new BadPeerException("Noise identity signature does not match the peer's static key");
    }
    PeerId remote = PeerId.fromEd25519(key);
    if (expectedRemote.isPresent() && !expectedRemote.get().equals(remote)) {
      throw new BadPeerException("dialed " + expectedRemote.get() + " but reached " + remote);
    }
    remotePeerId = remote;
    remoteStreamMuxers = payload.streamMuxers();
  }

  private static byte[] signedData(byte[] staticKey) {
    byte[] prefix = STATIC_KEY_SIGNATURE_PREFIX.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[prefix.length + staticKey.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(staticKey, 0, out, prefix.length, staticKey.length);
    return out;
  }

  /** The authenticated remote peer; only after {@link Status#COMPLETE}. */
  public PeerId remotePeerId() {
    requireComplete();
    return remotePeerId;
  }

  /**
   * The muxers the peer offered for early negotiation (js-libp2p always lists {@code
   * /yamux/1.0.0}). Informational: peerprobe sends no list, so the muxer is still negotiated with
   * multistream-select after Noise.
   */
  public List<String> remoteStreamMuxers() {
    requireComplete();
    return remoteStreamMuxers;
  }

  /** Cipher for the frames we send; only after {@link Status#COMPLETE}. */
  public NoiseCipherState sendCipher() {
    requireComplete();
    return state.sendCipher();
  }

  /** Cipher for the frames we receive; only after {@link Status#COMPLETE}. */
  public NoiseCipherState receiveCipher() {
    requireComplete();
    return state.receiveCipher();
  }

  /** The final Noise handshake hash {@code h} (channel binding); only after completion. */
  public byte[] handshakeHash() {
    requireComplete();
    return state.handshakeHash();
  }

  private void requireComplete() {
    if (status != Status.COMPLETE) {
      throw new InternalErrorException("Noise handshake is " + status + ", not COMPLETE");
    }
  }
}
