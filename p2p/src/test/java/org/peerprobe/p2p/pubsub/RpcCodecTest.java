package org.peerprobe.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.peerprobe.multiformats.UnsignedVarint;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.LimitExceededException;
import org.peerprobe.p2p.pubsub.ControlMessage.Graft;
import org.peerprobe.p2p.pubsub.ControlMessage.IHave;
import org.peerprobe.p2p.pubsub.ControlMessage.IWant;
import org.peerprobe.p2p.pubsub.ControlMessage.PeerInfo;
import org.peerprobe.p2p.pubsub.ControlMessage.Prune;

class RpcCodecTest {
  private static final RpcLimits L = RpcLimits.DEFAULT;

  private static MessageId id(int i) {
    return MessageId.of(new byte[] {1, 2, (byte) i});
  }

  private static Rpc sample() {
    Message m =
        new Message(
            new byte[] {0, 1}, "hi".getBytes(), new byte[8], "t", new byte[64], new byte[] {9});
    ControlMessage c =
        new ControlMessage(
            List.of(new IHave("t", List.of(id(1), id(2)))),
            List.of(new IWant(List.of(id(3)))),
            List.of(new Graft("t")),
            List.of(
                new Prune("t", List.of(new PeerInfo(new byte[] {7}, null)), 60),
                new Prune("u", List.of(), 0)));
    return new Rpc(List.of(new SubOpts(true, "t"), new SubOpts(false, "u")), List.of(m), c);
  }

  @Test
  void roundTripsEveryField() {
    Rpc rpc = sample();
    byte[] bytes = RpcCodec.encode(rpc);
    assertThat(bytes).hasSize(RpcCodec.encodedSize(rpc));
    assertThat(RpcCodec.decode(bytes, L)).isEqualTo(rpc);
  }

  @Test
  void encodesMessagesLikeJs() {
    // js omits absent fields and an empty topic, and writes fields in number order
    Message m = new Message(new byte[] {1}, new byte[0], null, "", null, null);
    assertThat(HexFormat.of().formatHex(RpcCodec.encodeMessage(m))).isEqualTo("0a01011200");
    Rpc rpc = Rpc.ofSubscriptions(List.of(new SubOpts(true, "a")));
    assertThat(HexFormat.of().formatHex(RpcCodec.encode(rpc))).isEqualTo("0a0508011201" + "61");
  }

  @Test
  void framedHasUvarintLengthPrefix() {
    Rpc rpc = sample();
    byte[] framed = RpcCodec.encodeFramed(rpc);
    int[] used = new int[1];
    long len = UnsignedVarint.decode(framed, 0, used);
    assertThat(len).isEqualTo(framed.length - used[0]);
    assertThat(RpcCodec.decode(Arrays.copyOfRange(framed, used[0], framed.length), L))
        .isEqualTo(rpc);
  }

  @Test
  void rejectsOversizedFrameBeforeParsing() {
    // garbage that would be malformed if parsed: the size check must fire first
    byte[] huge = new byte[L.maxRpcBytes() + 1];
    Arrays.fill(huge, (byte) 0xff);
    assertThatThrownBy(() -> RpcCodec.decode(huge, L))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("RPC bytes");
    assertThatThrownBy(() -> RpcCodec.checkFrameLength(L.maxRpcBytes() + 1L, L))
        .isInstanceOf(LimitExceededException.class);
    RpcCodec.checkFrameLength(L.maxRpcBytes(), L);
  }

