package org.peerprobe.p2p.yamux;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.EventLoopScheduler;
import org.peerprobe.p2p.core.InternalErrorException;
import org.peerprobe.p2p.core.P2PException;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.core.Scheduler;
import org.peerprobe.p2p.stream.Stream;

/**
 * A yamux session on one secured connection: the last handler of its pipeline, fed plaintext bytes.
 * When added it inserts a {@link YamuxFrameCodec} right before itself. See the package docs for
 * threading, buffer ownership and limits.
 *
 * <p>Lifecycle: {@code OPEN} → {@code GOING_AWAY} (we sent GoAway(normal): no new streams, the
 * channel closes when the last stream has) → {@code CLOSED}. A protocol violation by the peer sends
 * GoAway(protocol error) and closes at once; {@link #closeCause()} then holds the {@link
 * BadPeerException}. Closing the channel from elsewhere sends GoAway(normal) first.
 */
public final class YamuxSession extends ChannelDuplexHandler {
  private static final System.Logger LOG = System.getLogger(YamuxSession.class.getName());

  private enum State {
    OPEN,
    GOING_AWAY,
    CLOSED
  }

  private final PeerId remotePeer;
  private final YamuxConfig config;
  private final Consumer<Stream> inboundStreams;
  private final YamuxStreamRegistry streams;

  private volatile ChannelHandlerContext ctx;
  private Scheduler scheduler;
  private YamuxOutbound out;
  private YamuxKeepAlive keepAlive;
  private YamuxFrameCodec codec;
  private State state = State.OPEN;
  private boolean goAwaySent;
  private boolean remoteGoAway;
  private volatile Throwable closeCause;

  /**
   * @param initiator true on the dialing side, which opens odd-numbered streams (the listener opens
   *     even ones)
   * @param remotePeer the authenticated peer at the other end
   * @param config limits and timers
   * @param inboundStreams called on the event loop with each stream the peer opens; it should
   *     install a handler (data arriving earlier is buffered, within the stream's window). If it
   *     throws, that stream is reset.
   */
  public YamuxSession(
      boolean initiator, PeerId remotePeer, YamuxConfig config, Consumer<Stream> inboundStreams) {
    this.remotePeer = Objects.requireNonNull(remotePeer, "remotePeer");
    this.config = Objects.requireNonNull(config, "config");
    this.inboundStreams = Objects.requireNonNull(inboundStreams, "inboundStreams");
    this.streams =
        new YamuxStreamRegistry(
            initiator,
            config,
            (id, outbound) -> new YamuxStream(this, out, id, outbound),
            this::mayOpen);
  }

  /**
   * Opens a stream: sends WindowUpdate+SYN and completes, on the event loop, with a stream that can
   * be written at once (yamux needs no round trip). May be called from any thread. Waits while
   * {@link YamuxConfig#ackBacklog()} of our streams are unacknowledged. Fails with {@link
   * StreamClosedException} when the session is closed or going away, and with {@link
   * IllegalStateException} beyond {@link YamuxConfig#maxOutboundStreams()}.
   */
  public CompletableFuture<Stream> openStream() {
    CompletableFuture<Stream> opened = new CompletableFuture<>();
    ChannelHandlerContext c = ctx;
    if (c == null) {
      opened.completeExceptionally(new IllegalStateException("YamuxSession is not in a pipeline"));
    } else if (inEventLoop()) {
      open(opened);
    } else {
      c.channel().eventLoop().execute(() -> open(opened));
    }
    return opened;
  }

  /**
   * Sends GoAway(normal): the peer may not open streams any more, nor may we; the channel closes
   * once the streams still open have closed. May be called from any thread.
   */
  public void goAway() {
    ChannelHandlerContext c = Objects.requireNonNull(ctx, "YamuxSession is not in a pipeline");
    if (!inEventLoop()) {
      c.channel().eventLoop().execute(this::goAway);
      return;
    }
    if (state != State.OPEN) {
      return;
    }
    state = State.GOING_AWAY;
    sendGoAway(YamuxFrame.GO_AWAY_NORMAL);
    streams.failWaiting("yamux session is going away");
    out.flushIfIdle();
    if (streams.isEmpty()) {
      c.close();
    }
  }

