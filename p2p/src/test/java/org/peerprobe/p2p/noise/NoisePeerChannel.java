package org.peerprobe.p2p.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One side of a Noise connection on an {@link EmbeddedChannel} with frozen virtual time, a {@link
 * TrackingAllocator}, the handshake handler, and a recorder at the end of the pipeline that logs
 * user events and inbound bytes in arrival order.
 */
final class NoisePeerChannel {
  final EmbeddedChannel channel = new EmbeddedChannel();
  final TrackingAllocator alloc = new TrackingAllocator();
  final Recorder recorder = new Recorder();

  NoisePeerChannel(NoiseXXHandshake handshake) {
    this(handshake, NoiseHandshakeHandler.DEFAULT_HANDSHAKE_TIMEOUT);
  }

  NoisePeerChannel(NoiseXXHandshake handshake, Duration timeout) {
    channel.config().setAllocator(alloc);
    channel.freezeTime();
    channel.pipeline().addLast("recorder", recorder);
    // Added to an already active channel, as after multistream-select.
    channel.pipeline().addFirst("noise", new NoiseHandshakeHandler(handshake, timeout));
  }

  /** Delivers {@code bytes} as one read, in a buffer from this side's tracked allocator. */
  void receive(byte[] bytes) {
    channel.writeInbound(alloc.heapBuffer(bytes.length).writeBytes(bytes));
  }

  /** Writes {@code bytes} from the application, in a tracked (heap or direct) buffer. */
  void write(byte[] bytes, boolean direct) {
    ByteBuf b = direct ? alloc.directBuffer(bytes.length) : alloc.heapBuffer(bytes.length);
    channel.writeOutbound(b.writeBytes(bytes));
  }

  void write(String ascii) {
    write(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII), false);
  }

  /** Everything this side has written, concatenated (the buffers are released). */
  byte[] drainOutbound() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuf m;
    while ((m = channel.readOutbound()) != null) {
      out.writeBytes(ByteBufUtil.getBytes(m));
      m.release();
    }
    return out.toByteArray();
  }

  /** Moves this side's outbound buffers, one by one, to {@code to}'s inbound; true if any. */
  boolean sendTo(NoisePeerChannel to) {
    boolean any = false;
    ByteBuf m;
    while ((m = channel.readOutbound()) != null) {
      any = true;
      if (to.channel.isOpen()) {
        to.channel.writeInbound(m);
      } else {
        m.release();
      }
    }
    return any;
  }

  /** Shuttles bytes both ways until both sides are quiet. */
  static void pump(NoisePeerChannel a, NoisePeerChannel b) {
    boolean moved;
    do {
      moved = a.sendTo(b) | b.sendTo(a);
    } while (moved);
  }

  void advance(Duration d) {
    channel.advanceTimeBy(d.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
  }

  /** Closes the channel, releases whatever it still holds, and checks nothing leaked. */
  void finishWithoutLeaks() {
    channel.finishAndReleaseAll();
    assertThat(alloc.unreleased()).as("unreleased buffers").isEmpty();
  }

  /** Records user events and inbound data (as the marker "data") in order. */
  static final class Recorder extends ChannelInboundHandlerAdapter {
    final List<Object> events = new ArrayList<>();
    final ByteArrayOutputStream data = new ByteArrayOutputStream();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf b = (ByteBuf) msg;
      events.add("data");
      data.writeBytes(ByteBufUtil.getBytes(b));
      b.release();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      events.add(evt);
    }

    List<Object> userEvents() {
      return events.stream().filter(e -> !"data".equals(e)).toList();
    }
  }
}
