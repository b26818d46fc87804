package org.peerprobe.p2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ResourceLeakDetector;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.LimitExceededException;

class YamuxFrameCodecTest {
  private final TrackingAllocator alloc = new TrackingAllocator();

  @BeforeAll
  static void paranoid() {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  @AfterEach
  void allReleased() {
    assertThat(alloc.unreleased()).isEmpty();
  }

  private EmbeddedChannel codec(long maxData) {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.config().setAllocator(alloc);
    ch.pipeline().addLast(new YamuxFrameCodec(maxData));
    return ch;
  }

  private ByteBuf hex(String hex) {
    return alloc.buffer().writeBytes(HexFormat.of().parseHex(hex));
  }

  private static String encodeHex(EmbeddedChannel ch, YamuxFrame frame) {
    ch.writeOutbound(frame);
    ByteBuf out = ch.readOutbound();
    try {
      return ByteBufUtil.hexDump(out);
    } finally {
      out.release();
    }
  }

  @Test
  void encodesEveryTypeAsBigEndianHeaders() {
    EmbeddedChannel ch = codec(1024);
    assertThat(encodeHex(ch, YamuxFrame.windowUpdate(YamuxFrame.SYN, 1, 0)))
        .isEqualTo("000100010000000100000000");
    assertThat(encodeHex(ch, YamuxFrame.windowUpdate(YamuxFrame.ACK | YamuxFrame.FIN, 2, 65536)))
        .isEqualTo("000100060000000200010000");
    assertThat(encodeHex(ch, YamuxFrame.ping(YamuxFrame.ACK, 0xFFFF_FFFFL)))
        .isEqualTo("0002000200000000ffffffff");
    assertThat(encodeHex(ch, YamuxFrame.goAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR)))
        .isEqualTo("000300000000000000000001");
    ByteBuf payload = alloc.buffer().writeBytes(new byte[] {1, 2, 3});
    assertThat(encodeHex(ch, YamuxFrame.data(YamuxFrame.RST, 0xFFFF_FFFFL, payload)))
        .isEqualTo("00000008ffffffff00000003010203");
    assertThat(payload.refCnt()).isZero();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void decodesEveryType() {
    EmbeddedChannel ch = codec(1024);
    ch.writeInbound(
        hex(
            "000100010000000100000000"
                + "0002000100000000deadbeef"
                + "000300000000000000000002"
                + "00000004000000070000000361626300"));
    assertThat((YamuxFrame) ch.readInbound())
        .isEqualTo(new YamuxFrame(0, YamuxFrame.Type.WINDOW_UPDATE, YamuxFrame.SYN, 1, 0, null));
    assertThat((YamuxFrame) ch.readInbound())
        .isEqualTo(YamuxFrame.ping(YamuxFrame.SYN, 0xDEADBEEFL));
    assertThat((YamuxFrame) ch.readInbound())
        .isEqualTo(YamuxFrame.goAway(YamuxFrame.GO_AWAY_INTERNAL_ERROR));
    YamuxFrame data = ch.readInbound();
    assertThat(data.type()).isEqualTo(YamuxFrame.Type.DATA);
    assertThat(data.hasFlag(YamuxFrame.FIN)).isTrue();
    assertThat(data.streamId()).isEqualTo(7);
    assertThat(data.data().toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("abc");
    data.release();
    // one byte of the next header stays buffered
    assertThat(ch.<Object>readInbound()).isNull();
    assertThat(ch.finishAndReleaseAll()).isFalse();
  }

  @Test
  void truncatedInputWaitsForTheRest() {
    EmbeddedChannel ch = codec(1024);
    String frame = "00000000000000030000000a" + "00112233445566778899";
    for (int i = 0; i < frame.length() - 2; i += 2) {
      ch.writeInbound(hex(frame.substring(i, i + 2)));
      assertThat(ch.<Object>readInbound()).as("after %d bytes", i / 2 + 1).isNull();
    }
    ch.writeInbound(hex("99"));
    YamuxFrame f = ch.readInbound();
    assertThat(f.length()).isEqualTo(10);
    assertThat(ByteBufUtil.hexDump(f.data())).isEqualTo("00112233445566778899");
    f.release();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void oversizedDataIsRejectedOnTheHeaderBeforeAllocating() {
    EmbeddedChannel ch = codec(1024);
    ByteBuf header = hex("000000000000000100000401"); // Data, stream 1, length 1025
    long before = alloc.allocatedBytes();
    assertThatThrownBy(() -> ch.writeInbound(header))
        .isInstanceOf(DecoderException.class)
        .hasCauseInstanceOf(LimitExceededException.class)
        .hasMessageContaining("1025 > 1024");
    assertThat(alloc.allocatedBytes()).isEqualTo(before);
    // the decoder now discards the rest of the connection's input
    ch.writeInbound(hex("000100010000000100000000"));
    assertThat(ch.<Object>readInbound()).isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void exactlyTheMaximumIsAccepted() {
    ByteBuf in = alloc.buffer().writeBytes(HexFormat.of().parseHex("000000000000000100000400"));
    in.writeZero(1024);
    YamuxFrame f = YamuxFrameCodec.readFrame(in, 1024);
    assertThat(f.length()).isEqualTo(1024);
    f.release();
    in.release();
  }

  @Test
  void garbageHeadersAreThePeersFault() {
    for (String bad :
        List.of(
            "010100010000000100000000", // version 1
            "000400000000000100000000", // type 4
            "00ff00000000000100000000", // type 255
            "000000000000000000000000", // Data on stream 0
            "000100010000000000000000", // WindowUpdate on stream 0
            "000200010000000500000000", // Ping on stream 5
            "000300000000000100000000")) { // GoAway on stream 1
      ByteBuf in = hex(bad);
      assertThatThrownBy(() -> YamuxFrameCodec.readFrame(in, 1024))
          .as(bad)
          .isInstanceOf(BadPeerException.class);
      assertThat(in.readerIndex()).isZero();
      in.release();
      EmbeddedChannel ch = codec(1024);
      assertThatThrownBy(() -> ch.writeInbound(hex(bad)))
          .as(bad)
          .isInstanceOf(DecoderException.class)
          .hasCauseInstanceOf(BadPeerException.class);
      ch.finishAndReleaseAll();
    }
  }

  @Test
  void localFramesAreValidated() {
    assertThatThrownBy(() -> YamuxFrame.windowUpdate(0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new YamuxFrame(1, YamuxFrame.Type.PING, 0, 0, 0, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> YamuxFrame.windowUpdate(0, 1, 1L << 32))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(YamuxFrame.windowUpdate(YamuxFrame.SYN | YamuxFrame.FIN, 3, 0).toString())
        .isEqualTo("WINDOW_UPDATE[SYN FIN stream=3 length=0]");
  }

  @Property(tries = 200)
  void anySplitOfAnyFramesDecodesToTheSameFrames(
      @ForAll("frames") List<YamuxFrame> frames, @ForAll("splits") List<Integer> splits) {
    TrackingAllocator a = new TrackingAllocator();
    ByteBuf wire = a.buffer();
    for (YamuxFrame f : frames) {
      YamuxFrameCodec.writeFrame(f, wire);
    }
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.config().setAllocator(a);
    ch.pipeline().addLast(new YamuxFrameCodec(4096));
    for (int cut : splits) {
      int n = Math.min(cut, wire.readableBytes());
      ch.writeInbound(wire.readRetainedSlice(n));
    }
    ch.writeInbound(wire.readRetainedSlice(wire.readableBytes()));
    wire.release();
    for (YamuxFrame expected : frames) {
      YamuxFrame actual = ch.readInbound();
      assertThat(actual).isEqualTo(expected);
      actual.release();
      expected.release();
    }
    assertThat(ch.<Object>readInbound()).isNull();
    ch.finishAndReleaseAll();
    assertThat(a.unreleased()).isEmpty();
  }

  @Provide
  Arbitrary<List<YamuxFrame>> frames() {
    Arbitrary<Integer> flags = Arbitraries.integers().between(0, 0xFFFF);
    Arbitrary<Long> u32 = Arbitraries.longs().between(0, YamuxFrame.MAX_U32);
    Arbitrary<Long> id = Arbitraries.longs().between(1, YamuxFrame.MAX_U32);
    Arbitrary<YamuxFrame> data =
        Combinators.combine(flags, id, Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
            .as((f, i, b) -> YamuxFrame.data(f, i, io.netty.buffer.Unpooled.wrappedBuffer(b)));
    Arbitrary<YamuxFrame> window = Combinators.combine(flags, id, u32).as(YamuxFrame::windowUpdate);
    Arbitrary<YamuxFrame> ping = Combinators.combine(flags, u32).as(YamuxFrame::ping);
    Arbitrary<YamuxFrame> goAway = Arbitraries.integers().between(0, 3).map(YamuxFrame::goAway);
    return Arbitraries.oneOf(data, window, ping, goAway).list().ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<Integer>> splits() {
    return Arbitraries.integers().between(0, 40).list().ofMaxSize(20);
  }
}
