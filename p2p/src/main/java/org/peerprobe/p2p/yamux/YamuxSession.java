package org.peerprobe.p2p.yamux;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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

  private final boolean initiator;
  private final PeerId remotePeer;
  private final YamuxConfig config;
  private final Consumer<Stream> inboundStreams;

  private final Map<Long, YamuxStream> streams = new HashMap<>();
  private final Set<YamuxStream> writers = new LinkedHashSet<>();
  private final ArrayDeque<CompletableFuture<Stream>> pendingOpens = new ArrayDeque<>();

  private ChannelHandlerContext ctx;
  private Scheduler scheduler;
  private YamuxKeepAlive keepAlive;
  private YamuxFrameCodec codec;
  private State state = State.OPEN;
  private boolean goAwaySent;
  private boolean remoteGoAway;
  private Throwable closeCause;

  private long nextStreamId;
  private long lastRemoteStreamId;
  private int inboundCount;
  private int outboundCount;
  private int unackedCount;

  private boolean reading;
  private boolean needsFlush;
  private boolean draining;
  private boolean drainAgain;

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
    this.initiator = initiator;
    this.remotePeer = Objects.requireNonNull(remotePeer, "remotePeer");
    this.config = Objects.requireNonNull(config, "config");
    this.inboundStreams = Objects.requireNonNull(inboundStreams, "inboundStreams");
    this.nextStreamId = initiator ? 1 : 2;
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
    failPendingOpens("yamux session is going away");
    flushIfIdle();
    if (streams.isEmpty()) {
      ctx.close();
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

  /** Streams currently open (either direction), for metrics and tests. */
  public int streamCount() {
    return streams.size();
  }

  // ---- Netty events --------------------------------------------------------------------------

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.scheduler = new EventLoopScheduler(ctx.channel().eventLoop());
    this.keepAlive = new YamuxKeepAlive(this, scheduler, config);
    this.codec = new YamuxFrameCodec(config.maxWindow());
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
    reading = true;
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
    reading = false;
    flushIfIdle();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      drain();
      flushIfIdle();
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
      shutdown(cause, -1, "connection failed: " + cause.getMessage());
    } else {
      internalError(cause);
    }
  }

  /** Closing the channel from elsewhere says GoAway(normal) first. */
  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (state != State.CLOSED && ctx.channel().isActive()) {
      sendGoAway(YamuxFrame.GO_AWAY_NORMAL);
      ctx.flush();
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
      case PING -> onPing(frame);
      case GO_AWAY -> onGoAway(frame.length());
      case DATA, WINDOW_UPDATE -> onStreamFrame(frame);
    }
  }

  private void onPing(YamuxFrame frame) {
    if (frame.hasFlag(YamuxFrame.SYN)) {
      send(YamuxFrame.ping(YamuxFrame.ACK, frame.length()));
    } else if (frame.hasFlag(YamuxFrame.ACK)) {
      if (!keepAlive.onAck(frame.length())) {
        LOG.log(System.Logger.Level.DEBUG, "ignoring unsolicited ping ACK from {0}", remotePeer);
      }
    } else {
      throw new BadPeerException("yamux Ping with neither SYN nor ACK");
    }
  }

  private void onGoAway(long code) {
    remoteGoAway = true;
    failPendingOpens("the peer sent GoAway");
    if (code == YamuxFrame.GO_AWAY_NORMAL) {
      if (streams.isEmpty()) {
        shutdown(null, -1, "the peer sent GoAway");
        ctx.close();
      }
      return;
    }
    P2PException cause =
        code == YamuxFrame.GO_AWAY_PROTOCOL_ERROR
            ? new InternalErrorException("the peer says we violated yamux (GoAway 1)")
            : code == YamuxFrame.GO_AWAY_INTERNAL_ERROR
                ? new P2PException("the peer ended the session on an internal error (GoAway 2)")
                : new BadPeerException("yamux GoAway with unknown code " + code);
    LOG.log(System.Logger.Level.DEBUG, "yamux session with {0} ended: {1}", remotePeer, cause);
    shutdown(cause, -1, cause.getMessage());
    ctx.close();
  }

  private void onStreamFrame(YamuxFrame frame) {
    long id = frame.streamId();
    boolean remoteParity = (id & 1) == (initiator ? 0 : 1);
    YamuxStream stream = streams.get(id);
    if (frame.hasFlag(YamuxFrame.SYN)) {
      if (!remoteParity) {
        frame.release();
        throw new BadPeerException("peer opened stream " + id + " with our id parity");
      }
      if (id <= lastRemoteStreamId) {
        frame.release();
        throw new BadPeerException("peer reopened stream " + id + " (ids must increase)");
      }
      lastRemoteStreamId = id;
      stream = acceptInbound(id);
      if (stream == null) {
        frame.release();
        return;
      }
    } else if (stream == null) {
      frame.release();
      if (remoteParity ? id > lastRemoteStreamId : id >= nextStreamId) {
        throw new BadPeerException("frame for yamux stream " + id + ", which was never opened");
      }
      return; // a closed, reset or refused stream: frames may still be in flight
    }
    stream.onFrame(frame);
  }

  private YamuxStream acceptInbound(long id) {
    if (state != State.OPEN) {
      send(YamuxFrame.windowUpdate(YamuxFrame.RST, id, 0));
      return null;
    }
    if (inboundCount >= config.maxInboundStreams()) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "refusing stream {0} from {1}: maxInboundStreams ({2}) reached",
          id,
          remotePeer,
          config.maxInboundStreams());
      send(YamuxFrame.windowUpdate(YamuxFrame.RST, id, 0));
      return null;
    }
    YamuxStream stream = new YamuxStream(this, id, false);
    streams.put(id, stream);
    inboundCount++;
    try {
      inboundStreams.accept(stream);
    } catch (RuntimeException e) {
      handlerFailed(stream, "the inbound stream callback", e);
    }
    return stream;
  }

  // ---- opening ---------------------------------------------------------------------------------

  private void open(CompletableFuture<Stream> opened) {
    if (state != State.OPEN || remoteGoAway) {
      opened.completeExceptionally(
          new StreamClosedException(
              "yamux session is " + (remoteGoAway ? "going away (peer GoAway)" : state)));
    } else if (outboundCount + pendingOpens.size() >= config.maxOutboundStreams()) {
      opened.completeExceptionally(
          new IllegalStateException(
              "maxOutboundStreams (" + config.maxOutboundStreams() + ") reached"));
    } else if (unackedCount >= config.ackBacklog()) {
      pendingOpens.add(opened);
    } else {
      openNow(opened);
      flushIfIdle();
    }
  }

  private void openNow(CompletableFuture<Stream> opened) {
    if (nextStreamId > YamuxFrame.MAX_U32) {
      opened.completeExceptionally(new StreamClosedException("yamux stream ids exhausted"));
      return;
    }
    YamuxStream stream = new YamuxStream(this, nextStreamId, true);
    nextStreamId += 2;
    streams.put(stream.id(), stream);
    outboundCount++;
    unackedCount++;
    stream.sendSyn();
    if (!opened.complete(stream)) {
      stream.reset(); // cancelled by the caller meanwhile
    }
  }

  private void openPending() {
    while (state == State.OPEN
        && !remoteGoAway
        && unackedCount < config.ackBacklog()
        && !pendingOpens.isEmpty()) {
      CompletableFuture<Stream> opened = pendingOpens.poll();
      if (!opened.isDone()) {
        openNow(opened);
      }
    }
    flushIfIdle();
  }

  private void failPendingOpens(String reason) {
    for (CompletableFuture<Stream> f; (f = pendingOpens.poll()) != null; ) {
      f.completeExceptionally(new StreamClosedException(reason));
    }
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
    return ctx != null && ctx.channel().eventLoop().inEventLoop();
  }

  /** Queues a frame for the channel (flushed at the end of the current read or operation). */
  void send(YamuxFrame frame) {
    if (state == State.CLOSED) {
      frame.release();
      return;
    }
    ctx.write(frame, ctx.voidPromise());
    needsFlush = true;
  }

  void flushIfIdle() {
    if (!reading && needsFlush && ctx != null) {
      needsFlush = false;
      ctx.flush();
    }
  }

  void requestDrain(YamuxStream stream) {
    writers.add(stream);
    drain();
    flushIfIdle();
  }

  void streamAcked(YamuxStream stream) {
    unackedCount--;
    openPending();
  }

  void streamClosed(YamuxStream stream) {
    streams.remove(stream.id());
    writers.remove(stream);
    if (!stream.isInitiator()) {
      inboundCount--;
    } else {
      outboundCount--;
      if (!stream.acked()) {
        unackedCount--;
        openPending();
      }
    }
    if (streams.isEmpty() && state != State.CLOSED && (state == State.GOING_AWAY || remoteGoAway)) {
      shutdown(null, -1, "yamux session went away");
      ctx.close();
    }
  }

  /** A stream-level violation: reset that stream, keep the connection. */
  void streamViolation(YamuxStream stream, String what) {
    LOG.log(System.Logger.Level.DEBUG, "{0} from {1}: {2}; resetting", stream, remotePeer, what);
    stream.reset();
  }

  void handlerFailed(YamuxStream stream, String what, RuntimeException e) {
    LOG.log(System.Logger.Level.WARNING, stream + ": " + what + " threw; resetting the stream", e);
    stream.reset();
  }

  void sendPing(long value) {
    send(YamuxFrame.ping(YamuxFrame.SYN, value));
    flushIfIdle();
  }

  void pingTimedOut(long value, Duration timeout) {
    BadPeerException cause =
        new BadPeerException("no answer to yamux ping " + value + " within " + timeout);
    LOG.log(System.Logger.Level.DEBUG, "closing connection to {0}: {1}", remotePeer, cause);
    shutdown(cause, YamuxFrame.GO_AWAY_NORMAL, cause.getMessage());
    ctx.close();
  }

  // ---- writing and closing -----------------------------------------------------------------

  /**
   * Sends queued data round-robin, one frame per stream per pass, while the channel is writable.
   */
  private void drain() {
    if (draining) {
      drainAgain = true;
      return;
    }
    draining = true;
    try {
      do {
        drainAgain = false;
        boolean progress = true;
        while (progress && !writers.isEmpty() && state != State.CLOSED) {
          progress = false;
          for (YamuxStream stream : writers.toArray(new YamuxStream[0])) {
            if (!ctx.channel().isWritable()) {
              needsFlush = false;
              ctx.flush();
              if (!ctx.channel().isWritable()) {
                return; // channelWritabilityChanged resumes
              }
            }
            progress |= stream.sendNext();
            if (!stream.wantsToSend()) {
              writers.remove(stream);
            }
          }
        }
      } while (drainAgain && state != State.CLOSED);
    } finally {
      draining = false;
    }
  }

  private void protocolError(BadPeerException e) {
    LOG.log(System.Logger.Level.DEBUG, "yamux protocol violation by {0}: {1}", remotePeer, e);
    shutdown(e, YamuxFrame.GO_AWAY_PROTOCOL_ERROR, "protocol violation: " + e.getMessage());
    ctx.close();
  }

  private void internalError(Throwable e) {
    LOG.log(System.Logger.Level.ERROR, "yamux session with " + remotePeer + " failed", e);
    Throwable cause =
        e instanceof P2PException ? e : new InternalErrorException("yamux session failed", e);
    shutdown(cause, YamuxFrame.GO_AWAY_INTERNAL_ERROR, "internal error: " + e);
    ctx.close();
  }

  private void sendGoAway(int code) {
    if (!goAwaySent) {
      goAwaySent = true;
      send(YamuxFrame.goAway(code));
    }
  }

  /** Ends the session: optional GoAway, then every stream reset and every waiter failed. */
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
    if (needsFlush) {
      needsFlush = false;
      ctx.flush();
    }
    state = State.CLOSED;
    keepAlive.stop();
    writers.clear();
    failPendingOpens(reason);
    for (YamuxStream stream : new ArrayList<>(streams.values())) {
      stream.connectionClosed(reason);
    }
  }
}
