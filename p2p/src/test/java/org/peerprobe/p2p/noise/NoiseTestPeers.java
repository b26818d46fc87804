package org.peerprobe.p2p.noise;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.PeerId;

/** Deterministic identities and handshakes for the Noise tests. */
final class NoiseTestPeers {
  private NoiseTestPeers() {}

  /**
   * Seed {@code start, start+1, …}; start 0 gives
   * 12D3KooWA4Xop1JaT3MHxwYMkCepYsv4iPVopMXwCz5iHYdBfeSB.
   */
  static HostKey hostKey(int start) {
    byte[] seed = new byte[HostKey.SEED_BYTES];
    for (int i = 0; i < seed.length; i++) {
      seed[i] = (byte) (start + i);
    }
    return HostKey.fromSeed(seed);
  }

  static final HostKey ALICE = hostKey(0);
  static final HostKey BOB = hostKey(0x40);
  static final HostKey MALLORY = hostKey(0x80);

  static NoiseXXHandshake initiator(HostKey key, Optional<PeerId> expected, long seed) {
    return NoiseXXHandshake.initiator(key, expected, new Random(seed));
  }

  static NoiseXXHandshake responder(HostKey key, long seed) {
    return NoiseXXHandshake.responder(key, new Random(seed));
  }

  /**
   * A libp2p payload signing {@code staticKey} with {@code signer} but claiming {@code claimed}.
   */
  static byte[] payload(HostKey claimed, HostKey signer, byte[] staticKey, List<String> muxers) {
    byte[] prefix = NoiseXXHandshake.STATIC_KEY_SIGNATURE_PREFIX.getBytes(StandardCharsets.UTF_8);
    byte[] signed = new byte[prefix.length + staticKey.length];
    System.arraycopy(prefix, 0, signed, 0, prefix.length);
    System.arraycopy(staticKey, 0, signed, prefix.length, staticKey.length);
    return new NoiseHandshakePayload(
            claimed.publicKeyProtobuf(), signer.sign(signed), List.of(), muxers)
        .encode();
  }

  /** A raw Noise side (no libp2p checks) with keys from {@code seed}, for forging messages. */
  static NoiseXXState rawSide(boolean initiator, long seed) {
    Random r = new Random(seed);
    return new NoiseXXState(
        initiator, new byte[0], NoiseKeyPair.generate(r), NoiseKeyPair.generate(r));
  }
}
