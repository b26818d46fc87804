package org.peerprobe.p2p.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Feeds peer bytes to handlers on an {@link EmbeddedChannel} (frozen virtual time, a {@link
 * TrackingAllocator}) and checks the channel invariants: no exception reaches the end of the
 * pipeline, every buffer is released after {@link #finish()}, and no buffer larger than twice the
 * bytes received (merging reads doubles capacity) plus {@link #OWN_OUTPUT_SLACK} was requested.
 */
final class ChannelDriver {
  /** Room for what the handlers write themselves (answers, GoAway, window updates). */
  static final long OWN_OUTPUT_SLACK = 4096;

  final TrackingAllocator alloc = new TrackingAllocator();
  final EmbeddedChannel ch = new EmbeddedChannel();

  /** User events that reached the end of the pipeline. */
  final List<Object> events = new ArrayList<>();

  /** Inbound bytes that reached the end of the pipeline. */
  long passedOn;

  private final List<Throwable> escaped = new ArrayList<>();
  private long fed;

  ChannelDriver(ChannelHandler... handlers) {
    ch.config().setAllocator(alloc);
    ch.freezeTime();
    ch.pipeline().addLast(handlers);
    ch.pipeline().addLast("fuzz-tail", new Tail());
  }

  /** Writes each chunk as one read, in a new buffer, until the channel closes. */
  void feed(List<byte[]> chunks) {
    for (byte[] chunk : chunks) {
      if (!ch.isOpen()) {
        return;
      }
      fed += chunk.length;
      ch.writeInbound(alloc.buffer(chunk.length).writeBytes(chunk));
      ch.runPendingTasks();
    }
  }

  /** Moves virtual time forward and runs the timers that fall due. */
  void advance(Duration d) {
    ch.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
    ch.runScheduledPendingTasks();
    ch.runPendingTasks();
  }

  /** Closes the channel, releases what is left in it and checks the invariants. */
  void finish() {
    ch.finishAndReleaseAll();
    Invariants.check(escaped.isEmpty(), "an exception escaped the handlers: " + first(escaped));
    List<ByteBuf> leaked = alloc.unreleased();
    Invariants.check(leaked.isEmpty(), leaked.size() + " buffers not released: " + leaked);
    long allowance = 2 * fed + OWN_OUTPUT_SLACK;
    Invariants.check(
        alloc.largestRequest() <= allowance,
        "a buffer of "
            + alloc.largestRequest()
            + " bytes was requested after "
            + fed
            + " bytes arrived");
  }

  private static String first(List<Throwable> list) {
    if (list.isEmpty()) {
      return "none";
    }
    StringWriter w = new StringWriter();
    list.get(0).printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  /** The last handler: counts and releases what arrives, records events and exceptions. */
  private final class Tail extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf b) {
        passedOn += b.readableBytes();
      }
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      events.add(evt);
      ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      escaped.add(cause);
    }
  }
}