  /**
   * Why the session ended, when not normally: a {@link BadPeerException} (the peer violated the
   * protocol or stopped answering pings), an {@link InternalErrorException} (a bug here, or the
   * peer says we broke the protocol), another {@link P2PException} (the peer's internal error), or
   * the transport's exception. Empty while open or after a clean close.
   */
  public Optional<Throwable> closeCause() {
    return Optional.ofNullable(closeCause);
  }

  public PeerId remotePeer() {
    return remotePeer;
  }

  /** Streams currently open (either direction), for metrics and tests; event loop only. */
  public int streamCount() {
    return streams.size();
  }

  // ---- Netty events --------------------------------------------------------------------------

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.scheduler = new EventLoopScheduler(ctx.channel().eventLoop());
    this.out = new YamuxOutbound(ctx);
    this.keepAlive = new YamuxKeepAlive(this, scheduler, config);
    this.codec = new YamuxFrameCodec(config.maxWindow());
    this.ctx = ctx;
    ctx.pipeline().addBefore(ctx.name(), null, codec);
    if (ctx.channel().isActive()) {
      keepAlive.start();
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    shutdown(null, -1, "yamux session removed from the pipeline");
    if (ctx.channel().isRegistered() && ctx.pipeline().context(codec) != null) {
      ctx.pipeline().remove(codec);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    keepAlive.start();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    shutdown(null, -1, "connection closed");
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof YamuxFrame frame)) {
      ReferenceCountUtil.release(msg);
      internalError(new InternalErrorException("YamuxSession got a " + msg.getClass().getName()));
      return;
    }
    if (state == State.CLOSED) {
      frame.release();
      return;
    }
    out.readStarted();
    try {
      onFrame(frame);
    } catch (BadPeerException e) {
      protocolError(e);
    } catch (RuntimeException e) {
      internalError(e);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    out.readComplete();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      out.drain();
      out.flushIfIdle();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof BadPeerException bad) {
        protocolError(bad);
        return;
      }
    }
    if (cause instanceof IOException) {
      LOG.log(System.Logger.Level.DEBUG, "yamux connection to {0} failed: {1}", remotePeer, cause);
      end(cause, -1, "connection failed: " + cause.getMessage());
    } else {
      internalError(cause);
    }
  }

  /** Closing the channel from elsewhere says GoAway(normal) first. */
  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (state != State.CLOSED && ctx.channel().isActive()) {
      sendGoAway(YamuxFrame.GO_AWAY_NORMAL);
      out.flush();
    }
    ctx.close(promise);
  }

  /** The session owns the channel: nothing else may write to it. */
  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ReferenceCountUtil.release(msg);
    promise.setFailure(new IllegalStateException("a yamux connection is written through streams"));
  }

  // ---- frames from the peer --------------------------------------------------------------------

  private void onFrame(YamuxFrame frame) {
    switch (frame.type()) {
      case PING -> keepAlive.onPing(frame, out);
      case GO_AWAY -> onGoAway(frame.length());
      case DATA, WINDOW_UPDATE -> streams.route(frame, this::acceptInbound);
    }
  }

  private void onGoAway(long code) {
    remoteGoAway = true;
    streams.failWaiting("the peer sent GoAway");
    if (code == YamuxFrame.GO_AWAY_NORMAL) {
      if (streams.isEmpty()) {
        end(null, -1, "the peer sent GoAway");
      }
      return;
    }
    P2PException cause;
    if (code == YamuxFrame.GO_AWAY_PROTOCOL_ERROR) {
      cause = new InternalErrorException("the peer says we violated yamux (GoAway 1)");
    } else if (code == YamuxFrame.GO_AWAY_INTERNAL_ERROR) {
      cause = new P2PException("the peer ended the session on an internal error (GoAway 2)");
    } else {
      cause = new BadPeerException("yamux GoAway with unknown code " + code);
    }
    LOG.log(System.Logger.Level.DEBUG, "yamux session with {0} ended: {1}", remotePeer, cause);
    end(cause, -1, cause.getMessage());
  }

  /** A SYN from the peer: a new stream, or null after refusing it with RST. */
  private YamuxStream acceptInbound(long id) {
    if (state != State.OPEN || streams.inboundFull()) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "refusing stream {0} from {1}: {2}",
          id,
          remotePeer,
          state != State.OPEN ? "going away" : "maxInboundStreams reached");
      out.send(YamuxFrame.windowUpdate(YamuxFrame.RST, id, 0));
      return null;
    }
    YamuxStream stream = streams.addInbound(id);
    try {
      inboundStreams.accept(stream);
    } catch (RuntimeException e) {
      handlerFailed(stream, "the inbound stream callback", e);
    }
    return stream;
  }

  private void open(CompletableFuture<Stream> opened) {
    if (!mayOpen()) {
      opened.completeExceptionally(
          new StreamClosedException(
              "yamux session is " + (remoteGoAway ? "going away (peer GoAway)" : state)));
      return;
    }
    streams.open(opened);
    out.flushIfIdle();
  }

  private boolean mayOpen() {
    return state == State.OPEN && !remoteGoAway;
  }

  // ---- called by streams and the keep-alive -------------------------------------------------

  YamuxConfig config() {
    return config;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  ByteBufAllocator alloc() {
    return ctx.alloc();
  }

  boolean inEventLoop() {
    ChannelHandlerContext c = ctx;
    return c != null && c.channel().eventLoop().inEventLoop();
  }

  void streamAcked(YamuxStream stream) {
    streams.acked();
    out.flushIfIdle();
  }

  void streamClosed(YamuxStream stream) {
    streams.remove(stream);
    out.remove(stream);
    out.flushIfIdle();
    if (streams.isEmpty() && (state == State.GOING_AWAY || (state == State.OPEN && remoteGoAway))) {
      end(null, -1, "yamux session went away");
    }
  }

  /** The peer broke a stream's rules (not the connection's): reset that stream only. */
  void streamViolation(YamuxStream stream, String what) {
    LOG.log(System.Logger.Level.DEBUG, "{0} from {1}: {2}; resetting", stream, remotePeer, what);
    stream.reset();
  }

  void handlerFailed(YamuxStream stream, String what, RuntimeException e) {
    LOG.log(System.Logger.Level.WARNING, stream + ": " + what + " threw; resetting the stream", e);
    stream.reset();
  }

  void sendPing(long value) {
    out.send(YamuxFrame.ping(YamuxFrame.SYN, value));
    out.flushIfIdle();
  }

  void pingTimedOut(long value, Duration timeout) {
    BadPeerException cause =
        new BadPeerException("no answer to yamux ping " + value + " within " + timeout);
    LOG.log(System.Logger.Level.DEBUG, "closing connection to {0}: {1}", remotePeer, cause);
    end(cause, YamuxFrame.GO_AWAY_NORMAL, cause.getMessage());
  }

  // ---- closing -------------------------------------------------------------------------------

  private void protocolError(BadPeerException e) {
    LOG.log(System.Logger.Level.DEBUG, "yamux protocol violation by {0}: {1}", remotePeer, e);
    end(e, YamuxFrame.GO_AWAY_PROTOCOL_ERROR, "protocol violation: " + e.getMessage());
  }

  private void internalError(Throwable e) {
    LOG.log(System.Logger.Level.ERROR, "yamux session with " + remotePeer + " failed", e);
    Throwable cause =
        e instanceof P2PException ? e : new InternalErrorException("yamux session failed", e);
    end(cause, YamuxFrame.GO_AWAY_INTERNAL_ERROR, "internal error: " + e);
  }

  private void sendGoAway(int code) {
    if (!goAwaySent) {
      goAwaySent = true;
      out.send(YamuxFrame.goAway(code));
    }
  }

  private void end(Throwable cause, int goAwayCode, String reason) {
    shutdown(cause, goAwayCode, reason);
    ctx.close();
  }

  /** Ends the session: optional GoAway, a last flush, every stream reset, every open failed. */
  private void shutdown(Throwable cause, int goAwayCode, String reason) {
    if (state == State.CLOSED) {
      return;
    }
    if (closeCause == null) {
      closeCause = cause;
    }
    if (goAwayCode >= 0 && ctx.channel().isActive()) {
      sendGoAway(goAwayCode);
    }
    out.flush();
    out.close();
    state = State.CLOSED;
    keepAlive.stop();
    streams.failWaiting(reason);
    for (YamuxStream stream : streams.snapshot()) {
      stream.connectionClosed(reason);
    }
  }
}
