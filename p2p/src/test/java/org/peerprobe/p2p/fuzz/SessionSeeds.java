package org.peerprobe.p2p.fuzz;

import static org.peerprobe.p2p.fuzz.SeedCorpus.concat;
import static org.peerprobe.p2p.fuzz.SeedCorpus.hex;
import static org.peerprobe.p2p.fuzz.SeedCorpus.prefixed;
import static org.peerprobe.p2p.fuzz.SeedCorpus.utf8;
import static org.peerprobe.p2p.fuzz.SeedCorpus.uvarint;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.identify.Identify;
import org.peerprobe.p2p.identify.IdentifyCodec;
import org.peerprobe.p2p.pubsub.ControlMessage;
import org.peerprobe.p2p.pubsub.ControlMessage.Graft;
import org.peerprobe.p2p.pubsub.ControlMessage.IHave;
import org.peerprobe.p2p.pubsub.ControlMessage.IWant;
import org.peerprobe.p2p.pubsub.ControlMessage.PeerInfo;
import org.peerprobe.p2p.pubsub.ControlMessage.Prune;
import org.peerprobe.p2p.pubsub.MessageId;
import org.peerprobe.p2p.pubsub.Rpc;
import org.peerprobe.p2p.pubsub.RpcCodec;
import org.peerprobe.p2p.pubsub.SubOpts;

/** Seeds for the yamux, gossipsub, identify and length-prefixed reader targets. */
final class SessionSeeds {
  private static final int DATA = 0;
  private static final int WINDOW_UPDATE = 1;
  private static final int PING = 2;
  private static final int GO_AWAY = 3;
  private static final int SYN = 1;
  private static final int ACK = 2;
  private static final int FIN = 4;
  private static final int RST = 8;

  private SessionSeeds() {}

  /** A yamux frame: 12-byte header, then {@code data} (its length for Data, else {@code len}). */
  static byte[] yamux(int version, int type, int flags, long id, long len, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(12 + data.length);
    b.put((byte) version).put((byte) type).putShort((short) flags);
    b.putInt((int) id).putInt((int) len).put(data);
    return b.array();
  }

  private static byte[] data(int flags, long id, byte[] data) {
    return yamux(0, DATA, flags, id, data.length, data);
  }

  private static byte[] control(int type, int flags, long id, long value) {
    return yamux(0, type, flags, id, value, new byte[0]);
  }

