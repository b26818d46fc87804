package org.peerprobe.p2p.core;

import java.util.Arrays;
import org.peerprobe.multiformats.PeerIdCodec;

/**
 * A libp2p peer identity: the multihash of the peer's protobuf-encoded public key. Immutable;
 * compared by bytes. {@link #toString()} is the base58btc form ({@code 12D3KooW…}).
 */
public final class PeerId implements Comparable<PeerId> {
  private final byte[] multihash;

  /**
   * Computed on first use: ids are parsed for every gossip message (duplicates included) and most
   * are never printed, while base58 encoding costs more than the rest of the parse. A racy cache is
   * safe: every thread computes the same immutable String.
   */
  private String base58;

  private PeerId(byte[] multihash) {
    PeerIdCodec.checkMultihash(multihash);
    this.multihash = multihash;
  }

  /** The PeerId of a raw 32-byte Ed25519 public key. */
  public static PeerId fromEd25519(byte[] publicKey) {
    return new PeerId(PeerIdCodec.multihash(publicKey));
  }

  /**
   * Parses the binary form (as carried in gossipsub {@code from} and PX records).
   *
   * @throws BadPeerException when the bytes are not a valid PeerId multihash
   */
  public static PeerId fromBytes(byte[] multihash) {
    try {
      return new PeerId(multihash.clone());
    } catch (IllegalArgumentException e) {
      throw new BadPeerException("invalid PeerId bytes: " + e.getMessage(), e);
    }
  }

  /**
   * Parses base58btc ({@code 12D3KooW…}, {@code Qm…}) or CIDv1 ({@code bafz…}).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static PeerId parse(String text) {
    return new PeerId(PeerIdCodec.parse(text));
  }

  public byte[] bytes() {
    return multihash.clone();
  }

  /** The raw Ed25519 key embedded in this id, for identity multihashes of Ed25519 keys. */
  public byte[] ed25519Key() {
    return PeerIdCodec.ed25519Key(multihash);
  }

  public String toCid() {
    return PeerIdCodec.toCid(multihash);
  }

  @Override
  public int compareTo(PeerId o) {
    return Arrays.compareUnsigned(multihash, o.multihash);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerId other && Arrays.equals(multihash, other.multihash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(multihash);
  }

  @Override
  public String toString() {
    String s = base58;
    if (s == null) {
      s = PeerIdCodec.toBase58(multihash);
      base58 = s;
    }
    return s;
  }
}
