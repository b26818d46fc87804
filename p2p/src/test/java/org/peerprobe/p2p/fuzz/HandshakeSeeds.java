package org.peerprobe.p2p.fuzz;

import static org.peerprobe.p2p.fuzz.SeedCorpus.concat;
import static org.peerprobe.p2p.fuzz.SeedCorpus.prefixed;
import static org.peerprobe.p2p.fuzz.SeedCorpus.u16;
import static org.peerprobe.p2p.fuzz.SeedCorpus.utf8;
import static org.peerprobe.p2p.fuzz.SeedCorpus.uvarint;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.peerprobe.p2p.noise.NoiseCipherState;
import org.peerprobe.p2p.noise.NoiseFuzzAccess;
import org.peerprobe.p2p.noise.NoiseFuzzAccess.ForgingInitiator;
import org.peerprobe.p2p.noise.NoiseFuzzAccess.Payload;
import org.peerprobe.p2p.noise.NoiseXXHandshake;

/** Seeds for the multistream-select and Noise targets. */
final class HandshakeSeeds {
  private static final int DIALER = 1;

  private HandshakeSeeds() {}

  /** One multistream-select message: {@code uvarint(len) ‖ text ‖ '\n'}. */
  static byte[] mss(String text) {
    return prefixed(utf8(text + "\n"));
  }

  private static byte[] mss(String... texts) {
    byte[][] parts = Arrays.stream(texts).map(HandshakeSeeds::mss).toArray(byte[][]::new);
    return concat(parts);
  }

  static Map<String, byte[]> multistream() {
    String h = "/multistream/1.0.0";
    Map<String, byte[]> s = new LinkedHashMap<>();
    s.put("valid-listener-yamux", FuzzInput.encode(0, 0, mss(h, "/yamux/1.0.0")));
    s.put("valid-listener-bytewise", FuzzInput.encode(0, 1, mss(h, "/yamux/1.0.0")));
    s.put(
        "valid-listener-ls-na-then-select",
        FuzzInput.encode(0, 5, mss(h, "ls", "/mplex/6.7.0", "/meshsub/1.1.0")));
    // js sends its header and first proposal in one write; yamux bytes may follow at once.
    s.put(
        "valid-listener-with-leftover",
        FuzzInput.encode(
            0, 0, concat(mss(h, "/yamux/1.0.0"), new byte[] {0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0})));
    s.put("valid-dialer-echo", FuzzInput.encode(DIALER, 0, mss(h, "/meshsub/1.2.0")));
    s.put("valid-dialer-na-then-echo", FuzzInput.encode(DIALER, 3, mss(h, "na", "/meshsub/1.1.0")));
    s.put("edge-dialer-all-na", FuzzInput.encode(DIALER, 0, mss(h, "na", "na")));
    s.put("edge-dialer-wrong-echo", FuzzInput.encode(DIALER, 0, mss(h, "/meshsub/1.1.0")));
    s.put("edge-wrong-header", FuzzInput.encode(0, 0, mss("/multistream/2.0.0", "/yamux/1.0.0")));
    s.put("edge-repeated-header", FuzzInput.encode(0, 0, mss(h, h)));
    String[] many = new String[66];
    Arrays.fill(many, "/nope/1.0.0");
    many[0] = h;
    s.put("edge-65-proposals", FuzzInput.encode(0, 0, mss(many)));
    s.put("edge-length-over-limit", FuzzInput.encode(0, 0, concat(uvarint(1025), new byte[8])));
    s.put(
        "edge-longest-message",
        FuzzInput.encode(0, 0, concat(mss(h), mss("/" + "x".repeat(1022)))));
    s.put("edge-no-newline", FuzzInput.encode(0, 0, concat(uvarint(3), utf8("abc"))));
    s.put("edge-empty-message", FuzzInput.encode(0, 0, new byte[] {0}));
    s.put("edge-non-minimal-varint", FuzzInput.encode(0, 0, new byte[] {(byte) 0x80, 0}));
    s.put("edge-truncated-header", FuzzInput.encode(DIALER, 2, Arrays.copyOf(mss(h), 9)));
    s.put("edge-invalid-utf8", FuzzInput.encode(0, 0, concat(mss(h), new byte[] {3, -61, 40, 10})));
    return s;
  }

  static Map<String, byte[]> noisePayload() {
    ForgingInitiator init = new ForgingInitiator();
    byte[] valid = init.validPayload();
    byte[] withExtensions =
        new Payload(
                Arrays.copyOf(valid, 10),
                new byte[64],
                List.of(new byte[] {0x12, 0x20, 1, 2, 3}),
                List.of("/yamux/1.0.0", "/mplex/6.7.0"))
            .encode();
    byte[] manyMuxers =
        new Payload(new byte[0], new byte[0], List.of(), Collections.nCopies(33, "/yamux/1.0.0"))
            .encode();
    Map<String, byte[]> s = new LinkedHashMap<>();
    s.put("valid-alice", valid);
    s.put("valid-with-extensions", withExtensions);
    s.put("valid-empty", new byte[0]);
    s.put("edge-truncated", Arrays.copyOf(valid, valid.length / 2));
    s.put("edge-key-length-over-limit", concat(new byte[] {0x0a}, uvarint(1025), new byte[16]));
    s.put("edge-negative-length", new byte[] {0x0a, -1, -1, -1, -1, 0x0f});
    s.put("edge-stray-end-group", new byte[] {0x0c});
    s.put("edge-33-muxers", manyMuxers);
    s.put("edge-unknown-fields", concat(new byte[] {0x18, 0x01, 0x2a, 0x01, 0x00}, valid));
    return s;
  }

