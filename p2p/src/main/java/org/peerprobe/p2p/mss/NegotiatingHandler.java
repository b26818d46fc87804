package org.peerprobe.p2p.mss;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.LimitExceededException;
import org.peerprobe.p2p.core.P2PException;
import org.peerprobe.p2p.core.Scheduler;
import org.peerprobe.p2p.mss.MultistreamNegotiation.Step;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.stream.StreamHandler;

/**
 * The handler {@link StreamNegotiator} installs on a stream for its whole life: it runs the engine,
 * then holds what arrives until the protocol's handler is set on the {@link NegotiatedStream}, then
 * forwards every event to that handler. Event-loop confined.
 */
final class NegotiatingHandler implements StreamHandler {
  private static final System.Logger LOG = System.getLogger(NegotiatingHandler.class.getName());

  private enum Phase {
    NEGOTIATING,
    UNCLAIMED,
    REPLAYING,
    FORWARDING,
    FAILED
  }

  private final Stream stream;
  private final MultistreamNegotiation engine;
  private final Consumer<NegotiatedStream> onSelected;
  private final Consumer<Throwable> onFailed;
  private Phase phase = Phase.NEGOTIATING;
  private CompositeByteBuf cumulation;
  private Scheduler.Cancellable timer;
  private NegotiatedStream negotiated;
  private StreamHandler user;
  private CompositeByteBuf pending;
  private boolean remoteClosed;
  private boolean wasReset;

  NegotiatingHandler(
      Stream stream,
      MultistreamNegotiation engine,
      Consumer<NegotiatedStream> onSelected,
      Consumer<Throwable> onFailed) {
    this.stream = stream;
    this.engine = engine;
    this.onSelected = onSelected;
    this.onFailed = onFailed;
  }

  void start(Duration timeout) {
    cumulation = stream.alloc().compositeBuffer();
    stream.setHandler(this);
    timer =
        stream
            .scheduler()
            .schedule(
                timeout,
                () ->
                    fail(
                        new TimeoutException(
                            "no multistream-select agreement within "
                                + timeout.toSeconds()
                                + "s")));
    send(engine.start());
  }

  @Override
  public void onData(Stream s, ByteBuf data) {
    switch (phase) {
      case NEGOTIATING -> negotiate(data);
      case UNCLAIMED, REPLAYING -> hold(data);
      case FORWARDING -> user.onData(negotiated, data);
      case FAILED -> data.release();
    }
  }

  @Override
  public void onRemoteClosed(Stream s) {
    switch (phase) {
      case NEGOTIATING ->
          fail(new BadPeerException("remote closed the stream during multistream-select"));
      case UNCLAIMED, REPLAYING -> remoteClosed = true;
      case FORWARDING -> user.onRemoteClosed(negotiated);
      case FAILED -> {}
    }
  }

  @Override
  public void onReset(Stream s) {
    switch (phase) {
      case NEGOTIATING -> fail(new P2PException("stream reset during multistream-select"));
      case UNCLAIMED, REPLAYING -> {
        wasReset = true;
        releasePending();
      }
      case FORWARDING -> user.onReset(negotiated);
      case FAILED -> {}
    }
  }

  private void negotiate(ByteBuf data) {
    cumulation.addComponent(true, data);
    Step step = engine.receive(cumulation);
    send(step);
    switch (step.status()) {
      case SELECTED -> selected(step.protocol());
      case FAILED -> fail(step.failure());
      case NEGOTIATING -> cumulation.discardReadComponents();
    }
  }

  private void selected(String protocol) {
    cancelTimer();
    if (cumulation.isReadable()) {
      pending = stream.alloc().compositeBuffer();
      pending.addComponent(true, cumulation.readRetainedSlice(cumulation.readableBytes()));
    }
    cumulation.release();
    cumulation = null;
    phase = Phase.UNCLAIMED;
    negotiated = new NegotiatedStream(stream, protocol, this);
    onSelected.accept(negotiated);
  }

  private void fail(Throwable cause) {
    if (phase != Phase.NEGOTIATING) {
      return;
    }
    phase = Phase.FAILED;
    cancelTimer();
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
    LOG.log(System.Logger.Level.DEBUG, "{0}: multistream-select failed: {1}", stream, cause);
    stream.reset();
    onFailed.accept(cause);
  }

  private void send(Step step) {
    if (step.hasOutput()) {
      stream
          .write(stream.alloc().buffer(step.toSend().length).writeBytes(step.toSend()))
          .whenComplete(
              (ok, err) -> {
                if (err != null) {
                  fail(new P2PException("multistream-select write failed", err));
                }
              });
    }
  }

  /** Buffers data that arrived after selection but before the protocol's handler was set. */
  private void hold(ByteBuf data) {
    if (wasReset) {
      data.release();
      return;
    }
    if (pending == null) {
      pending = stream.alloc().compositeBuffer();
    }
    pending.addComponent(true, data);
    if (pending.readableBytes() > StreamNegotiator.MAX_UNCLAIMED_BYTES) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "{0}: resetting, {1}",
          stream,
          new LimitExceededException(
                  "unclaimed stream bytes",
                  StreamNegotiator.MAX_UNCLAIMED_BYTES,
                  pending.readableBytes())
              .getMessage());
      wasReset = true;
      releasePending();
      stream.reset();
    }
  }

  /** Called through {@link NegotiatedStream#setHandler}. */
  void claim(StreamHandler handler) {
    user = handler;
    if (phase == Phase.UNCLAIMED) {
      if (pending == null && !remoteClosed && !wasReset) {
        phase = Phase.FORWARDING;
      } else {
        phase = Phase.REPLAYING;
        stream.scheduler().execute(this::replay);
      }
    }
  }

  private void replay() {
    if (phase != Phase.REPLAYING) {
      return;
    }
    while (pending != null) {
      ByteBuf data = pending;
      pending = null;
      user.onData(negotiated, data);
    }
    phase = Phase.FORWARDING;
    if (wasReset) {
      user.onReset(negotiated);
    } else if (remoteClosed) {
      user.onRemoteClosed(negotiated);
    }
  }

  private void releasePending() {
    if (pending != null) {
      pending.release();
      pending = null;
    }
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }
}
