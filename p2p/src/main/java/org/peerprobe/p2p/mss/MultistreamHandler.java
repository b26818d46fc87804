package org.peerprobe.p2p.mss;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.mss.MultistreamNegotiation.Step;

/**
 * Negotiates the protocol of a whole channel with multistream-select, e.g. {@code /noise} on a raw
 * TCP connection, then {@code /yamux/1.0.0} inside Noise. A thin wrapper around {@link
 * MultistreamNegotiation}; one instance per channel and negotiation (not sharable).
 *
 * <p>It starts when it is added to an active channel, or when the channel becomes active: a dialer
 * then writes the header and its first protocol. On agreement it fires {@link ProtocolSelected}
 * down the pipeline and removes itself; the bytes that arrived after the negotiation are passed to
 * the next handler as {@code channelRead}, so the handler for the protocol must be installed
 * directly after this one while the event is handled: from the handler that receives the event,
 * {@code ctx.pipeline().addBefore(ctx.name(), "noise", noise)}, or {@code
 * ctx.pipeline().replace(MultistreamHandler.class, "noise", noise)}.
 *
 * <p>On failure (a peer fault, no common protocol, no answer within {@link #NEGOTIATION_TIMEOUT},
 * the channel closing) it logs the reason, fires {@link NegotiationFailed} and closes the channel.
 * The timeout is scheduled on the channel's event loop, so {@code EmbeddedChannel} virtual time
 * drives it in tests. Limits are those of {@link MultistreamNegotiation}.
 */
public final class MultistreamHandler extends ByteToMessageDecoder {
  /** Longest a negotiation may take, as in js-libp2p. */
  public static final Duration NEGOTIATION_TIMEOUT = Duration.ofSeconds(10);

  private static final System.Logger LOG = System.getLogger(MultistreamHandler.class.getName());

  private final MultistreamNegotiation engine;
  private final Duration timeout;
  private ScheduledFuture<?> timer;
  private Object remote;
  private boolean started;
  private boolean done;

  private MultistreamHandler(MultistreamNegotiation engine, Duration timeout) {
    this.engine = engine;
    this.timeout = timeout;
  }

  /** Offers {@code protocols} in order of preference, e.g. {@code List.of("/noise")}. */
  public static MultistreamHandler dialer(List<String> protocols) {
    return new MultistreamHandler(MultistreamNegotiation.dialer(protocols), NEGOTIATION_TIMEOUT);
  }

  /** Accepts any of {@code protocols}, e.g. {@code List.of("/yamux/1.0.0")}. */
  public static MultistreamHandler listener(Collection<String> protocols) {
    return new MultistreamHandler(MultistreamNegotiation.listener(protocols), NEGOTIATION_TIMEOUT);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      start(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    start(ctx);
    super.channelActive(ctx);
  }

  private void start(ChannelHandlerContext ctx) {
    if (started) {
      return;
    }
    started = true;
    remote = ctx.channel().remoteAddress();
    timer =
        ctx.executor()
            .schedule(
                () ->
                    fail(
                        ctx,
                        new TimeoutException(
                            "no multistream-select agreement within " + timeout.toSeconds() + "s")),
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
    send(ctx, engine.start());
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (done) {
      in.skipBytes(in.readableBytes());
      return;
    }
    Step step = engine.receive(in);
    send(ctx, step);
    switch (step.status()) {
      case SELECTED -> succeed(ctx, step.protocol());
      case FAILED -> {
        in.skipBytes(in.readableBytes());
        fail(ctx, step.failure());
      }
      case NEGOTIATING -> {}
    }
  }

  private static void send(ChannelHandlerContext ctx, Step step) {
    if (step.hasOutput()) {
      ctx.writeAndFlush(ctx.alloc().buffer(step.toSend().length).writeBytes(step.toSend()))
          .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }
  }

  private void succeed(ChannelHandlerContext ctx, String protocol) {
    done = true;
    cancelTimer();
    LOG.log(System.Logger.Level.DEBUG, "{0}: multistream-select agreed on {1}", remote, protocol);
    // Fire first, then leave: a handler installed during the event sits right after this one, so
    // ByteToMessageDecoder hands it the leftover bytes when this handler is removed.
    ctx.fireUserEventTriggered(new ProtocolSelected(protocol));
    if (!ctx.isRemoved()) {
      ctx.pipeline().remove(this);
    }
  }

  private void fail(ChannelHandlerContext ctx, Throwable cause) {
    if (done) {
      return;
    }
    done = true;
    cancelTimer();
    // Peers cause these all the time; only something unexpected deserves more than DEBUG.
    boolean routine =
        cause instanceof BadPeerException
            || cause instanceof NoCommonProtocolException
            || cause instanceof TimeoutException
            || cause instanceof ClosedChannelException;
    LOG.log(
        routine ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
        "{0}: closing, multistream-select failed: {1}",
        remote,
        cause.toString());
    ctx.fireUserEventTriggered(new NegotiationFailed(cause));
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (!done) {
      fail(ctx, new ClosedChannelException());
    }
    super.channelInactive(ctx);
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    cancelTimer();
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
