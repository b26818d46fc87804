package org.peerprobe.p2p.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.InternalErrorException;
import org.peerprobe.p2p.core.LimitExceededException;
import org.peerprobe.p2p.core.P2PException;

/**
 * Runs a {@link NoiseXXHandshake} on a channel: frames handshake messages as u16 big-endian length
 * ‖ message, enforces a timeout, and on success replaces itself with a {@link NoiseTransportCodec}.
 *
 * <p><b>Installing:</b> put it where multistream-select was once that chose {@value #PROTOCOL_ID}
 * (e.g. {@code pipeline.replace(mss, "noise", handler)}); it starts when added to an active channel
 * (or when the channel becomes active). Bytes forwarded by the previous handler are accepted.
 *
 * <p><b>Completion:</b> the codec is added right after this handler under {@link
 * #TRANSPORT_CODEC_NAME}, {@link NoiseHandshakeComplete} is fired through the pipeline, then any
 * bytes that arrived after the last handshake message are passed to the codec, and this handler
 * removes itself. On failure (peer fault, timeout, lost connection) it fires {@link
 * NoiseHandshakeFailed}, logs the reason (no stack trace for peer faults) and closes the channel.
 *
 * <p><b>Limits:</b> handshake frames announcing more than {@link
 * NoiseXXHandshake#MAX_HANDSHAKE_MESSAGE_BYTES} fail before being buffered; the timeout defaults to
 * {@link #DEFAULT_HANDSHAKE_TIMEOUT} and runs on the channel's event loop (so {@code
 * EmbeddedChannel} virtual time drives it).
 *
 * <p><b>Writes</b> from other handlers before completion are refused (released, promise failed):
 * install upper protocols on {@link NoiseHandshakeComplete}. Not sharable; event loop only.
 */
public final class NoiseHandshakeHandler extends ChannelDuplexHandler {
  /** The multistream-select protocol id of libp2p Noise. */
  public static final String PROTOCOL_ID = "/noise";

  /** Handshake time limit when none is given (the js-libp2p upgrade timeout is also 10 s). */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  /** Pipeline name of the {@link NoiseTransportCodec} installed on success. */
  public static final String TRANSPORT_CODEC_NAME = "noise-transport";

  private static final System.Logger LOG = System.getLogger(NoiseHandshakeHandler.class.getName());
  private static final int PREFIX = NoiseTransportCodec.LENGTH_PREFIX_BYTES;

  private enum State {
    IDLE,
    HANDSHAKING,
    DONE
  }

  private final NoiseXXHandshake handshake;
  private final Duration timeout;
  private State state = State.IDLE;
  private ByteBuf cumulation;
  private ScheduledFuture<?> timeoutTask;

  public NoiseHandshakeHandler(NoiseXXHandshake handshake) {
    this(handshake, DEFAULT_HANDSHAKE_TIMEOUT);
  }

