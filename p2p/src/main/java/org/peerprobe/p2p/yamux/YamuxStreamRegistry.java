package org.peerprobe.p2p.yamux;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.stream.Stream;

/**
 * The open streams of one session and the rules for their ids and counts: we use odd ids when
 * dialing and even ones when listening, each side's ids increase, at most {@link
 * YamuxConfig#maxInboundStreams()} peer-opened streams, and at most {@link
 * YamuxConfig#ackBacklog()} of ours unacknowledged (later opens wait in a queue bounded by {@link
 * YamuxConfig#maxOutboundStreams()}). Event-loop confined.
 */
final class YamuxStreamRegistry {
  /** Makes a stream object (outbound when {@code initiator}). */
  interface Factory {
    YamuxStream create(long id, boolean initiator);
  }

  private final boolean initiator;
  private final YamuxConfig config;
  private final Factory factory;
  private final BooleanSupplier mayOpen;
  private final Map<Long, YamuxStream> byId = new HashMap<>();
  private final ArrayDeque<CompletableFuture<Stream>> waiting = new ArrayDeque<>();
  private long nextId;
  private long lastRemoteId;
  private int inbound;
  private int outbound;
  private int unacked;

  /**
   * @param mayOpen whether the session still accepts new outbound streams (checked before each
   *     waiting open proceeds)
   */
  YamuxStreamRegistry(
      boolean initiator, YamuxConfig config, Factory factory, BooleanSupplier mayOpen) {
    this.initiator = initiator;
    this.config = config;
    this.factory = factory;
    this.mayOpen = mayOpen;
    this.nextId = initiator ? 1 : 2;
  }

  YamuxStream get(long id) {
    return byId.get(id);
  }

  int size() {
    return byId.size();
  }

  boolean isEmpty() {
    return byId.isEmpty();
  }

  List<YamuxStream> snapshot() {
    return new ArrayList<>(byId.values());
  }

  /**
   * Hands a Data or WindowUpdate frame (and its ownership) to its stream. A SYN first claims the id
   * and asks {@code accept} for the new stream (null: refused). Frames for streams that are gone
   * are dropped.
   *
   * @throws BadPeerException for a bad SYN id, a never-opened stream, or the stream's own checks
   */
  void route(YamuxFrame frame, LongFunction<YamuxStream> accept) {
    long id = frame.streamId();
    YamuxStream stream = byId.get(id);
    try {
      if (frame.hasFlag(YamuxFrame.SYN)) {
        claimRemoteId(id);
        stream = accept.apply(id);
      } else if (stream == null) {
        checkPreviouslyUsed(id);
      }
    } catch (BadPeerException e) {
      frame.release();
      throw e;
    }
    if (stream == null) {
      frame.release();
      return;
    }
    stream.onFrame(frame);
  }

  /**
   * Checks the id of a SYN from the peer and records it as used.
   *
   * @throws BadPeerException for our parity or an id not above the peer's previous ones
   */
  private void claimRemoteId(long id) {
    if (!isRemoteParity(id)) {
      throw new BadPeerException("peer opened stream " + id + " with our id parity");
    }
    if (id <= lastRemoteId) {
      throw new BadPeerException("peer reopened stream " + id + " (ids must increase)");
    }
    lastRemoteId = id;
  }

  /**
   * For a frame without SYN whose stream is not open: passes when the stream existed before (frames
   * may still be in flight after a close, reset or refusal), so the frame is dropped.
   *
   * @throws BadPeerException when no stream ever had that id
   */
  private void checkPreviouslyUsed(long id) {
    if (isRemoteParity(id) ? id > lastRemoteId : id >= nextId) {
      throw new BadPeerException("frame for yamux stream " + id + ", which was never opened");
    }
  }

  /** True when the peer may not open another stream now. */
  boolean inboundFull() {
    return inbound >= config.maxInboundStreams();
  }

  YamuxStream addInbound(long id) {
    YamuxStream stream = factory.create(id, false);
    byId.put(id, stream);
    inbound++;
    return stream;
  }

  /** Opens now, or queues behind the ACK backlog; fails beyond maxOutboundStreams. */
  void open(CompletableFuture<Stream> opened) {
    if (outbound + waiting.size() >= config.maxOutboundStreams()) {
      opened.completeExceptionally(
          new IllegalStateException(
              "maxOutboundStreams (" + config.maxOutboundStreams() + ") reached"));
    } else if (unacked >= config.ackBacklog()) {
      waiting.add(opened);
    } else {
      openNow(opened);
    }
  }

  void acked() {
    unacked--;
    openWaiting();
  }

  /** Forgets a stream that closed or was reset. */
  void remove(YamuxStream stream) {
    byId.remove(stream.id());
    if (!stream.isInitiator()) {
      inbound--;
      return;
    }
    outbound--;
    if (!stream.acked()) {
      unacked--;
      openWaiting();
    }
  }

  void failWaiting(String reason) {
    for (CompletableFuture<Stream> f; (f = waiting.poll()) != null; ) {
      f.completeExceptionally(new StreamClosedException(reason));
    }
  }

  private boolean isRemoteParity(long id) {
    return (id & 1) == (initiator ? 0 : 1);
  }

  private void openNow(CompletableFuture<Stream> opened) {
    if (nextId > YamuxFrame.MAX_U32) {
      opened.completeExceptionally(new StreamClosedException("yamux stream ids exhausted"));
      return;
    }
    YamuxStream stream = factory.create(nextId, true);
    nextId += 2;
    byId.put(stream.id(), stream);
    outbound++;
    unacked++;
    stream.sendSyn();
    if (!opened.complete(stream)) {
      stream.reset(); // the caller cancelled meanwhile
    }
  }

  private void openWaiting() {
    while (unacked < config.ackBacklog() && !waiting.isEmpty() && mayOpen.getAsBoolean()) {
      CompletableFuture<Stream> opened = waiting.poll();
      if (!opened.isDone()) {
        openNow(opened);
      }
    }
  }
}
