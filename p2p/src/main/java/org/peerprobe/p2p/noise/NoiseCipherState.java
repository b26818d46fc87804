package org.peerprobe.p2p.noise;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
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
  private static final byte[] NO_AD = new byte[0];

  private final KeyParameter key;
  private final ChaCha20Poly1305 aead = new ChaCha20Poly1305();
  private long nonce;

  /** A cipher with {@code key} whose next message uses counter {@code nonce} (unsigned). */
  NoiseCipherState(byte[] key, long nonce) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("a ChaChaPoly key has 32 bytes");
    }
    this.key = new KeyParameter(key.clone());
    this.nonce = nonce;
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
    init(true, ad);
    int n = aead.processBytes(in, inOff, len, out, outOff);
    try {
      n += aead.doFinal(out, outOff + n);
    } catch (InvalidCipherTextException e) {
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
    init(false, ad);
    int n = aead.processBytes(in, inOff, len, out, outOff);
    try {
      n += aead.doFinal(out, outOff + n);
    } catch (InvalidCipherTextException e) {
      throw new BadPeerException("Noise message failed authentication (tampered or out of order)");
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

  private void init(boolean forEncryption, byte[] ad) {
    byte[] iv = new byte[NONCE_BYTES];
    for (int i = 0; i < Long.BYTES; i++) {
      iv[4 + i] = (byte) (nonce >>> (8 * i));
    }
    aead.init(forEncryption, new AEADParameters(key, 8 * TAG_BYTES, iv, ad == null ? NO_AD : ad));
  }

  @Override
  public String toString() {
    return "NoiseCipherState{n=" + Long.toUnsignedString(nonce) + "}";
  }
}
