package org.peerprobe.p2p.noise;

import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.peerprobe.p2p.core.BadPeerException;

/**
 * An X25519 key pair (RFC 7748) for one Noise handshake: the Noise static key or an ephemeral key.
 * The private key is 32 random bytes; X25519 clamps it when used. Not thread-safe; {@link #wipe()}
 * zeroes the private key once the handshake no longer needs it.
 */
final class NoiseKeyPair {
  /** Size of an X25519 public key, private key and shared secret (Noise {@code DHLEN}). */
  static final int KEY_BYTES = 32;

  private final byte[] privateKey;
  private final byte[] publicKey;

  private NoiseKeyPair(byte[] privateKey) {
    this.privateKey = privateKey;
    this.publicKey = new byte[KEY_BYTES];
    X25519.generatePublicKey(privateKey, 0, publicKey, 0);
  }

  /** A fresh key pair from {@code random} (a {@code SecureRandom} outside tests). */
  static NoiseKeyPair generate(Random random) {
    byte[] k = new byte[KEY_BYTES];
    random.nextBytes(k);
    return new NoiseKeyPair(k);
  }

  /** The key pair of a known private key (test vectors). */
  static NoiseKeyPair fromPrivateKey(byte[] privateKey) {
    if (privateKey.length != KEY_BYTES) {
      throw new IllegalArgumentException("an X25519 private key has 32 bytes");
    }
    return new NoiseKeyPair(privateKey.clone());
  }

  byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * Noise {@code DH(self, remote)}.
   *
   * @throws BadPeerException when the remote key is a low-order point (all-zero shared secret)
   */
  byte[] dh(byte[] remotePublicKey) {
    byte[] shared = new byte[KEY_BYTES];
    if (!X25519.calculateAgreement(privateKey, 0, remotePublicKey, 0, shared, 0)) {
      throw new BadPeerException("peer sent a low-order X25519 public key");
    }
    return shared;
  }

  void wipe() {
    Arrays.fill(privateKey, (byte) 0);
  }
}
