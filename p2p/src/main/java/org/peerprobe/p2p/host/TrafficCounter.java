package org.peerprobe.p2p.host;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bytes on the wire of all of a host's connections since it started: first in every channel's
 * pipeline, so it counts what the socket carries (multistream and Noise handshakes, encrypted
 * frames with their overhead), for the node's metrics and the footprint benchmark.
 *
 * <p>{@link #bytesSent()} counts bytes when they are handed to the socket's outbound buffer, so a
 * write that fails because the connection closed still counts. Netty's traffic-shaping handlers
 * count too, but bring per-channel queues and a periodic task for the shaping we do not do.
 *
 * <p>Thread-safe: the host's event loops add, any thread reads.
 */
@ChannelHandler.Sharable
public final class TrafficCounter extends ChannelDuplexHandler {
  private final LongAdder received = new LongAdder();
  private final LongAdder sent = new LongAdder();

  /** Bytes read from every connection's socket. */
  public long bytesReceived() {
    return received.sum();
  }

  /** Bytes written to every connection's socket. */
  public long bytesSent() {
    return sent.sum();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    received.add(size(msg));
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    sent.add(size(msg));
    ctx.write(msg, promise);
  }

  private static long size(Object msg) {
    if (msg instanceof ByteBuf b) {
      return b.readableBytes();
    }
    return msg instanceof ByteBufHolder h ? h.content().readableBytes() : 0;
  }
}
