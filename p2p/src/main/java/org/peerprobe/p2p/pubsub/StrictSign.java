package org.peerprobe.p2p.pubsub;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.PeerId;

/**
 * The {@code StrictSign} signature policy exactly as js {@code @libp2p/gossipsub} applies it
 * ({@code buildRawMessage.js}, pubsub/README.md "Signature policy").
 *
 * <p>The signed bytes are {@code "libp2p-pubsub:"} ‖ the protobuf encoding of the message's present
 * fields 1–4 ({@code from, data, seqno, topic}) in field order, no signature, no key, no unknown
 * fields. Verification re-encodes those fields, so a message whose sender added unknown fields
 * still verifies, as in js. A valid message has an 8-byte seqno, a signature, and a {@code from}
 * that is a PeerId embedding an Ed25519 key; an optional {@code key} must be that same key. Only
 * Ed25519 identities are supported. Stateless and thread-safe.
 */
public final class StrictSign {
  /** Domain-separation prefix of every pubsub signature. */
  public static final byte[] SIGN_PREFIX = "libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII);

  /** Length of {@code seqno}: a 64-bit big-endian counter. */
  public static final int SEQNO_BYTES = 8;

  /** Why a message fails StrictSign (js {@code ValidateError} names in brackets). */
  public enum Verdict {
    VALID,
    /** [InvalidSeqno] missing or not 8 bytes. */
    INVALID_SEQNO,
    /** [InvalidSignature] no signature field. */
    MISSING_SIGNATURE,
    /** [InvalidPeerId] {@code from} missing, not a PeerId, or not an Ed25519 identity. */
    INVALID_FROM,
    /** [InvalidPeerId] {@code key} is not an Ed25519 key or does not match {@code from}. */
    KEY_MISMATCH,
    /** [InvalidSignature] the Ed25519 signature does not verify. */
    INVALID_SIGNATURE
  }

  private StrictSign() {}

  /**
   * Builds and signs a message from {@code key}'s identity. With {@code includeKey} the 36-byte
   * protobuf public key is attached (js always attaches it; go and this router by default omit it,
   * since Ed25519 keys are inlined in the PeerId).
   */
  public static Message sign(
      HostKey key, String topic, byte[] data, long seqno, boolean includeKey) {
    Message unsigned =
        new Message(key.peerId().bytes(), data.clone(), seqnoBytes(seqno), topic, null, null);
    byte[] signature = key.sign(signingInput(unsigned));
    return unsigned.withSignature(signature, includeKey ? key.publicKeyProtobuf() : null);
  }

  /** {@code "libp2p-pubsub:"} ‖ protobuf(fields 1–4 of {@code m}). */
  public static byte[] signingInput(Message m) {
    byte[] body = RpcCodec.encodeMessage(m.withoutSignature());
    byte[] out = Arrays.copyOf(SIGN_PREFIX, SIGN_PREFIX.length + body.length);
    System.arraycopy(body, 0, out, SIGN_PREFIX.length, body.length);
    return out;
  }

  /** Every check except the signature arithmetic (cheap; run before the message id is derived). */
  public static Verdict checkFields(Message m) {
    if (m.seqno() == null || m.seqno().length != SEQNO_BYTES) {
      return Verdict.INVALID_SEQNO;
    }
    if (m.signature() == null) {
      return Verdict.MISSING_SIGNATURE;
    }
    byte[] fromKey = fromKey(m);
    if (fromKey == null) {
      return Verdict.INVALID_FROM;
    }
    if (m.key() != null) {
      try {
        if (!Arrays.equals(HostKey.ed25519FromProtobuf(m.key()), fromKey)) {
          return Verdict.KEY_MISMATCH;
        }
      } catch (BadPeerException e) {
        return Verdict.KEY_MISMATCH;
      }
    }
    return Verdict.VALID;
  }

  /** Full StrictSign validation: {@link #checkFields} then Ed25519 verification. */
  public static Verdict verify(Message m) {
    Verdict v = checkFields(m);
    if (v != Verdict.VALID) {
      return v;
    }
    return HostKey.verify(fromKey(m), signingInput(m), m.signature())
        ? Verdict.VALID
        : Verdict.INVALID_SIGNATURE;
  }

  /** The author of a message that passed {@link #checkFields}. */
  public static PeerId author(Message m) {
    return PeerId.fromBytes(m.from());
  }

  /**
   * The raw Ed25519 key embedded in {@code from}, or null when there is none: {@code from} absent,
   * not a PeerId multihash ({@link PeerId#fromBytes} throws {@link BadPeerException}), or not an
   * Ed25519 identity ({@link PeerId#ed25519Key} throws {@link IllegalArgumentException}).
   */
  static byte[] fromKey(Message m) {
    if (m.from() == null) {
      return null;
    }
    try {
      return PeerId.fromBytes(m.from()).ed25519Key();
    } catch (BadPeerException | IllegalArgumentException e) {
      return null;
    }
  }

  static byte[] seqnoBytes(long seqno) {
    byte[] out = new byte[SEQNO_BYTES];
    for (int i = SEQNO_BYTES - 1; i >= 0; i--) {
      out[i] = (byte) seqno;
      seqno >>>= 8;
    }
    return out;
  }
}