  public NoiseHandshakeHandler(NoiseXXHandshake handshake, Duration timeout) {
    this.handshake = Objects.requireNonNull(handshake);
    this.timeout = Objects.requireNonNull(timeout);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("handshake timeout must be positive: " + timeout);
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      begin(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    begin(ctx);
    ctx.fireChannelActive();
  }

  private void begin(ChannelHandlerContext ctx) {
    if (state != State.IDLE) {
      return;
    }
    state = State.HANDSHAKING;
    timeoutTask =
        ctx.executor()
            .schedule(
                () ->
                    fail(
                        ctx,
                        new BadPeerException(
                            "Noise handshake timed out after " + timeout.toMillis() + " ms")),
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
    try {
      handshake.start().ifPresent(m -> writeFrame(ctx, m));
    } catch (P2PException e) {
      fail(ctx, e);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (state == State.IDLE) {
      begin(ctx);
    }
    if (state != State.HANDSHAKING) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!(msg instanceof ByteBuf in)) {
      ReferenceCountUtil.release(msg);
      fail(ctx, new InternalErrorException("Noise handshake got a " + msg.getClass().getName()));
      return;
    }
    cumulation =
        ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(
            ctx.alloc(), cumulation == null ? Unpooled.EMPTY_BUFFER : cumulation, in);
    try {
      readFrames(ctx);
    } catch (P2PException e) {
      fail(ctx, e);
    } finally {
      if (cumulation != null && !cumulation.isReadable()) {
        cumulation.release();
        cumulation = null;
      }
    }
  }

  private void readFrames(ChannelHandlerContext ctx) {
    while (state == State.HANDSHAKING && cumulation.readableBytes() >= PREFIX) {
      int len = cumulation.getUnsignedShort(cumulation.readerIndex());
      if (len > NoiseXXHandshake.MAX_HANDSHAKE_MESSAGE_BYTES) {
        throw new LimitExceededException(
            "Noise handshake message bytes", NoiseXXHandshake.MAX_HANDSHAKE_MESSAGE_BYTES, len);
      }
      if (cumulation.readableBytes() < PREFIX + len) {
        return;
      }
      cumulation.skipBytes(PREFIX);
      byte[] message = new byte[len];
      cumulation.readBytes(message);
      NoiseXXHandshake.Result r = handshake.onMessage(message);
      r.toSend().ifPresent(m -> writeFrame(ctx, m));
      switch (r.status()) {
        case WAITING -> {}
        case COMPLETE -> complete(ctx);
        case FAILED -> fail(ctx, r.failure().orElseThrow());
      }
    }
  }

  private void complete(ChannelHandlerContext ctx) {
    state = State.DONE;
    cancelTimeout();
    NoiseTransportCodec codec =
        new NoiseTransportCodec(handshake.sendCipher(), handshake.receiveCipher());
    ctx.pipeline().addAfter(ctx.name(), TRANSPORT_CODEC_NAME, codec);
    ByteBuf leftover = cumulation;
    cumulation = null;
    ctx.fireUserEventTriggered(new NoiseHandshakeComplete(handshake.remotePeerId()));
    if (leftover != null && leftover.isReadable()) {
      ctx.fireChannelRead(leftover);
    } else if (leftover != null) {
      leftover.release();
    }
    if (!ctx.isRemoved()) { // a listener of the event may already have removed us
      ctx.pipeline().remove(this);
    }
  }

  private void writeFrame(ChannelHandlerContext ctx, byte[] message) {
    ByteBuf frame = ctx.alloc().buffer(PREFIX + message.length);
    frame.writeShort(message.length).writeBytes(message);
    ctx.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (state == State.DONE && handshake.status() == NoiseXXHandshake.Status.COMPLETE) {
      ctx.write(msg, promise);
      return;
    }
    ReferenceCountUtil.release(msg);
    promise.setFailure(
        new InternalErrorException("write before the Noise handshake completed: " + msg));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (state != State.HANDSHAKING) {
      ctx.fireExceptionCaught(cause);
    } else if (cause instanceof IOException) {
      fail(ctx, new BadPeerException("connection error during Noise handshake: " + cause, cause));
    } else {
      fail(ctx, new InternalErrorException("error during Noise handshake", cause));
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (state != State.DONE) {
      state = State.DONE;
      cleanUp();
      ctx.fireUserEventTriggered(
          new NoiseHandshakeFailed(
              new BadPeerException("connection closed during Noise handshake")));
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cleanUp();
  }

  private void fail(ChannelHandlerContext ctx, P2PException cause) {
    if (state == State.DONE) {
      return;
    }
    state = State.DONE;
    cleanUp();
    if (cause instanceof BadPeerException) {
      LOG.log(
          Level.INFO,
          "Noise handshake with {0} failed: {1}",
          ctx.channel().remoteAddress(),
          cause.getMessage());
    } else {
      LOG.log(Level.WARNING, "Noise handshake with " + ctx.channel().remoteAddress(), cause);
    }
    ctx.fireUserEventTriggered(new NoiseHandshakeFailed(cause));
    ctx.close();
  }

  private void cleanUp() {
    cancelTimeout();
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
  }

  private void cancelTimeout() {
    if (timeoutTask != null) {
      timeoutTask.cancel(false);
      timeoutTask = null;
    }
  }
}
