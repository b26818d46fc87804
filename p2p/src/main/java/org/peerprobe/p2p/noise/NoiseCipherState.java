package org.peerprobe.p2p.noise;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.InternalErrorException;

/**
 * A Noise {@code CipherState} for the ChaChaPoly cipher (Noise spec §5.1, §12.3): a 32-byte key and
 * a 64-bit message counter {@code n}. The 96-bit ChaCha20-Poly1305 nonce is 4 zero bytes followed
 * by {@code n} in little-endian order, as the libp2p Noise spec requires. Every call to {@code
 * encrypt} or {@code decrypt} uses the next counter value; a failed decryption does not consume
 * one. The counter value {@code 2^64-1} is reserved by Noise, so after {@code 2^64-1} messages the
 * state refuses to go on (the connection must then be closed).
 *
 * <p>The AEAD is the JDK's own ChaCha20-Poly1305 (SunJCE, RFC 8439): for Noise transport frames it
 * runs about twice as fast as BouncyCastle's, whose decryption copies its input byte by byte
 * (docs/benchmarks.md, p2p section).
 *
 * <p>Not thread-safe: a transport cipher belongs to one direction of one connection and is used
 * only from that connection's event loop.
 */
public final class NoiseCipherState {
  /** ChaChaPoly key size. */
  public static final int KEY_BYTES = 32;

  /** Poly1305 authentication tag appended to every ciphertext. */
  public static final int TAG_BYTES = 16;

  /** Reserved counter value (unsigned {@code 2^64-1}); reaching it exhausts the state. */
  static final long RESERVED_NONCE = 0xFFFF_FFFF_FFFF_FFFFL;

  private static final int NONCE_BYTES = 12;

  private final SecretKeySpec key;
  private final Cipher aead;
  private long nonce;

  /** The counter of the cipher's last initialisation, valid when {@link #initialised}. */
  private long initNonce;

  private boolean initialised;

  /** A cipher with {@code key} whose next message uses counter {@code nonce} (unsigned). */
  NoiseCipherState(byte[] key, long nonce) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("a ChaChaPoly key has 32 bytes");
    }
    this.key = new SecretKeySpec(key, "ChaCha20");
    this.nonce = nonce;
    try {
      this.aead = Cipher.getInstance("ChaCha20-Poly1305");
    } catch (GeneralSecurityException e) {
      throw new InternalErrorException("the JDK has no ChaCha20-Poly1305", e);
    }
  }

  /** The counter value the next message will use (unsigned 64-bit). */
  public long nonce() {
    return nonce;
  }

  /**
   * Encrypts {@code len} bytes of {@code in} at {@code inOff} with associated data {@code ad} (null
   * for none) into {@code out} at {@code outOff}; {@code out} needs {@code len + TAG_BYTES} bytes
   * of room and must not overlap the input.
   *
   * @return the ciphertext length, {@code len + TAG_BYTES}
   * @throws InternalErrorException when the counter is exhausted
   */
  public int encrypt(byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff) {
    if (nonce == RESERVED_NONCE) {
      throw new InternalErrorException("Noise send counter exhausted; the connection must close");
    }
    int n;
    try {
      init(Cipher.ENCRYPT_MODE, ad);
      n = aead.doFinal(in, inOff, len, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new InternalErrorException("ChaCha20-Poly1305 encryption failed", e);
    }
    nonce++;
    return n;
  }

  /**
   * Decrypts and authenticates {@code len} bytes of {@code in} at {@code inOff} into {@code out} at
   * {@code outOff}; {@code out} needs {@code len - TAG_BYTES} bytes of room and must not overlap
   * the input. On failure nothing is consumed.
   *
   * @return the plaintext length, {@code len - TAG_BYTES}
   * @throws BadPeerException when the ciphertext is shorter than a tag or fails authentication, or
   *     the peer has used up the counter
   */
  public int decrypt(byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff) {
    if (len < TAG_BYTES) {
      throw new BadPeerException("Noise ciphertext of " + len + " bytes is shorter than its tag");
    }
    if (nonce == RESERVED_NONCE) {
      throw new BadPeerException("peer exhausted the Noise receive counter");
    }
    int n;
    try {
      init(Cipher.DECRYPT_MODE, ad);
      n = aead.doFinal(in, inOff, len, out, outOff);
    } catch (AEADBadTagException e) {
      throw new BadPeerException("Noise message failed authentication (tampered or out of order)");
    } catch (GeneralSecurityException e) {
      throw new InternalErrorException("ChaCha20-Poly1305 decryption failed", e);
    }
    nonce++;
    return n;
  }

  /** {@link #encrypt(byte[], byte[], int, int, byte[], int)} into a new array. */
  public byte[] encrypt(byte[] ad, byte[] plaintext) {
    byte[] out = new byte[plaintext.length + TAG_BYTES];
    encrypt(ad, plaintext, 0, plaintext.length, out, 0);
    return out;
  }

  /** {@link #decrypt(byte[], byte[], int, int, byte[], int)} into a new array. */
  public byte[] decrypt(byte[] ad, byte[] ciphertext, int off, int len) {
    if (len < TAG_BYTES) {
      throw new BadPeerException("Noise ciphertext of " + len + " bytes is shorter than its tag");
    }
    byte[] out = new byte[len - TAG_BYTES];
    decrypt(ad, ciphertext, off, len, out, 0);
    return out;
  }

  private void init(int mode, byte[] ad) throws GeneralSecurityException {
    if (initialised && initNonce == nonce) {
      // The JDK refuses the same key and nonce twice in a row; that happens only when a decryption
      // failed and the same counter is tried again. Pass through the reserved (never used) nonce.
      aead.init(mode, key, new IvParameterSpec(iv(RESERVED_NONCE)));
    }
    aead.init(mode, key, new IvParameterSpec(iv(nonce)));
    initNonce = nonce;
    initialised = true;
    if (ad != null && ad.length > 0) {
      aead.updateAAD(ad);
    }
  }

  private static byte[] iv(long counter) {
    byte[] iv = new byte[NONCE_BYTES];
    for (int i = 0; i < Long.BYTES; i++) {
      iv[4 + i] = (byte) (counter >>> (8 * i));
    }
    return iv;
  }

  @Override
  public String toString() {
    return "NoiseCipherState{n=" + Long.toUnsignedString(nonce) + "}";
  }
}
