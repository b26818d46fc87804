package org.peerprobe.p2p.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.LimitExceededException;

class LengthPrefixedReaderTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

  @Test
  void prefixesAreMinimalUvarints() {
    assertThat(prefix(0)).isEqualTo("00");
    assertThat(prefix(127)).isEqualTo("7f");
    assertThat(prefix(128)).isEqualTo("8001");
    assertThat(prefix(300)).isEqualTo("ac02");
    assertThat(prefix(8192)).isEqualTo("8040");
    assertThat(LengthPrefix.prefixBytes(Integer.MAX_VALUE)).isEqualTo(5);
  }

  @Test
  void framesAByteBufWithoutCopying() {
    ByteBuf body = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
    ByteBuf frame = LengthPrefix.frame(ALLOC, body);
    assertThat(ByteBufUtil.hexDump(frame)).isEqualTo("03010203");
    frame.release();
    assertThat(body.refCnt()).isZero();
  }

  @Test
  void yieldsSeveralMessagesFromOneChunkAndWaitsForTheRest() {
    LengthPrefixedReader reader = new LengthPrefixedReader(ALLOC, 100, "test bytes");
    reader.add(hex("02aabb" + "00" + "03ccdd"));
    assertThat(nextHex(reader)).isEqualTo("aabb");
    assertThat(nextHex(reader)).isEmpty();
    assertThat(reader.next()).isNull();
    assertThat(reader.bufferedBytes()).isEqualTo(3);
    reader.add(hex("ee"));
    assertThat(nextHex(reader)).isEqualTo("ccddee");
    assertThat(reader.bufferedBytes()).isZero();
    reader.close();
  }

  @Test
  void rejectsAnOversizedLengthBeforeTheBodyArrives() {
    LengthPrefixedReader reader = new LengthPrefixedReader(ALLOC, 100, "test bytes");
    reader.add(hex("65"));
    assertThatThrownBy(reader::next)
        .isInstanceOf(LimitExceededException.class)
        .hasMessage("test bytes exceeded: 101 > 100");
    reader.close();
  }

  @Test
  void rejectsAnOversizedLengthFromItsFirstPrefixByte() {
    LengthPrefixedReader reader = new LengthPrefixedReader(ALLOC, 100, "test bytes");
    reader.add(hex("80"));
    assertThatThrownBy(reader::next).isInstanceOf(LimitExceededException.class);
    reader.close();
  }

  @Test
  void rejectsNonMinimalAndOverlongPrefixes() {
    LengthPrefixedReader reader = new LengthPrefixedReader(ALLOC, 1 << 30, "test bytes");
    reader.add(hex("8100"));
    assertThatThrownBy(reader::next)
        .isInstanceOf(BadPeerException.class)
        .hasMessageContaining("non-minimal");
    reader.close();
    ByteBuf overlong = hex("ffffffffff01");
    assertThatThrownBy(() -> LengthPrefix.peekBodyLength(overlong, Integer.MAX_VALUE, "x"))
        .isInstanceOf(LimitExceededException.class);
    overlong.release();
  }

  @Test
  void closeReleasesBufferedBytesAndLaterAddsFail() {
    LengthPrefixedReader reader = new LengthPrefixedReader(ALLOC, 100, "test bytes");
    ByteBuf chunk = hex("05aa");
    reader.add(chunk);
    reader.close();
    assertThat(chunk.refCnt()).isZero();
    assertThat(reader.next()).isNull();
    ByteBuf late = hex("00");
    assertThatThrownBy(() -> reader.add(late)).isInstanceOf(IllegalStateException.class);
    assertThat(late.refCnt()).isZero();
  }

  @Property(tries = 200)
  void anyChunkingYieldsTheSameMessages(
      @ForAll @Size(max = 6) List<@Size(max = 300) byte[]> messages,
      @ForAll @IntRange(min = 1, max = 40) int chunk) {
    ByteBuf wire = Unpooled.buffer();
    for (byte[] m : messages) {
      LengthPrefix.writePrefix(wire, m.length);
      wire.writeBytes(m);
    }
    LengthPrefixedReader reader = new LengthPrefixedReader(ALLOC, 300, "test bytes");
    List<String> out = new ArrayList<>();
    while (wire.isReadable()) {
      reader.add(wire.readRetainedSlice(Math.min(chunk, wire.readableBytes())));
      for (ByteBuf m; (m = reader.next()) != null; ) {
        out.add(ByteBufUtil.hexDump(m));
        m.release();
      }
    }
    wire.release();
    assertThat(out).containsExactlyElementsOf(messages.stream().map(HEX::formatHex).toList());
    assertThat(reader.bufferedBytes()).isZero();
    reader.close();
  }

  private static String prefix(int len) {
    ByteBuf b = Unpooled.buffer();
    LengthPrefix.writePrefix(b, len);
    assertThat(b.readableBytes()).isEqualTo(LengthPrefix.prefixBytes(len));
    assertThat(LengthPrefix.peekBodyLength(b, Integer.MAX_VALUE, "x")).isEqualTo(len);
    String s = ByteBufUtil.hexDump(b);
    b.release();
    return s;
  }

  private static ByteBuf hex(String s) {
    return Unpooled.wrappedBuffer(HEX.parseHex(s));
  }

  private static String nextHex(LengthPrefixedReader reader) {
    ByteBuf m = reader.next();
    assertThat(m).isNotNull();
    String s = ByteBufUtil.hexDump(m);
    m.release();
    return s;
  }
}