  @Test
  void rejectsTooManyEntries() {
    RpcLimits small = new RpcLimits(1 << 20, 2, 2, 2, 3, 3, 2, 2, 16, 8);
    List<SubOpts> subs = List.of(new SubOpts(true, "a"), new SubOpts(true, "b"));
    assertThat(RpcCodec.decode(RpcCodec.encode(Rpc.ofSubscriptions(subs)), small).subscriptions())
        .hasSize(2);
    List<SubOpts> three = new ArrayList<>(subs);
    three.add(new SubOpts(true, "c"));
    assertThatThrownBy(() -> RpcCodec.decode(RpcCodec.encode(Rpc.ofSubscriptions(three)), small))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("subscriptions");

    IHave ihave = new IHave("t", List.of(id(1), id(2), id(3), id(4)));
    Rpc tooManyIds =
        Rpc.ofControl(new ControlMessage(List.of(ihave), List.of(), List.of(), List.of()));
    assertThatThrownBy(() -> RpcCodec.decode(RpcCodec.encode(tooManyIds), small))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("IHAVE ids");

    List<Graft> grafts = List.of(new Graft("a"), new Graft("b"), new Graft("c"));
    Rpc tooManyGrafts = Rpc.ofControl(new ControlMessage(List.of(), List.of(), grafts, List.of()));
    assertThatThrownBy(() -> RpcCodec.decode(RpcCodec.encode(tooManyGrafts), small))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("GRAFT");

    List<PeerInfo> px = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      px.add(new PeerInfo(new byte[] {(byte) i}, null));
    }
    Rpc tooManyPx =
        Rpc.ofControl(
            new ControlMessage(List.of(), List.of(), List.of(), List.of(new Prune("t", px, 1))));
    assertThatThrownBy(() -> RpcCodec.decode(RpcCodec.encode(tooManyPx), small))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("PX peers");
  }

  @Test
  void rejectsLongTopicsAndIds() {
    RpcLimits small = new RpcLimits(1 << 20, 10, 10, 10, 10, 10, 10, 10, 4, 3);
    Rpc longTopic = Rpc.ofSubscriptions(List.of(new SubOpts(true, "abcde")));
    assertThatThrownBy(() -> RpcCodec.decode(RpcCodec.encode(longTopic), small))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("topic");
    Rpc longId =
        Rpc.ofControl(
            new ControlMessage(
                List.of(),
                List.of(new IWant(List.of(MessageId.of(new byte[4])))),
                List.of(),
                List.of()));
    assertThatThrownBy(() -> RpcCodec.decode(RpcCodec.encode(longId), small))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("message id");
  }

  @Test
  void rejectsMalformedInput() {
    // field 1 claims 5 bytes but only 1 follows
    assertThatThrownBy(() -> RpcCodec.decode(new byte[] {0x0a, 0x05, 0x08}, L))
        .isInstanceOf(BadPeerException.class);
    // a truncated varint
    assertThatThrownBy(() -> RpcCodec.decode(new byte[] {0x0a, (byte) 0x80}, L))
        .isInstanceOf(BadPeerException.class);
    // field number 0
    assertThatThrownBy(() -> RpcCodec.decode(new byte[] {0x00, 0x01}, L))
        .isInstanceOf(BadPeerException.class);
    // topic that is not UTF-8
    assertThatThrownBy(
            () -> RpcCodec.decode(new byte[] {0x0a, 0x04, 0x12, 0x02, (byte) 0xc3, 0x28}, L))
        .isInstanceOf(BadPeerException.class)
        .hasMessageContaining("UTF-8");
    // a nested message overrunning its parent
    assertThatThrownBy(() -> RpcCodec.decode(new byte[] {0x1a, 0x03, 0x1a, 0x05, 0x0a}, L))
        .isInstanceOf(BadPeerException.class);
  }

  @Test
  void skipsUnknownFieldsAndIdontwant() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(buf);
    o.writeUInt64(15, 99); // unknown varint at RPC level
    o.writeString(16, "future"); // unknown length-delimited
    o.writeFixed32(17, 7);
    o.writeFixed64(18, 7);
    // control { idontwant { messageIDs: x, y }, graft { topicID: "t", unknown 9: 1 } }
    ByteArrayOutputStream ctl = new ByteArrayOutputStream();
    CodedOutputStream c = CodedOutputStream.newInstance(ctl);
    c.writeByteArray(5, new byte[] {0x0a, 0x01, 0x01, 0x0a, 0x01, 0x02});
    c.writeByteArray(3, new byte[] {0x0a, 0x01, 't', 0x48, 0x01});
    c.flush();
    o.writeByteArray(3, ctl.toByteArray());
    o.flush();
    Rpc rpc = RpcCodec.decode(buf.toByteArray(), L);
    assertThat(rpc.subscriptions()).isEmpty();
    assertThat(rpc.control().graft()).containsExactly(new Graft("t"));
  }

  @Test
  void idontwantIsStillBounded() throws IOException {
    RpcLimits small = new RpcLimits(1 << 20, 10, 10, 10, 10, 10, 1, 10, 10, 10);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(buf);
    o.writeByteArray(3, new byte[] {0x2a, 0x06, 0x0a, 0x01, 0x01, 0x0a, 0x01, 0x02});
    o.flush();
    assertThatThrownBy(() -> RpcCodec.decode(buf.toByteArray(), small))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("IDONTWANT");
  }

  @Test
  void mergesRepeatedControlFields() {
    Rpc a =
        Rpc.ofControl(new ControlMessage(List.of(), List.of(), List.of(new Graft("a")), List.of()));
    Rpc b =
        Rpc.ofControl(new ControlMessage(List.of(), List.of(), List.of(new Graft("b")), List.of()));
    byte[] ab = concat(RpcCodec.encode(a), RpcCodec.encode(b));
    assertThat(RpcCodec.decode(ab, L).control().graft())
        .containsExactly(new Graft("a"), new Graft("b"));
  }

  private static byte[] concat(byte[] x, byte[] y) {
    byte[] out = Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
  }

  @Property(tries = 200)
  void anyRpcRoundTrips(@ForAll("rpcs") Rpc rpc) {
    byte[] bytes = RpcCodec.encode(rpc);
    assertThat(bytes).hasSize(RpcCodec.encodedSize(rpc));
    assertThat(RpcCodec.decode(bytes, L)).isEqualTo(rpc);
  }

  @Property(tries = 300)
  void garbageNeverEscapesAsAnotherException(@ForAll byte[] garbage) {
    try {
      RpcCodec.decode(garbage, L);
    } catch (BadPeerException expected) {
      // malformed input is the peer's fault, nothing else
    }
  }

  @Provide
  Arbitrary<Rpc> rpcs() {
    Arbitrary<String> topics = Arbitraries.strings().ofMinLength(1).ofMaxLength(20);
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
    Arbitrary<byte[]> maybe = bytes.injectNull(0.3);
    Arbitrary<MessageId> ids =
        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(50).map(MessageId::of);
    Arbitrary<SubOpts> subs =
        Combinators.combine(Arbitraries.of(true, false), topics).as(SubOpts::new);
    Arbitrary<Message> msgs =
        Combinators.combine(maybe, maybe, maybe, topics.injectNull(0.2), maybe, maybe)
            .as(Message::new);
    Arbitrary<IHave> ihave = Combinators.combine(topics, ids.list().ofMaxSize(5)).as(IHave::new);
    Arbitrary<IWant> iwant = ids.list().ofMaxSize(5).map(IWant::new);
    Arbitrary<Graft> graft = topics.map(Graft::new);
    Arbitrary<PeerInfo> info = Combinators.combine(maybe, maybe).as(PeerInfo::new);
    Arbitrary<Prune> prune =
        Combinators.combine(
                topics, info.list().ofMaxSize(3), Arbitraries.longs().between(0, 1L << 40))
            .as(Prune::new);
    Arbitrary<ControlMessage> control =
        Combinators.combine(
                ihave.list().ofMaxSize(3),
                iwant.list().ofMaxSize(3),
                graft.list().ofMaxSize(3),
                prune.list().ofMaxSize(3))
            .as(ControlMessage::new);
    return Combinators.combine(subs.list().ofMaxSize(4), msgs.list().ofMaxSize(4), control)
        .as(Rpc::new);
  }
}
