package org.peerprobe.consensus.crypto;

import java.util.Arrays;

/**
 * The libp2p PeerId of an Ed25519 observer key (libp2p specs, peer-ids/peer-ids.md).
 *
 * <p>The key is wrapped in the deterministic protobuf {@code PublicKey{Type=Ed25519(1), Data}}
 * ({@code 08 01 12 20} ‖ key, 36 bytes); as that is at most 42 bytes the PeerId is its identity
 * multihash ({@code 00 24} ‖ protobuf), written in base58btc ({@code 12D3KooW…}) or as a CIDv1 with
 * the libp2p-key codec in multibase base32 ({@code bafz…}). Both forms parse.
 */
public final class PeerIds {
  /** Maximum length of a PeerId string accepted by {@link #parse}; longer input is rejected. */
  public static final int MAX_PEER_ID_CHARS = 128;

  private static final byte[] ED25519_PROTOBUF_PREFIX = {0x08, 0x01, 0x12, 0x20};
  private static final byte IDENTITY_MULTIHASH = 0x00;
  private static final byte CID_V1 = 0x01;
  private static final byte LIBP2P_KEY_CODEC = 0x72;

  private PeerIds() {}

  /** The protobuf {@code PublicKey} encoding of an Ed25519 key (36 bytes). */
  public static byte[] protobufPublicKey(Ed25519PublicKey key) {
    byte[] out = Arrays.copyOf(ED25519_PROTOBUF_PREFIX, ED25519_PROTOBUF_PREFIX.length + 32);
    System.arraycopy(key.bytes(), 0, out, ED25519_PROTOBUF_PREFIX.length, 32);
    return out;
  }

  /** The binary PeerId: the identity multihash of the protobuf key (38 bytes). */
  public static byte[] multihash(Ed25519PublicKey key) {
    byte[] proto = protobufPublicKey(key);
    byte[] out = new byte[2 + proto.length];
    out[0] = IDENTITY_MULTIHASH;
    out[1] = (byte) proto.length;
    System.arraycopy(proto, 0, out, 2, proto.length);
    return out;
  }

  /** The base58btc PeerId string, {@code 12D3KooW…}. */
  public static String toBase58(Ed25519PublicKey key) {
    return Base58.encode(multihash(key));
  }

  /** The CIDv1 PeerId string (multibase base32, codec libp2p-key), {@code bafz…}. */
  public static String toCid(Ed25519PublicKey key) {
    byte[] mh = multihash(key);
    byte[] cid = new byte[2 + mh.length];
    cid[0] = CID_V1;
    cid[1] = LIBP2P_KEY_CODEC;
    System.arraycopy(mh, 0, cid, 2, mh.length);
    return "b" + Base32.encode(cid);
  }

  /**
   * Parses a PeerId string in either form and returns the Ed25519 key it embeds.
   *
   * @throws IllegalArgumentException naming what is wrong: not base58/base32, not a CIDv1 with the
   *     libp2p-key codec, not an identity multihash, or not an Ed25519 key
   */
  public static Ed25519PublicKey parse(String text) {
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
      throw new IllegalArgumentException("PeerId must be base58btc (1…) or a CIDv1 (b…)");
    }
    if (mh.length < 2 || mh[0] != IDENTITY_MULTIHASH) {
      throw new IllegalArgumentException(
          "PeerId is not an identity multihash (only Ed25519 keys are supported)");
    }
    int len = mh[1] & 0xff;
    if (len != mh.length - 2 || len != ED25519_PROTOBUF_PREFIX.length + 32) {
      throw new IllegalArgumentException("PeerId multihash length does not match its content");
    }
    if (!Arrays.equals(mh, 2, 6, ED25519_PROTOBUF_PREFIX, 0, 4)) {
      throw new IllegalArgumentException("PeerId does not hold an Ed25519 public key");
    }
    return Ed25519PublicKey.parse(Arrays.copyOfRange(mh, 6, mh.length))
        .orElseThrow(() -> new IllegalArgumentException("PeerId holds an invalid Ed25519 key"));
  }
}
