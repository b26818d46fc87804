package org.peerprobe.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.core.Scheduler;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.stream.StreamHandler;

/**
 * One yamux stream of a {@link YamuxSession}: its flow-control windows, queued writes, half-close
 * and reset state. Confined to the connection's event loop; see the package docs.
 *
 * <p>Receive side: the peer may send {@code recvAvailable} more bytes. Data that arrives before a
 * handler is installed waits in {@code inbox} (at most one window) and is only credited back to the
 * peer once delivered. A WindowUpdate is sent when half the window has been consumed, and then the
 * window doubles, up to {@link YamuxConfig#maxWindow()}.
 *
 * <p>Send side: writes queue until the peer's window allows them, are sent in Data frames of at
 * most {@link #MAX_SEND_FRAME} bytes, and their futures complete when the last byte has been handed
 * to the channel.
 */
final class YamuxStream implements Stream {
  /** The largest payload of one Data frame we send; larger writes are split. */
  static final int MAX_SEND_FRAME = 64 * 1024;

  private record PendingWrite(ByteBuf data, CompletableFuture<Void> done) {}

  private final YamuxSession session;
  private final long id;
  private final boolean initiator;
  private StreamHandler handler;

  /** Inbound stream whose ACK has not been sent yet: the next frame we send carries it. */
  private boolean needAck;

  /** Outbound stream that the peer acknowledged (or reset). */
  private boolean acked;

  private long recvWindow = YamuxConfig.SPEC_INITIAL_WINDOW;
  private long recvAvailable = YamuxConfig.SPEC_INITIAL_WINDOW;
  private final ArrayDeque<ByteBuf> inbox = new ArrayDeque<>();
  private long inboxBytes;
  private boolean remoteFin;
  private boolean remoteFinDelivered;

  private long sendWindow = YamuxConfig.SPEC_INITIAL_WINDOW;
  private final ArrayDeque<PendingWrite> writes = new ArrayDeque<>();
  private long queuedBytes;
  private boolean finRequested;
  private boolean finSent;

  private boolean reset;
  private boolean resetDelivered;
  private boolean removed;

  YamuxStream(YamuxSession session, long id, boolean initiator) {
    this.session = session;
    this.id = id;
    this.initiator = initiator;
    this.needAck = !initiator;
  }

  long id() {
    return id;
  }

  boolean acked() {
    return acked;
  }

  long sendWindow() {
    return sendWindow;
  }

  long recvWindow() {
    return recvWindow;
  }

  long queuedBytes() {
    return queuedBytes;
  }

  @Override
  public PeerId remotePeer() {
    return session.remotePeer();
  }

  @Override
  public boolean isInitiator() {
    return initiator;
  }

  @Override
  public Scheduler scheduler() {
    return session.scheduler();
  }

  @Override
  public ByteBufAllocator alloc() {
    return session.alloc();
  }

  /**
   * Installs the handler and, synchronously, hands it what arrived before: buffered data, then the
   * peer's FIN or the reset.
   */
  @Override
  public void setHandler(StreamHandler newHandler) {
    checkThread();
    Objects.requireNonNull(newHandler, "handler");
    handler = newHandler;
    // A handler may replace itself (e.g. after protocol negotiation); the new one takes the rest.
    while (handler == newHandler && !inbox.isEmpty() && !reset) {
      ByteBuf data = inbox.poll();
      inboxBytes -= data.readableBytes();
      deliver(data);
    }
    if (handler != newHandler) {
      return;
    }
    if (reset) {
      deliverReset();
      return;
    }
    updateWindow();
    if (remoteFin && !remoteFinDelivered) {
      deliverRemoteClosed();
    }
    session.flushIfIdle();
  }