  static Map<String, byte[]> yamux() {
    byte[] open1 = control(WINDOW_UPDATE, SYN, 1, 0);
    byte[] hello = data(0, 1, utf8("hello"));
    byte[] fin1 = data(FIN, 1, new byte[0]);
    byte[] stream = concat(open1, hello, fin1);
    Map<String, byte[]> s = new LinkedHashMap<>();
    s.put("valid-open-data-fin", FuzzInput.encode(0, 0, stream));
    s.put("valid-echo-bytewise", FuzzInput.encode(1 << 1, 1, stream));
    s.put(
        "valid-syn-with-data", FuzzInput.encode(0, 0, data(SYN, 1, utf8("/multistream/1.0.0\n"))));
    s.put(
        "valid-three-streams-chunked",
        FuzzInput.encode(
            0,
            7,
            concat(
                stream,
                data(SYN, 3, utf8("a")),
                data(SYN, 5, new byte[2000]),
                control(WINDOW_UPDATE, 0, 3, 1 << 16),
                data(FIN, 3, new byte[0]),
                control(WINDOW_UPDATE, RST, 5, 0))));
    s.put(
        "valid-dialer-even-stream",
        FuzzInput.encode(1, 0, concat(control(WINDOW_UPDATE, SYN, 2, 0), data(0, 2, utf8("x")))));
    s.put("valid-write-and-close", FuzzInput.encode(3 << 1, 0, concat(open1, fin1)));
    s.put("valid-ping", FuzzInput.encode(0, 0, control(PING, SYN, 0, 42)));
    s.put("edge-keepalive-unanswered", FuzzInput.encode(1 << 3, 0, control(PING, ACK, 0, 0)));
    s.put("valid-go-away", FuzzInput.encode(0, 0, concat(open1, control(GO_AWAY, 0, 0, 0), fin1)));
    s.put("edge-reset-on-data", FuzzInput.encode(2 << 1, 0, concat(stream, hello)));
    s.put(
        "edge-data-over-limit",
        FuzzInput.encode(0, 0, yamux(0, DATA, SYN, 1, (1 << 18) + 1, new byte[4])));
    s.put(
        "edge-data-length-max",
        FuzzInput.encode(0, 0, yamux(0, DATA, SYN, 1, 0xffffffffL, new byte[4])));
    s.put("edge-version-1", FuzzInput.encode(0, 0, yamux(1, PING, SYN, 0, 1, new byte[0])));
    s.put("edge-unknown-type", FuzzInput.encode(0, 0, yamux(0, 4, 0, 0, 0, new byte[0])));
    s.put("edge-data-on-stream-0", FuzzInput.encode(0, 0, data(SYN, 0, utf8("x"))));
    s.put("edge-ping-on-stream", FuzzInput.encode(0, 0, control(PING, SYN, 1, 0)));
    List<byte[]> five = new ArrayList<>();
    for (int id = 1; id <= 9; id += 2) {
      five.add(control(WINDOW_UPDATE, SYN, id, 0));
    }
    s.put("edge-five-streams", FuzzInput.encode(0, 0, concat(five.toArray(byte[][]::new))));
    s.put(
        "edge-window-overflow",
        FuzzInput.encode(0, 0, concat(open1, control(WINDOW_UPDATE, 0, 1, 0xffffffffL))));
    s.put("edge-go-away-protocol-error", FuzzInput.encode(0, 0, control(GO_AWAY, 0, 0, 1)));
    s.put("edge-go-away-unknown-code", FuzzInput.encode(0, 0, control(GO_AWAY, 0, 0, 7)));
    s.put(
        "edge-data-after-reset",
        FuzzInput.encode(0, 0, concat(open1, control(WINDOW_UPDATE, RST, 1, 0), hello)));
    s.put("edge-duplicate-syn", FuzzInput.encode(0, 0, concat(open1, open1)));
    s.put("edge-wrong-parity", FuzzInput.encode(0, 0, control(WINDOW_UPDATE, SYN, 2, 0)));
    s.put("edge-data-unknown-stream", FuzzInput.encode(0, 0, data(0, 7, utf8("?"))));
    s.put("edge-truncated-header", FuzzInput.encode(0, 0, new byte[] {0, 0, 0, 1, 0}));
    return s;
  }

  private static ControlMessage someControl() {
    MessageId id = MessageId.of(new byte[44]);
    return new ControlMessage(
        List.of(new IHave("peerprobe/interop", List.of(id))),
        List.of(new IWant(List.of(id))),
        List.of(new Graft("peerprobe/interop")),
        List.of(
            new Prune(
                "peerprobe/interop",
                List.of(new PeerInfo(new byte[38], null), new PeerInfo(null, new byte[3])),
                60)));
  }

