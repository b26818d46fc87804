package org.peerprobe.p2p.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.InternalErrorException;

/** The transport codec alone, keyed directly (no handshake). */
class NoiseTransportCodecTest {
  private static final byte[] K1 = new byte[32];
  private static final byte[] K2 = new byte[32];

  static {
    Arrays.fill(K1, (byte) 1);
    Arrays.fill(K2, (byte) 2);
  }

  private final TrackingAllocator alloc = new TrackingAllocator();
  private final EmbeddedChannel channel = new EmbeddedChannel();

  /** The peer's side of the ciphers. */
  private final NoiseCipherState peerSend = new NoiseCipherState(K2, 0);

  private final NoiseCipherState peerReceive = new NoiseCipherState(K1, 0);

  NoiseTransportCodecTest() {
    channel.config().setAllocator(alloc);
    channel
        .pipeline()
        .addLast(new NoiseTransportCodec(new NoiseCipherState(K1, 0), new NoiseCipherState(K2, 0)));
  }

  @BeforeAll
  static void paranoid() {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  @AfterEach
  void noLeaks() {
    channel.finishAndReleaseAll();
    assertThat(alloc.unreleased()).isEmpty();
  }

  private ByteBuf buf(byte[] b) {
    return alloc.heapBuffer(b.length).writeBytes(b);
  }

  private byte[] peerFrame(byte[] plaintext) {
    byte[] ct = peerSend.encrypt(null, plaintext);
    byte[] f = new byte[2 + ct.length];
    f[0] = (byte) (ct.length >>> 8);
    f[1] = (byte) ct.length;
    System.arraycopy(ct, 0, f, 2, ct.length);
    return f;
  }

  private byte[] readAllInbound() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    ByteBuf b;
    while ((b = channel.readInbound()) != null) {
      out.writeBytes(ByteBufUtil.getBytes(b));
      b.release();
    }
    return out.toByteArray();
  }

  @Test
  void frameBoundaryIsAtMaxPlaintext() {
    channel.writeOutbound(buf(new byte[NoiseTransportCodec.MAX_PLAINTEXT_BYTES]));
    ByteBuf one = channel.readOutbound();
    assertThat(one.readableBytes()).isEqualTo(2 + 65535);
    assertThat(one.getUnsignedShort(0)).isEqualTo(65535);
    byte[] ct = ByteBufUtil.getBytes(one, 2, 65535);
    one.release();
    assertThat(peerReceive.decrypt(null, ct, 0, ct.length)).hasSize(65519);

    channel.writeOutbound(buf(new byte[NoiseTransportCodec.MAX_PLAINTEXT_BYTES + 1]));
    ByteBuf two = channel.readOutbound();
    assertThat(two.getUnsignedShort(0)).isEqualTo(65535);
    assertThat(two.getUnsignedShort(2 + 65535)).isEqualTo(1 + 16);
    assertThat(two.readableBytes()).isEqualTo(2 + 65535 + 2 + 17);
    two.release();
  }

  @Test
  void emptyWritesSendNothingAndEmptyFramesAreSkipped() {
    channel.writeOutbound(buf(new byte[0]));
    ByteBuf none = channel.readOutbound();
    assertThat(none.readableBytes()).isZero();
    none.release();

    byte[] wire = new byte[0];
    for (byte[] part : new byte[][] {peerFrame(new byte[0]), peerFrame(new byte[] {5})}) {
      byte[] joined = Arrays.copyOf(wire, wire.length + part.length);
      System.arraycopy(part, 0, joined, wire.length, part.length);
      wire = joined;
    }
    channel.writeInbound(buf(wire));
    assertThat(readAllInbound()).containsExactly(5);
  }

  @Test
  void inboundFramesMayArriveByteByByte() {
    byte[] wire =
        peerFrame("yamux header spans frames".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    for (byte b : wire) {
      channel.writeInbound(buf(new byte[] {b}));
    }
    assertThat(new String(readAllInbound(), java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("yamux header spans frames");
  }

  @Test
  void replayedFrameClosesAndLaterInputIsDiscarded() {
    byte[] f = peerFrame(new byte[] {1});
    channel.writeInbound(buf(f));
    channel.writeInbound(buf(f)); // same nonce again
    assertThat(channel.isOpen()).isFalse();
    assertThat(readAllInbound()).containsExactly(1);
  }

  @Test
  void nonBufferWritesAreRefusedNotSentInTheClear() {
    assertThatThrownBy(() -> channel.writeOutbound("plaintext string"))
        .isInstanceOf(InternalErrorException.class);
    Object sent = channel.readOutbound();
    assertThat(sent).isNull();
  }
}