  @Override
  public CompletableFuture<Void> write(ByteBuf data) {
    if (!session.inEventLoop()) {
      data.release();
      return CompletableFuture.failedFuture(offLoop());
    }
    if (reset) {
      data.release();
      return CompletableFuture.failedFuture(new StreamClosedException(this + " was reset"));
    }
    if (finRequested) {
      data.release();
      return CompletableFuture.failedFuture(
          new IllegalStateException(this + ": write after closeWrite"));
    }
    if (!data.isReadable()) {
      data.release();
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    writes.add(new PendingWrite(data, done));
    queuedBytes += data.readableBytes();
    session.requestDrain(this);
    return done;
  }

  @Override
  public void closeWrite() {
    checkThread();
    if (reset || finRequested) {
      return;
    }
    finRequested = true;
    session.requestDrain(this);
  }

  @Override
  public void reset() {
    checkThread();
    if (isClosed()) {
      return;
    }
    session.send(YamuxFrame.windowUpdate(YamuxFrame.RST, id, 0));
    terminate("reset locally");
    session.flushIfIdle();
  }

  @Override
  public boolean isClosed() {
    return reset || (finSent && remoteFin);
  }

  // ---- called by the session -------------------------------------------------------------

  /** Opens an outbound stream: WindowUpdate+SYN granting any window beyond the spec's initial. */
  void sendSyn() {
    long delta = session.config().initialWindow() - recvWindow;
    recvWindow += delta;
    recvAvailable += delta;
    session.send(YamuxFrame.windowUpdate(YamuxFrame.SYN, id, delta));
  }

  /**
   * Applies a Data or WindowUpdate frame addressed to this stream; takes ownership of it.
   *
   * @throws BadPeerException when the peer overruns its window (the frame is released)
   */
  void onFrame(YamuxFrame frame) {
    if (reset) {
      frame.release();
      return;
    }
    if (frame.hasFlag(YamuxFrame.RST)) {
      frame.release();
      terminate("reset by the peer");
      return;
    }
    if (frame.hasFlag(YamuxFrame.ACK) && initiator && !acked) {
      acked = true;
      session.streamAcked(this);
    }
    if (frame.type() == YamuxFrame.Type.DATA) {
      onData(frame.data());
    } else {
      onWindowUpdate(frame.length());
    }
    if (!reset && frame.hasFlag(YamuxFrame.FIN)) {
      onRemoteFin();
    }
    updateWindow();
  }

  /** The connection is gone: fail everything without sending anything. */
  void connectionClosed(String reason) {
    terminate(reason);
  }

  boolean wantsToSend() {
    return !reset && (!writes.isEmpty() || (finRequested && !finSent));
  }

  /** Sends at most one frame of queued data (or the FIN); returns whether it sent one. */
  boolean sendNext() {
    if (reset) {
      return false;
    }
    PendingWrite head = writes.peek();
    if (head == null) {
      if (!finRequested || finSent) {
        return false;
      }
      finSent = true;
      session.send(YamuxFrame.windowUpdate(takeAckFlag() | YamuxFrame.FIN, id, 0));
      removeIfDone();
      return true;
    }
    if (sendWindow == 0) {
      return false;
    }
    int n = (int) Math.min(Math.min(head.data.readableBytes(), sendWindow), MAX_SEND_FRAME);
    ByteBuf chunk = head.data.readRetainedSlice(n);
    int flags = takeAckFlag();
    boolean last = !head.data.isReadable();
    if (last) {
      writes.poll();
      head.data.release();
      if (writes.isEmpty() && finRequested) {
        flags |= YamuxFrame.FIN;
        finSent = true;
      }
    }
    sendWindow -= n;
    queuedBytes -= n;
    session.send(YamuxFrame.data(flags, id, chunk));
    if (last) {
      head.done.complete(null);
      removeIfDone();
    }
    return true;
  }

  // ---- internals ---------------------------------------------------------------------------

  private void onData(ByteBuf data) {
    int length = data.readableBytes();
    if (length > recvAvailable) {
      data.release();
      throw new BadPeerException(
          this
              + ": Data frame of "
              + length
              + " bytes exceeds the receive window of "
              + recvAvailable);
    }
    recvAvailable -= length;
    if (remoteFin) {
      data.release();
      session.streamViolation(this, "Data after FIN");
      return;
    }
    if (length == 0) {
      data.release();
    } else if (handler == null) {
      inbox.add(data);
      inboxBytes += length;
    } else {
      deliver(data);
    }
  }

  private void onWindowUpdate(long delta) {
    sendWindow += delta;
    if (sendWindow > YamuxFrame.MAX_U32) {
      throw new BadPeerException(this + ": send window grown past 2^32-1 by the peer");
    }
    if (delta > 0 && !writes.isEmpty()) {
      session.requestDrain(this);
    }
  }

  private void onRemoteFin() {
    if (remoteFin) {
      return;
    }
    remoteFin = true;
    if (handler != null && inbox.isEmpty()) {
      deliverRemoteClosed();
    }
    removeIfDone();
  }

  /**
   * Credits consumed bytes back to the peer once half the window is used (doubling the window up to
   * the maximum), grants the configured initial window, and carries a pending ACK.
   */
  private void updateWindow() {
    if (reset || (remoteFin && !needAck)) {
      return;
    }
    long consumed = recvWindow - recvAvailable - inboxBytes;
    int initialWindow = session.config().initialWindow();
    boolean halfConsumed = consumed >= recvWindow / 2;
    boolean belowInitial = recvWindow < initialWindow;
    if (!needAck && !halfConsumed && !belowInitial) {
      return;
    }
    long target = Math.max(recvWindow, initialWindow);
    if (halfConsumed) {
      target = Math.max(target, Math.min(recvWindow * 2, session.config().maxWindow()));
    }
    long delta = consumed + (target - recvWindow);
    recvWindow = target;
    recvAvailable += delta;
    session.send(YamuxFrame.windowUpdate(takeAckFlag(), id, delta));
  }

  private int takeAckFlag() {
    if (needAck) {
      needAck = false;
      return YamuxFrame.ACK;
    }
    return 0;
  }

  private void deliver(ByteBuf data) {
    try {
      handler.onData(this, data);
    } catch (RuntimeException e) {
      session.handlerFailed(this, "onData", e);
    }
  }

  private void deliverRemoteClosed() {
    remoteFinDelivered = true;
    try {
      handler.onRemoteClosed(this);
    } catch (RuntimeException e) {
      session.handlerFailed(this, "onRemoteClosed", e);
    }
  }

  private void deliverReset() {
    if (resetDelivered) {
      return;
    }
    resetDelivered = true;
    try {
      handler.onReset(this);
    } catch (RuntimeException e) {
      session.handlerFailed(this, "onReset", e);
    }
  }

  private void removeIfDone() {
    if (!removed && finSent && remoteFin) {
      removed = true;
      session.streamClosed(this);
    }
  }

  private void terminate(String reason) {
    if (reset) {
      return;
    }
    reset = true;
    while (!inbox.isEmpty()) {
      inbox.poll().release();
    }
    inboxBytes = 0;
    if (!removed) {
      removed = true;
      session.streamClosed(this);
    }
    StreamClosedException failure = new StreamClosedException(this + ": " + reason);
    queuedBytes = 0;
    for (PendingWrite w; (w = writes.poll()) != null; ) {
      w.data.release();
      w.done.completeExceptionally(failure);
    }
    if (handler != null) {
      deliverReset();
    }
  }

  private void checkThread() {
    if (!session.inEventLoop()) {
      throw offLoop();
    }
  }

  private IllegalStateException offLoop() {
    return new IllegalStateException(this + " used off its connection's event loop");
  }

  @Override
  public String toString() {
    return "yamux stream " + id + (initiator ? " (outbound)" : " (inbound)");
  }
}
