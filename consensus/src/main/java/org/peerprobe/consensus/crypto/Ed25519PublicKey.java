package org.peerprobe.consensus.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A raw 32-byte Ed25519 public key, validated once on construction (a point on the curve, of prime
 * order) and kept in decompressed form so that every later verification skips the decompression.
 *
 * <p>Immutable and thread-safe. Ordered by unsigned byte comparison, which is also the order of the
 * lowercase hex strings used on the wire.
 */
public final class Ed25519PublicKey implements Comparable<Ed25519PublicKey> {
  /** Size of a raw Ed25519 public key in bytes. */
  public static final int SIZE = Ed25519.PUBLIC_KEY_SIZE;

  /** Most validated keys remembered; four times the largest roster. */
  public static final int MAX_MEMOIZED_KEYS = 65_536;

  private static final ConcurrentHashMap<ByteBuffer, Ed25519PublicKey> VALIDATED =
      new ConcurrentHashMap<>();

  private final byte[] raw;
  private final Ed25519.PublicPoint point;
  private final int hash;

  private Ed25519PublicKey(byte[] raw, Ed25519.PublicPoint point) {
    this.raw = raw;
    this.point = point;
    this.hash = Arrays.hashCode(raw);
  }

  /**
   * Parses a raw public key, or returns empty when the bytes are not a valid Ed25519 public key
   * (wrong length, not on the curve, small order).
   */
  public static Optional<Ed25519PublicKey> parse(byte[] raw) {
    if (raw == null || raw.length != SIZE) {
      return Optional.empty();
    }
    byte[] copy = raw.clone();
    ByteBuffer memoKey = ByteBuffer.wrap(copy);
    Ed25519PublicKey known = VALIDATED.get(memoKey);
    if (known != null) {
      return Optional.of(known);
    }
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(copy, 0);
    if (point == null) {
      return Optional.empty();
    }
    Ed25519PublicKey key = new Ed25519PublicKey(copy, point);
    if (VALIDATED.size() >= MAX_MEMOIZED_KEYS) {
      VALIDATED.clear();
    }
    VALIDATED.putIfAbsent(memoKey, key);
    return Optional.of(key);
  }

  /** Parses 64 lowercase or uppercase hex characters; empty when malformed or not a valid key. */
  public static Optional<Ed25519PublicKey> parseHex(String hex) {
    if (hex == null || hex.length() != SIZE * 2) {
      return Optional.empty();
    }
    try {
      return parse(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Like {@link #parseHex} for keys that are trusted to be well formed (tests, own config). */
  public static Ed25519PublicKey fromHex(String hex) {
    return parseHex(hex)
        .orElseThrow(() -> new IllegalArgumentException("not an Ed25519 public key: " + hex));
  }

  static Ed25519PublicKey ofTrusted(byte[] raw) {
    return parse(raw).orElseThrow(() -> new IllegalStateException("derived an invalid key"));
  }

  /** Returns a copy of the 32 raw bytes. */
  public byte[] bytes() {
    return raw.clone();
  }

  /** The lowercase hex form used in every signed payload. */
  public String hex() {
    return HexFormat.of().formatHex(raw);
  }

  /** The libp2p PeerId string of this key ({@code 12D3KooW…}). */
  public String peerId() {
    return PeerIds.toBase58(this);
  }

  /** Verifies an Ed25519 signature over {@code message}. Never throws for malformed signatures. */
  public boolean verify(byte[] message, byte[] signature) {
    if (signature == null || signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    return Ed25519.verify(signature, 0, point, message, 0, message.length);
  }

  @Override
  public int compareTo(Ed25519PublicKey other) {
    return Arrays.compareUnsigned(raw, other.raw);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PublicKey other && Arrays.equals(raw, other.raw);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return hex();
  }
}
