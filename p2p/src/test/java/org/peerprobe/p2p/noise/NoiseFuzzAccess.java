package org.peerprobe.p2p.noise;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.peerprobe.p2p.core.HostKey;

/**
 * Public access to the package-private Noise parts for the fuzz targets in {@code
 * org.peerprobe.p2p.fuzz}: the payload codec, deterministic handshakes, an initiator that writes
 * any message-3 payload, and fixed transport ciphers. Test code only.
 */
public final class NoiseFuzzAccess {
  public static final HostKey RESPONDER_IDENTITY = NoiseTestPeers.BOB;
  public static final HostKey INITIATOR_IDENTITY = NoiseTestPeers.ALICE;
  public static final HostKey MALLORY = NoiseTestPeers.MALLORY;
  public static final int MAX_IDENTITY_KEY_BYTES = NoiseHandshakePayload.MAX_IDENTITY_KEY_BYTES;
  public static final int MAX_IDENTITY_SIG_BYTES = NoiseHandshakePayload.MAX_IDENTITY_SIG_BYTES;
  public static final int MAX_EXTENSION_ENTRIES = NoiseHandshakePayload.MAX_EXTENSION_ENTRIES;
  public static final int MAX_EXTENSION_ENTRY_BYTES =
      NoiseHandshakePayload.MAX_EXTENSION_ENTRY_BYTES;

  private static final long INITIATOR_SEED = 1;
  private static final long RESPONDER_SEED = 2;
  private static final int SEND_KEY_FILL = 1;
  private static final int RECEIVE_KEY_FILL = 2;

  private NoiseFuzzAccess() {}

  /** A decoded {@code NoiseHandshakePayload}, with its fields as the record holds them. */
  public record Payload(
      byte[] identityKey, byte[] identitySig, List<byte[]> certhashes, List<String> muxers) {
    /** Encodes these fields again. */
    public byte[] encode() {
      return new NoiseHandshakePayload(identityKey, identitySig, certhashes, muxers).encode();
    }

    /** Field-wise equality (the record compares arrays by identity). */
    public boolean sameAs(Payload o) {
      return Arrays.equals(identityKey, o.identityKey)
          && Arrays.equals(identitySig, o.identitySig)
          && certhashes.size() == o.certhashes.size()
          && IntStream.range(0, certhashes.size())
              .allMatch(i -> Arrays.equals(certhashes.get(i), o.certhashes.get(i)))
          && muxers.equals(o.muxers);
    }
  }

  /** {@code NoiseHandshakePayload.decode}: throws {@code BadPeerException} for bad input. */
  public static Payload decodePayload(byte[] bytes) {
    NoiseHandshakePayload p = NoiseHandshakePayload.decode(bytes);
    return new Payload(
        p.identityKey(), p.identitySig(), p.webtransportCerthashes(), p.streamMuxers());
  }

  /** The responder every fuzz input meets: BOB with keys from a fixed seed. */
  public static NoiseXXHandshake responder() {
    return NoiseXXHandshake.responder(RESPONDER_IDENTITY, new Random(RESPONDER_SEED));
  }

  /** The honest initiator (ALICE, fixed keys) whose messages 1 and 3 the seed corpus holds. */
  public static NoiseXXHandshake initiator() {
    return NoiseXXHandshake.initiator(
        INITIATOR_IDENTITY, Optional.empty(), new Random(INITIATOR_SEED));
  }

  /** An initiator with ALICE's fixed keys that sends any payload in message 3. */
  public static final class ForgingInitiator {
    private final NoiseXXState state = NoiseTestPeers.rawSide(true, INITIATOR_SEED);

    public byte[] message1() {
      return state.writeMessage(new byte[0]);
    }

    /** Reads the responder's message 2; throws {@code BadPeerException} if it is bad. */
    public void readMessage2(byte[] message) {
      state.readMessage(message);
    }

    public byte[] message3(byte[] payload) {
      return state.writeMessage(payload);
    }

    /** The payload an honest ALICE sends with these keys. */
    public byte[] validPayload() {
      return payload(INITIATOR_IDENTITY, INITIATOR_IDENTITY, List.of());
    }

    /** A payload claiming {@code claimed}'s identity, signed by {@code signer}, with muxers. */
    public byte[] payload(HostKey claimed, HostKey signer, List<String> muxers) {
      return NoiseTestPeers.payload(claimed, signer, state.localStaticKey(), muxers);
    }
  }

  /** The codec every transport fuzz input meets: fixed keys, nonces from 0. */
  public static NoiseTransportCodec transportCodec() {
    return new NoiseTransportCodec(cipher(SEND_KEY_FILL), cipher(RECEIVE_KEY_FILL));
  }

  /** What the codec's peer sends for {@code plaintexts}: one frame each, nonces from 0. */
  public static byte[] peerFrames(List<byte[]> plaintexts) {
    NoiseCipherState peerSend = cipher(RECEIVE_KEY_FILL);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : plaintexts) {
      byte[] ct = peerSend.encrypt(null, p);
      out.write(ct.length >>> 8);
      out.write(ct.length);
      out.writeBytes(ct);
    }
    return out.toByteArray();
  }

  private static NoiseCipherState cipher(int fill) {
    byte[] k = new byte[NoiseCipherState.KEY_BYTES];
    Arrays.fill(k, (byte) fill);
    return new NoiseCipherState(k, 0);
  }
}
