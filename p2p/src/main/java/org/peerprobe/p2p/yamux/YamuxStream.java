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
 * <p>Receive side ({@link YamuxReceiveWindow}): data that arrives before a handler is installed
 * waits in {@code inbox} (at most one window) and is only credited back to the peer once delivered;
 * a WindowUpdate follows each half window consumed, and the window grows up to {@link
 * YamuxConfig#maxWindow()}.
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
  private final YamuxOutbound out;
  private final YamuxReceiveWindow recv;
  private final long id;
  private final boolean initiator;
  private StreamHandler handler;

  /** Inbound stream whose ACK has not been sent yet: the next frame we send carries it. */
  private boolean needAck;

  /** Outbound stream that the peer acknowledged (or reset). */
  private boolean acked;

  private final ArrayDeque<ByteBuf> inbox = new ArrayDeque<>();
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

  YamuxStream(YamuxSession session, YamuxOutbound out, long id, boolean initiator) {
    this.session = session;
    this.out = out;
    this.recv = new YamuxReceiveWindow(session.config());
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
    return recv.window();
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
      recv.delivered(data.readableBytes());
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
    out.flushIfIdle();
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
    out.requestDrain(this);
    return done;
  }

  @Override
  public void closeWrite() {
    checkThread();
    if (reset || finRequested) {
      return;
    }
    finRequested = true;
    out.requestDrain(this);
  }

  @Override
  public void reset() {
    checkThread();
    if (isClosed()) {
      return;
    }
    out.send(YamuxFrame.windowUpdate(YamuxFrame.RST, id, 0));
    terminate("reset locally");
    out.flushIfIdle();
  }

  @Override
  public boolean isClosed() {
    return reset || (finSent && remoteFin);
  }

  // ---- called by the session -------------------------------------------------------------

  /** Opens an outbound stream: WindowUpdate+SYN granting any window beyond the spec's initial. */
  void sendSyn() {
    out.send(YamuxFrame.windowUpdate(YamuxFrame.SYN, id, recv.open()));
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
      out.send(YamuxFrame.windowUpdate(takeAckFlag() | YamuxFrame.FIN, id, 0));
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
    out.send(YamuxFrame.data(flags, id, chunk));
    if (last) {
      head.done.complete(null);
      removeIfDone();
    }
    return true;
  }

  // ---- internals ---------------------------------------------------------------------------

  private void onData(ByteBuf data) {
    int length = data.readableBytes();
    try {
      recv.received(length, this);
    } catch (BadPeerException e) {
      data.release();
      throw e;
    }
    if (remoteFin) {
      data.release();
      session.streamViolation(this, "Data after FIN");
      return;
    }
    if (length == 0) {
      data.release();
    } else if (handler == null) {
      inbox.add(data);
      recv.buffered(length);
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
      out.requestDrain(this);
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

  /** Sends the WindowUpdate that is due, if any (always when our ACK is pending). */
  private void updateWindow() {
    if (reset || (remoteFin && !needAck)) {
      return;
    }
    long delta = recv.takeUpdate(needAck);
    if (delta >= 0) {
      out.send(YamuxFrame.windowUpdate(takeAckFlag(), id, delta));
    }
  }

  private int takeAckFlag() {
    if (needAck) {
      needAck = false;
      return YamuxFrame.ACK;
    }
    return 0;
  }

  private void deliver(ByteBuf data) {
    callHandler("onData", () -> handler.onData(this, data));
  }

  private void deliverRemoteClosed() {
    remoteFinDelivered = true;
    callHandler("onRemoteClosed", () -> handler.onRemoteClosed(this));
  }

  private void deliverReset() {
    if (!resetDelivered) {
      resetDelivered = true;
      callHandler("onReset", () -> handler.onReset(this));
    }
  }

  /** A handler's exception must not reach the session: it resets this stream only. */
  private void callHandler(String what, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      session.handlerFailed(this, what, e);
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
    recv.discardBuffered();
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
