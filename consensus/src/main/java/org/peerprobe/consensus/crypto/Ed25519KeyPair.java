package org.peerprobe.consensus.crypto;

import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 key pair made from a 32-byte seed (RFC 8032 private key).
 *
 * <p>Immutable and thread-safe. The seed is never printed: {@link #toString()} shows only the
 * public key.
 */
public final class Ed25519KeyPair {
  /** Size of an Ed25519 seed (the RFC 8032 private key) in bytes. */
  public static final int SEED_SIZE = Ed25519.SECRET_KEY_SIZE;

  /** Size of an Ed25519 signature in bytes. */
  public static final int SIGNATURE_SIZE = Ed25519.SIGNATURE_SIZE;

  private final byte[] seed;
  private final Ed25519PublicKey publicKey;

  private Ed25519KeyPair(byte[] seed) {
    this.seed = seed;
    byte[] pub = new byte[Ed25519PublicKey.SIZE];
    Ed25519.generatePublicKey(seed, 0, pub, 0);
    this.publicKey = Ed25519PublicKey.ofTrusted(pub);
  }

  /** Derives the key pair of a 32-byte seed. */
  public static Ed25519KeyPair fromSeed(byte[] seed) {
    if (seed == null || seed.length != SEED_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed has " + SEED_SIZE + " bytes");
    }
    return new Ed25519KeyPair(seed.clone());
  }

  /**
   * Generates a key pair from the given source of randomness. Callers pass a {@link
   * java.security.SecureRandom} in production and a seeded {@link Random} in simulations.
   */
  public static Ed25519KeyPair generate(Random random) {
    byte[] seed = new byte[SEED_SIZE];
    random.nextBytes(seed);
    return new Ed25519KeyPair(seed);
  }

  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /** Returns a copy of the seed, for writing to an owner-only key file. */
  public byte[] seed() {
    return seed.clone();
  }

  /** Signs {@code message} (deterministic, RFC 8032). */
  public byte[] sign(byte[] message) {
    byte[] sig = new byte[SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519KeyPair other && Arrays.equals(seed, other.seed);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "Ed25519KeyPair{public=" + publicKey.hex() + "}";
  }
}