  static Map<String, byte[]> rpc(JsonNode js) {
    Map<String, byte[]> s = new LinkedHashMap<>();
    JsonNode g = js.get("gossipsub");
    int n = 0;
    for (JsonNode v : g.get("subscriptionRpcs")) {
      s.put("valid-js-subscriptions-" + n++, FuzzInput.encode(0, 0, hex(v.get("rpc").asText())));
    }
    n = 0;
    for (JsonNode m : g.get("messages")) {
      byte[] rpc = hex(m.get("publishRpc").asText());
      s.put("valid-js-publish-" + n, FuzzInput.encode(0, 0, rpc));
      s.put("valid-js-publish-direct-" + n++, FuzzInput.encode(2, 0, rpc));
    }
    byte[] control = RpcCodec.encode(Rpc.ofControl(someControl()));
    s.put("valid-control", FuzzInput.encode(0, 0, control));
    s.put("valid-control-small-limits", FuzzInput.encode(1, 0, control));
    // IDONTWANT (control field 5) with two ids: counted and skipped.
    byte[] idontwant = prefixed(concat(new byte[] {0x0a, 2, 1, 2, 0x0a, 1, 3}));
    s.put(
        "valid-idontwant",
        FuzzInput.encode(
            0, 0, concat(new byte[] {0x1a}, prefixed(concat(new byte[] {0x2a}, idontwant)))));
    List<SubOpts> five = Collections.nCopies(5, new SubOpts(true, "t"));
    s.put(
        "edge-five-subscriptions-small",
        FuzzInput.encode(1, 0, RpcCodec.encode(Rpc.ofSubscriptions(five))));
    s.put(
        "edge-long-topic-small",
        FuzzInput.encode(
            1,
            0,
            RpcCodec.encode(Rpc.ofSubscriptions(List.of(new SubOpts(true, "t".repeat(65)))))));
    s.put("edge-truncated-nested", FuzzInput.encode(0, 0, new byte[] {0x0a, 0x05, 0x08}));
    s.put("edge-negative-length", FuzzInput.encode(0, 0, new byte[] {0x0a, -1, -1, -1, -1, 0x0f}));
    s.put("edge-end-group", FuzzInput.encode(0, 0, new byte[] {0x0c}));
    s.put(
        "edge-bad-utf8-topic",
        FuzzInput.encode(0, 0, new byte[] {0x0a, 0x04, 0x12, 0x02, -61, 0x28}));
    s.put(
        "edge-huge-backoff",
        FuzzInput.encode(
            0,
            0,
            concat(
                new byte[] {0x1a, 13, 0x22, 11, 0x18},
                new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, 1})));
    s.put("edge-field-zero", FuzzInput.encode(0, 0, new byte[] {0x00, 0x01}));
    return s;
  }

  static Map<String, byte[]> router(JsonNode js) {
    JsonNode g = js.get("gossipsub");
    List<byte[]> frames = new ArrayList<>();
    for (JsonNode v : g.get("subscriptionRpcs")) {
      frames.add(hex(v.get("rpcFrame").asText()));
    }
    List<byte[]> publishes = new ArrayList<>();
    for (JsonNode m : g.get("messages")) {
      publishes.add(hex(m.get("publishRpcFrame").asText()));
    }
    byte[] subscribe = frames.get(0);
    byte[] stream = concat(subscribe, concat(publishes.toArray(byte[][]::new)));
    byte[] graft =
        prefixed(
            RpcCodec.encode(
                Rpc.ofControl(
                    new ControlMessage(
                        List.of(),
                        List.of(),
                        List.of(new Graft("peerprobe/interop")),
                        List.of()))));
    byte[] control = prefixed(RpcCodec.encode(Rpc.ofControl(someControl())));
    Map<String, byte[]> s = new LinkedHashMap<>();
    s.put("valid-js-subscribe-and-publish", FuzzInput.encode(0, 0, stream));
    s.put("valid-js-v10", FuzzInput.encode(1, 0, stream));
    s.put(
        "valid-graft-then-heartbeats",
        FuzzInput.encode(2, 0, concat(subscribe, graft, publishes.get(0), control)));
    s.put("valid-unsubscribe", FuzzInput.encode(0, 0, concat(frames.get(0), frames.get(1))));
    s.put(
        "edge-garbage-then-publish",
        FuzzInput.encode(0, 0, concat(new byte[] {3, 0x0a, -1, 0x0f}, publishes.get(0))));
    s.put(
        "edge-replayed-publish",
        FuzzInput.encode(2, 0, concat(publishes.get(0), publishes.get(0))));
    return s;
  }

  static Map<String, byte[]> identify() {
    HostKey key = HostKey.fromSeed(new byte[HostKey.SEED_BYTES]);
    Identify full =
        Identify.of(
            key,
            List.of(
                Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"), Multiaddr.parse("/ip6/::1/tcp/4001")),
            List.of("/ipfs/id/1.0.0", "/meshsub/1.1.0", "/ipfs/ping/1.0.0"),
            Optional.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/55555")));
    byte[] valid = IdentifyCodec.encode(full);
    Identify keyOnly =
        new Identify(
            ByteString.copyFrom(key.publicKeyProtobuf()),
            List.of(),
            List.of(),
            ByteString.EMPTY,
            "",
            "");
    Identify badAddr =
        new Identify(
            ByteString.copyFrom(key.publicKeyProtobuf()),
            List.of(ByteString.copyFrom(new byte[] {(byte) 0xff, 1, 2})),
            List.of(),
            ByteString.copyFrom(new byte[] {4, 1}),
            "",
            "");
    List<ByteString> addrs =
        Collections.nCopies(129, ByteString.copyFrom(new byte[] {4, 127, 0, 0, 1}));
    Map<String, byte[]> s = new LinkedHashMap<>();
    s.put("valid-full", valid);
    s.put("valid-key-only", IdentifyCodec.encode(keyOnly));
    s.put("valid-unknown-fields-and-record", concat(valid, new byte[] {0x42, 2, 1, 2, 0x78, 5}));
    s.put("valid-unparsable-addresses", IdentifyCodec.encode(badAddr));
    s.put("edge-wrong-wire-type", new byte[] {0x08, 0x01});
    s.put(
        "edge-129-listen-addrs",
        IdentifyCodec.encode(
            new Identify(ByteString.EMPTY, addrs, List.of(), ByteString.EMPTY, "", "")));
    s.put("edge-bad-utf8-protocol", new byte[] {0x1a, 0x02, -61, 0x28});
    s.put("edge-over-size", new byte[IdentifyCodec.MAX_MESSAGE_BYTES + 1]);
    s.put("edge-truncated", Arrays.copyOf(valid, valid.length - 3));
    s.put(
        "edge-no-key",
        IdentifyCodec.encode(
            new Identify(ByteString.EMPTY, List.of(), List.of("/x"), ByteString.EMPTY, "", "")));
    return s;
  }

  static Map<String, byte[]> reader() {
    byte[] three = concat(prefixed(utf8("abc")), uvarint(0), prefixed(new byte[200]));
    Map<String, byte[]> s = new LinkedHashMap<>();
    s.put("valid-three-messages", FuzzInput.encode(4, 0, three));
    s.put("valid-three-messages-bytewise", FuzzInput.encode(4, 1, three));
    s.put("valid-three-messages-chunked", FuzzInput.encode(4, 5, three));
    s.put("valid-at-limit-127", FuzzInput.encode(2, 3, prefixed(new byte[127])));
    s.put("valid-two-byte-prefix", FuzzInput.encode(5, 0, prefixed(new byte[300])));
    s.put("valid-limit-zero", FuzzInput.encode(0, 0, new byte[] {0, 0, 0}));
    s.put("edge-over-limit-127", FuzzInput.encode(2, 0, concat(uvarint(128), new byte[4])));
    s.put("edge-non-minimal", FuzzInput.encode(4, 0, new byte[] {(byte) 0x80, 0}));
    s.put("edge-partial-prefix-over-limit", FuzzInput.encode(4, 0, new byte[] {-1, -1}));
    s.put("edge-six-byte-prefix", FuzzInput.encode(7, 0, new byte[] {-1, -1, -1, -1, -1, 1}));
    s.put("edge-truncated-body", FuzzInput.encode(4, 0, concat(uvarint(10), utf8("abc"))));
    return s;
  }
}
