package org.peerprobe.p2p.noise;

import java.util.Arrays;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.InternalErrorException;
import org.peerprobe.p2p.core.LimitExceededException;

/**
 * The Noise {@code HandshakeState} for {@code Noise_XX_25519_ChaChaPoly_SHA256} with raw payloads
 * (Noise spec §5.3, §7.5), independent of libp2p:
 *
 * <pre>
 *   -&gt; e
 *   &lt;- e, ee, s, es
 *   -&gt; s, se
 * </pre>
 *
 * <p>Each side alternately calls {@link #writeMessage} and {@link #readMessage}; after the third
 * message {@link #isComplete()} holds and the transport ciphers are available. Does no I/O and
 * draws no randomness: both key pairs are given. Not thread-safe. Any failure leaves the state
 * failed for good.
 */
final class NoiseXXState {
  static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";

  /** Largest Noise message (Noise spec §3). */
  static final int MAX_MESSAGE_BYTES = 65535;

  private static final int DH = NoiseKeyPair.KEY_BYTES;
  private static final int TAG = NoiseCipherState.TAG_BYTES;

  private enum Step {
    MSG1,
    MSG2,
    MSG3,
    COMPLETE,
    FAILED
  }

  private final boolean initiator;
  private final NoiseSymmetricState ss;
  private final NoiseKeyPair s;
  private final NoiseKeyPair e;
  private byte[] re;
  private byte[] rs;
  private Step step = Step.MSG1;
  private NoiseCipherState sendCipher;
  private NoiseCipherState receiveCipher;

  NoiseXXState(boolean initiator, byte[] prologue, NoiseKeyPair s, NoiseKeyPair e) {
    this.initiator = initiator;
    this.ss = new NoiseSymmetricState(PROTOCOL_NAME);
    this.s = s;
    this.e = e;
    ss.mixHash(prologue);
  }

  boolean isInitiator() {
    return initiator;
  }

  /** True when the next step is ours to write. */
  boolean isMyTurn() {
    return switch (step) {
      case MSG1, MSG3 -> initiator;
      case MSG2 -> !initiator;
      case COMPLETE, FAILED -> false;
    };
  }

  boolean isComplete() {
    return step == Step.COMPLETE;
  }

  /** Writes the next handshake message carrying {@code payload}. */
  byte[] writeMessage(byte[] payload) {
    if (!isMyTurn()) {
      throw new InternalErrorException("Noise writeMessage out of turn at " + step);
    }
    try {
      byte[] out =
          switch (step) {
            case MSG1 -> concat(ePublicMixed(), ss.encryptAndHash(payload));
            case MSG2 -> {
              byte[] ePub = ePublicMixed();
              ss.mixKey(e.dh(re));
              byte[] sEnc = ss.encryptAndHash(s.publicKey());
              ss.mixKey(s.dh(re));
              yield concat(ePub, sEnc, ss.encryptAndHash(payload));
            }
            case MSG3 -> {
              byte[] sEnc = ss.encryptAndHash(s.publicKey());
              ss.mixKey(s.dh(re));
              yield concat(sEnc, ss.encryptAndHash(payload));
            }
            default -> throw new IllegalStateException(step.toString());
          };
      if (out.length > MAX_MESSAGE_BYTES) {
        throw new InternalErrorException("Noise handshake payload too large: " + payload.length);
      }
      advance();
      return out;
    } catch (RuntimeException ex) {
      fail();
      throw ex;
    }
  }

  /**
   * Reads the peer's next handshake message and returns its decrypted payload.
   *
   * @throws BadPeerException when the message is malformed or fails authentication
   */
  byte[] readMessage(byte[] message) {
    if (isMyTurn() || step == Step.COMPLETE || step == Step.FAILED) {
      throw new InternalErrorException("Noise readMessage out of turn at " + step);
    }
    try {
      if (message.length > MAX_MESSAGE_BYTES) {
        throw new LimitExceededException("Noise message bytes", MAX_MESSAGE_BYTES, message.length);
      }
      byte[] payload =
          switch (step) {
            case MSG1 -> {
              require(message, DH, "first");
              re = Arrays.copyOf(message, DH);
              ss.mixHash(re);
              yield ss.decryptAndHash(message, DH, message.length - DH);
            }
            case MSG2 -> {
              require(message, DH + DH + TAG + TAG, "second");
              re = Arrays.copyOf(message, DH);
              ss.mixHash(re);
              ss.mixKey(e.dh(re));
              rs = ss.decryptAndHash(message, DH, DH + TAG);
              ss.mixKey(e.dh(rs));
              int off = DH + DH + TAG;
              yield ss.decryptAndHash(message, off, message.length - off);
            }
            case MSG3 -> {
              require(message, DH + TAG + TAG, "third");
              rs = ss.decryptAndHash(message, 0, DH + TAG);
              ss.mixKey(e.dh(rs));
              int off = DH + TAG;
              yield ss.decryptAndHash(message, off, message.length - off);
            }
            default -> throw new IllegalStateException(step.toString());
          };
      advance();
      return payload;
    } catch (RuntimeException ex) {
      fail();
      throw ex;
    }
  }

  /** The peer's static X25519 key, once received (after message 2 or 3). */
  byte[] remoteStaticKey() {
    if (rs == null) {
      throw new InternalErrorException("remote static key not received yet");
    }
    return rs.clone();
  }

  /** Our static X25519 public key. */
  byte[] localStaticKey() {
    return s.publicKey();
  }

  byte[] handshakeHash() {
    return ss.handshakeHash();
  }

  NoiseCipherState sendCipher() {
    requireComplete();
    return sendCipher;
  }

  NoiseCipherState receiveCipher() {
    requireComplete();
    return receiveCipher;
  }

  private void requireComplete() {
    if (step != Step.COMPLETE) {
      throw new InternalErrorException("Noise handshake not complete: " + step);
    }
  }

  private byte[] ePublicMixed() {
    byte[] ePub = e.publicKey();
    ss.mixHash(ePub);
    return ePub;
  }

  private void advance() {
    step =
        switch (step) {
          case MSG1 -> Step.MSG2;
          case MSG2 -> Step.MSG3;
          default -> Step.COMPLETE;
        };
    if (step == Step.COMPLETE) {
      NoiseCipherState[] c = ss.split();
      sendCipher = initiator ? c[0] : c[1];
      receiveCipher = initiator ? c[1] : c[0];
      e.wipe();
      s.wipe();
    }
  }

  private void fail() {
    step = Step.FAILED;
    e.wipe();
    s.wipe();
  }

  private static void require(byte[] message, int min, String which) {
    if (message.length < min) {
      throw new BadPeerException(
          "Noise " + which + " handshake message has " + message.length + " bytes, needs " + min);
    }
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }
}
