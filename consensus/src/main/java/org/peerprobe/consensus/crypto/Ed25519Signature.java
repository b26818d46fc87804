package org.peerprobe.consensus.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/** A 64-byte Ed25519 signature. Immutable; compared by content. */
public final class Ed25519Signature {
  /** Size of an Ed25519 signature in bytes. */
  public static final int SIZE = Ed25519KeyPair.SIGNATURE_SIZE;

  private final byte[] bytes;

  private Ed25519Signature(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Ed25519Signature of(byte[] bytes) {
    if (bytes == null || bytes.length != SIZE) {
      throw new IllegalArgumentException("an Ed25519 signature has " + SIZE + " bytes");
    }
    return new Ed25519Signature(bytes.clone());
  }

  /** Parses 128 hex characters, or returns empty. */
  public static Optional<Ed25519Signature> parseHex(String hex) {
    if (hex == null || hex.length() != SIZE * 2) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Ed25519Signature(HexFormat.of().parseHex(hex)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Signs {@code message} with {@code key}. */
  public static Ed25519Signature sign(Ed25519KeyPair key, byte[] message) {
    return new Ed25519Signature(key.sign(message));
  }

  public boolean verifies(Ed25519PublicKey key, byte[] message) {
    return key.verify(message, bytes);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519Signature other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
