package org.peerprobe.p2p.core;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.peerprobe.multiformats.PeerIdCodec;

/**
 * A node's Ed25519 identity key (RFC 8032 seed) and the libp2p encodings of its public part.
 * Immutable and thread-safe; the seed never appears in {@link #toString()}.
 */
public final class HostKey {
  public static final int SEED_BYTES = 32;
  public static final int PUBLIC_KEY_BYTES = 32;
  public static final int SIGNATURE_BYTES = 64;

  /** Largest protobuf-encoded public key accepted from a peer. */
  public static final int MAX_PUBLIC_KEY_PROTOBUF_BYTES = 128;

  private final byte[] seed;
  private final byte[] publicKey;
  private final PeerId peerId;

  private HostKey(byte[] seed) {
    this.seed = seed;
    this.publicKey = new byte[PUBLIC_KEY_BYTES];
    Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    this.peerId = PeerId.fromEd25519(publicKey);
  }

  public static HostKey fromSeed(byte[] seed) {
    if (seed == null || seed.length != SEED_BYTES) {
      throw new IllegalArgumentException("an Ed25519 seed has 32 bytes");
    }
    return new HostKey(seed.clone());
  }

  public static HostKey generate(SecureRandom random) {
    byte[] seed = new byte[SEED_BYTES];
    random.nextBytes(seed);
    return new HostKey(seed);
  }

  public PeerId peerId() {
    return peerId;
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** {@code PublicKey{Type=Ed25519, Data}} as libp2p encodes it (36 bytes). */
  public byte[] publicKeyProtobuf() {
    return PeerIdCodec.protobufPublicKey(publicKey);
  }

  /** {@code PrivateKey{Type=Ed25519, Data=seed‖public}} as libp2p stores it (68 bytes). */
  public byte[] privateKeyProtobuf() {
    byte[] out = new byte[4 + SEED_BYTES + PUBLIC_KEY_BYTES];
    out[0] = 0x08;
    out[1] = 0x01;
    out[2] = 0x12;
    out[3] = 0x40;
    System.arraycopy(seed, 0, out, 4, SEED_BYTES);
    System.arraycopy(publicKey, 0, out, 4 + SEED_BYTES, PUBLIC_KEY_BYTES);
    return out;
  }

  public byte[] sign(byte[] message) {
    byte[] sig = new byte[SIGNATURE_BYTES];
    Ed25519.sign(seed, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  /** Verifies an Ed25519 signature; false (never an exception) for malformed input. */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey == null
        || publicKey.length != PUBLIC_KEY_BYTES
        || signature == null
        || signature.length != SIGNATURE_BYTES) {
      return false;
    }
    return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
  }

  /**
   * The raw Ed25519 key inside a peer's protobuf {@code PublicKey}.
   *
   * @throws BadPeerException when it is not an Ed25519 key in the deterministic encoding
   */
  public static byte[] ed25519FromProtobuf(byte[] protobuf) {
    if (protobuf == null || protobuf.length > MAX_PUBLIC_KEY_PROTOBUF_BYTES) {
      throw new BadPeerException("public key protobuf missing or too large");
    }
    if (protobuf.length != 36
        || protobuf[0] != 0x08
        || protobuf[1] != 0x01
        || protobuf[2] != 0x12
        || protobuf[3] != 0x20) {
      throw new BadPeerException("only Ed25519 public keys are supported");
    }
    return Arrays.copyOfRange(protobuf, 4, 36);
  }

  @Override
  public String toString() {
    return "HostKey{" + peerId + "}";
  }
}