  /** Messages 1 and 3 of an honest initiator talking to the fuzz targets' responder. */
  static byte[][] honestHandshake() {
    NoiseXXHandshake initiator = NoiseFuzzAccess.initiator();
    NoiseXXHandshake responder = NoiseFuzzAccess.responder();
    responder.start();
    byte[] m1 = initiator.start().orElseThrow();
    byte[] m2 = responder.onMessage(m1).toSend().orElseThrow();
    byte[] m3 = initiator.onMessage(m2).toSend().orElseThrow();
    NoiseCipherState send = initiator.sendCipher();
    byte[] t1 = send.encrypt(null, utf8("/multistream/1.0.0"));
    byte[] t2 = send.encrypt(null, new byte[300]);
    return new byte[][] {m1, m3, t1, t2};
  }

  static Map<String, byte[]> noiseResponder() {
    byte[][] h = honestHandshake();
    ForgingInitiator init = new ForgingInitiator();
    Map<String, byte[]> s = new LinkedHashMap<>();
    s.put("valid-raw", FuzzInput.encode(0, 0, concat(u16(h[0]), h[1])));
    s.put("valid-forged-honest-payload", FuzzInput.encode(1, 0, init.validPayload()));
    s.put(
        "valid-forged-with-muxers",
        FuzzInput.encode(
            1,
            0,
            init.payload(
                NoiseFuzzAccess.INITIATOR_IDENTITY,
                NoiseFuzzAccess.INITIATOR_IDENTITY,
                List.of("/yamux/1.0.0"))));
    s.put(
        "edge-forged-wrong-signer",
        FuzzInput.encode(
            1,
            0,
            init.payload(NoiseFuzzAccess.INITIATOR_IDENTITY, NoiseFuzzAccess.MALLORY, List.of())));
    s.put("edge-forged-empty-payload", FuzzInput.encode(1, 0, new byte[0]));
    s.put("edge-raw-short-message-1", FuzzInput.encode(0, 0, concat(u16(new byte[10]), h[1])));
    s.put(
        "edge-raw-message-1-with-payload",
        FuzzInput.encode(0, 0, concat(u16(concat(h[0], utf8("hi"))), h[1])));
    s.put("edge-raw-oversized-message-1", FuzzInput.encode(0, 0, u16(new byte[8193])));
    s.put(
        "edge-raw-truncated-message-3",
        FuzzInput.encode(0, 0, concat(u16(h[0]), Arrays.copyOf(h[1], 60))));
    return s;
  }

  static Map<String, byte[]> noiseHandler() {
    byte[][] h = honestHandshake();
    byte[] wire = concat(u16(h[0]), u16(h[1]), u16(h[2]), u16(h[3]));
    Map<String, byte[]> s = new LinkedHashMap<>();
    s.put("valid-handshake-then-transport", FuzzInput.encode(0, 0, wire));
    s.put("valid-bytewise", FuzzInput.encode(0, 1, wire));
    s.put("valid-chunked", FuzzInput.encode(0, 40, wire));
    s.put("edge-frame-over-limit", FuzzInput.encode(0, 0, new byte[] {0x20, 0x01, 1, 2, 3}));
    s.put("edge-empty-frames", FuzzInput.encode(0, 0, new byte[] {0, 0, 0, 0}));
    s.put(
        "edge-truncated-message-3",
        FuzzInput.encode(0, 0, Arrays.copyOf(wire, 2 + h[0].length + 30)));
    return s;
  }

  static Map<String, byte[]> noiseTransport() {
    byte[] frames =
        NoiseFuzzAccess.peerFrames(List.of(utf8("hello"), new byte[1000], new byte[0], utf8("!")));
    byte[] one = NoiseFuzzAccess.peerFrames(List.of(utf8("hello")));
    byte[] corrupted = one.clone();
    corrupted[corrupted.length - 1] ^= 1;
    Map<String, byte[]> s = new LinkedHashMap<>();
    s.put("valid-frames", FuzzInput.encode(0, 0, frames));
    s.put("valid-frames-bytewise", FuzzInput.encode(0, 1, frames));
    s.put("valid-frames-chunked", FuzzInput.encode(0, 13, frames));
    s.put(
        "edge-frame-without-tag", FuzzInput.encode(0, 0, concat(new byte[] {0, 15}, new byte[15])));
    s.put("edge-corrupted-tag", FuzzInput.encode(0, 0, corrupted));
    s.put("edge-replayed-frame", FuzzInput.encode(0, 0, concat(one, one)));
    s.put("edge-largest-length-waits", FuzzInput.encode(0, 0, new byte[] {-1, -1, 1, 2, 3}));
    return s;
  }
}
