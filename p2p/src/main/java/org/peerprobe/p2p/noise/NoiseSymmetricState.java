package org.peerprobe.p2p.noise;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The Noise {@code SymmetricState} (Noise spec §5.2) for SHA-256 and ChaChaPoly: the chaining key
 * {@code ck}, the handshake hash {@code h} and the current {@code CipherState} (absent until the
 * first {@code MixKey}). HKDF is the HMAC-SHA256 construction of Noise spec §4.3. Not thread-safe.
 */
final class NoiseSymmetricState {
  /** SHA-256 output size (Noise {@code HASHLEN}). */
  static final int HASH_BYTES = 32;

  private byte[] ck;
  private byte[] h;
  private NoiseCipherState cipher;

  /** {@code InitializeSymmetric(protocolName)}. */
  NoiseSymmetricState(String protocolName) {
    byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
    h = name.length <= HASH_BYTES ? Arrays.copyOf(name, HASH_BYTES) : sha256(name);
    ck = h.clone();
  }

  void mixHash(byte[] data, int off, int len) {
    SHA256Digest d = new SHA256Digest();
    d.update(h, 0, h.length);
    d.update(data, off, len);
    byte[] out = new byte[HASH_BYTES];
    d.doFinal(out, 0);
    h = out;
  }

  void mixHash(byte[] data) {
    mixHash(data, 0, data.length);
  }

  void mixKey(byte[] inputKeyMaterial) {
    byte[][] out = hkdf(ck, inputKeyMaterial);
    Arrays.fill(ck, (byte) 0);
    ck = out[0];
    cipher = new NoiseCipherState(out[1], 0);
    Arrays.fill(out[1], (byte) 0);
  }

  /** {@code EncryptAndHash}: plaintext is returned as is (and hashed) before the first key. */
  byte[] encryptAndHash(byte[] plaintext) {
    byte[] ct = cipher == null ? plaintext.clone() : cipher.encrypt(h, plaintext);
    mixHash(ct);
    return ct;
  }

  /**
   * {@code DecryptAndHash} of {@code len} bytes at {@code off}.
   *
   * @throws org.peerprobe.p2p.core.BadPeerException when authentication fails
   */
  byte[] decryptAndHash(byte[] message, int off, int len) {
    byte[] pt =
        cipher == null
            ? Arrays.copyOfRange(message, off, off + len)
            : cipher.decrypt(h, message, off, len);
    mixHash(message, off, len);
    return pt;
  }

  /** Bytes {@code encryptAndHash} adds to a plaintext: a tag once a key is set. */
  int overhead() {
    return cipher == null ? 0 : NoiseCipherState.TAG_BYTES;
  }

  /** {@code Split()}: the initiator-to-responder and responder-to-initiator ciphers. */
  NoiseCipherState[] split() {
    byte[][] out = hkdf(ck, new byte[0]);
    NoiseCipherState[] result = {new NoiseCipherState(out[0], 0), new NoiseCipherState(out[1], 0)};
    Arrays.fill(out[0], (byte) 0);
    Arrays.fill(out[1], (byte) 0);
    Arrays.fill(ck, (byte) 0);
    return result;
  }

  byte[] handshakeHash() {
    return h.clone();
  }

  /** {@code HKDF(chainingKey, ikm, 2)} (Noise spec §4.3). */
  static byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial) {
    byte[] temp = hmac(chainingKey, inputKeyMaterial);
    byte[] out1 = hmac(temp, new byte[] {1});
    byte[] in2 = Arrays.copyOf(out1, HASH_BYTES + 1);
    in2[HASH_BYTES] = 2;
    byte[] out2 = hmac(temp, in2);
    Arrays.fill(temp, (byte) 0);
    Arrays.fill(in2, (byte) 0);
    return new byte[][] {out1, out2};
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    HMac mac = new HMac(new SHA256Digest());
    mac.init(new KeyParameter(key));
    mac.update(data, 0, data.length);
    byte[] out = new byte[HASH_BYTES];
    mac.doFinal(out, 0);
    return out;
  }

  private static byte[] sha256(byte[] data) {
    SHA256Digest d = new SHA256Digest();
    d.update(data, 0, data.length);
    byte[] out = new byte[HASH_BYTES];
    d.doFinal(out, 0);
    return out;
  }
}
