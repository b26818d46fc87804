package org.peerprobe.p2p.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever is written arrives intact, however the wire bytes are cut into reads. */
class NoiseTransportCodecPropertyTest {
  private static EmbeddedChannel side(TrackingAllocator alloc, int sendKey, int receiveKey) {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.config().setAllocator(alloc);
    ch.pipeline().addLast(new NoiseTransportCodec(cipher(sendKey), cipher(receiveKey)));
    return ch;
  }

  private static NoiseCipherState cipher(int fill) {
    byte[] k = new byte[NoiseCipherState.KEY_BYTES];
    Arrays.fill(k, (byte) fill);
    return new NoiseCipherState(k, 0);
  }

  private static byte[] drain(EmbeddedChannel ch, boolean outbound) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuf b;
    while ((b = outbound ? ch.readOutbound() : ch.readInbound()) != null) {
      out.writeBytes(ByteBufUtil.getBytes(b));
      b.release();
    }
    return out.toByteArray();
  }

  @Property(tries = 60)
  void writesArriveIntactUnderAnySplit(
      @ForAll @Size(max = 4) List<@IntRange(max = 140_000) Integer> writeSizes,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 70_000) int readSize) {
    TrackingAllocator alloc = new TrackingAllocator();
    EmbeddedChannel a = side(alloc, 1, 2);
    EmbeddedChannel b = side(alloc, 2, 1);
    Random random = new Random(seed);
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    for (int size : writeSizes) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      sent.writeBytes(data);
      ByteBuf buf = random.nextBoolean() ? alloc.directBuffer(size) : alloc.heapBuffer(size);
      a.writeOutbound(buf.writeBytes(data));
    }
    byte[] wire = drain(a, true);
    for (int off = 0; off < wire.length; off += readSize) {
      int n = Math.min(readSize, wire.length - off);
      b.writeInbound(alloc.heapBuffer(n).writeBytes(wire, off, n));
    }
    assertThat(drain(b, false)).isEqualTo(sent.toByteArray());
    a.finishAndReleaseAll();
    b.finishAndReleaseAll();
    assertThat(alloc.unreleased()).isEmpty();
  }
}
