package org.peerprobe.multiformats;

import java.util.Arrays;

/**
 * The libp2p PeerId of an Ed25519 public key (libp2p specs, peer-ids/peer-ids.md).
 *
 * <p>The key is wrapped in the deterministic protobuf {@code PublicKey{Type=Ed25519(1), Data}}
 * ({@code 08 01 12 20} ‖ key, 36 bytes); as that is at most 42 bytes the PeerId is its identity
 * multihash ({@code 00 24} ‖ protobuf), written in base58btc ({@code 12D3KooW…}) or as a CIDv1 with
 * the libp2p-key codec in multibase base32 ({@code bafz…}).
 */
public final class PeerIdCodec {
  /** Size of a raw Ed25519 public key. */
  public static final int ED25519_KEY_BYTES = 32;

  /** Longest PeerId string accepted by {@link #parse}. */
  public static final int MAX_PEER_ID_CHARS = 128;

  /** Longest binary PeerId (multihash) accepted. */
  public static final int MAX_MULTIHASH_BYTES = 64;

  private static final byte[] ED25519_PROTOBUF_PREFIX = {0x08, 0x01, 0x12, 0x20};
  private static final byte IDENTITY = 0x00;
  private static final byte SHA2_256 = 0x12;
  private static final byte CID_V1 = 0x01;
  private static final byte LIBP2P_KEY_CODEC = 0x72;

  private PeerIdCodec() {}

  /** {@code PublicKey{Type=Ed25519, Data=key}} in deterministic protobuf encoding. */
  public static byte[] protobufPublicKey(byte[] ed25519Key) {
    requireKey(ed25519Key);
    byte[] out = Arrays.copyOf(ED25519_PROTOBUF_PREFIX, 4 + ED25519_KEY_BYTES);
    System.arraycopy(ed25519Key, 0, out, 4, ED25519_KEY_BYTES);
    return out;
  }

  /** The binary PeerId of an Ed25519 key: identity multihash of its protobuf (38 bytes). */
  public static byte[] multihash(byte[] ed25519Key) {
    byte[] proto = protobufPublicKey(ed25519Key);
    byte[] out = new byte[2 + proto.length];
    out[0] = IDENTITY;
    out[1] = (byte) proto.length;
    System.arraycopy(proto, 0, out, 2, proto.length);
    return out;
  }

  public static String toBase58(byte[] multihash) {
    return Base58.encode(multihash);
  }

  public static String toCid(byte[] multihash) {
    byte[] cid = new byte[2 + multihash.length];
    cid[0] = CID_V1;
    cid[1] = LIBP2P_KEY_CODEC;
    System.arraycopy(multihash, 0, cid, 2, multihash.length);
    return "b" + Base32.encode(cid);
  }

  /**
   * Parses a PeerId string (base58btc or CIDv1) into its binary multihash, checking that it is a
   * well-formed identity or sha2-256 multihash.
   */
  public static byte[] parse(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_PEER_ID_CHARS) {
      throw new IllegalArgumentException("PeerId must have 1.." + MAX_PEER_ID_CHARS + " chars");
    }
    byte[] mh;
    if (text.startsWith("1") || text.startsWith("Qm")) {
      mh = Base58.decode(text);
    } else if (text.startsWith("b") || text.startsWith("B")) {
      byte[] cid = Base32.decode(text.substring(1));
      if (cid.length < 2 || cid[0] != CID_V1 || cid[1] != LIBP2P_KEY_CODEC) {
        throw new IllegalArgumentException("PeerId CID must be CIDv1 with the libp2p-key codec");
      }
      mh = Arrays.copyOfRange(cid, 2, cid.length);
    } else {
      throw new IllegalArgumentException(
          "PeerId must be base58btc (1... or Qm...) or a CIDv1 (b...)");
    }
    checkMultihash(mh);
    return mh;
  }

  /** Checks a binary PeerId: an identity or sha2-256 multihash whose length matches. */
  public static void checkMultihash(byte[] mh) {
    if (mh.length < 2 || mh.length > MAX_MULTIHASH_BYTES) {
      throw new IllegalArgumentException(
          "PeerId multihash must have 2.." + MAX_MULTIHASH_BYTES + " bytes");
    }
    if (mh[0] != IDENTITY && mh[0] != SHA2_256) {
      throw new IllegalArgumentException("PeerId is neither an identity nor a sha2-256 multihash");
    }
    int len = mh[1] & 0xff;
    if (len != mh.length - 2 || (mh[0] == SHA2_256 && len != 32)) {
      throw new IllegalArgumentException("PeerId multihash length does not match its content");
    }
  }

  /**
   * The Ed25519 key inside an identity-multihash PeerId.
   *
   * @throws IllegalArgumentException when the PeerId does not embed an Ed25519 key
   */
  public static byte[] ed25519Key(byte[] mh) {
    checkMultihash(mh);
    if (mh[0] != IDENTITY) {
      throw new IllegalArgumentException(
          "PeerId is not an identity multihash (only Ed25519 keys are supported)");
    }
    if (mh.length != 2 + 4 + ED25519_KEY_BYTES
        || !Arrays.equals(mh, 2, 6, ED25519_PROTOBUF_PREFIX, 0, 4)) {
      throw new IllegalArgumentException("PeerId does not hold an Ed25519 public key");
    }
    return Arrays.copyOfRange(mh, 6, mh.length);
  }

  private static void requireKey(byte[] key) {
    if (key == null || key.length != ED25519_KEY_BYTES) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
    }
  }
}
