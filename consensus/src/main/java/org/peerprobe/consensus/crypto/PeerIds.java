package org.peerprobe.consensus.crypto;

import org.peerprobe.multiformats.PeerIdCodec;

/**
 * The libp2p PeerId of an Ed25519 observer key (libp2p specs, peer-ids/peer-ids.md), so the feed
 * shows the same id the network uses: protobuf {@code PublicKey{Type=Ed25519, Data}} → identity
 * multihash → base58btc ({@code 12D3KooW…}) or CIDv1 base32 ({@code bafz…}). Both forms parse.
 */
public final class PeerIds {
  /** Maximum length of a PeerId string accepted by {@link #parse}; longer input is rejected. */
  public static final int MAX_PEER_ID_CHARS = PeerIdCodec.MAX_PEER_ID_CHARS;

  private PeerIds() {}

  /** The protobuf {@code PublicKey} encoding of an Ed25519 key (36 bytes). */
  public static byte[] protobufPublicKey(Ed25519PublicKey key) {
    return PeerIdCodec.protobufPublicKey(key.bytes());
  }

  /** The binary PeerId: the identity multihash of the protobuf key (38 bytes). */
  public static byte[] multihash(Ed25519PublicKey key) {
    return PeerIdCodec.multihash(key.bytes());
  }

  /** The base58btc PeerId string, {@code 12D3KooW…}. */
  public static String toBase58(Ed25519PublicKey key) {
    return PeerIdCodec.toBase58(multihash(key));
  }

  /** The CIDv1 PeerId string (multibase base32, codec libp2p-key), {@code bafz…}. */
  public static String toCid(Ed25519PublicKey key) {
    return PeerIdCodec.toCid(multihash(key));
  }

  /**
   * Parses a PeerId string in either form and returns the Ed25519 key it embeds.
   *
   * @throws IllegalArgumentException naming what is wrong: not base58/base32, not a CIDv1 with the
   *     libp2p-key codec, not an identity multihash, or not an Ed25519 key
   */
  public static Ed25519PublicKey parse(String text) {
    byte[] key = PeerIdCodec.ed25519Key(PeerIdCodec.parse(text));
    return Ed25519PublicKey.parse(key)
        .orElseThrow(() -> new IllegalArgumentException("PeerId holds an invalid Ed25519 key"));
  }
}
