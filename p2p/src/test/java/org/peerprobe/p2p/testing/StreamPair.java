package org.peerprobe.p2p.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.core.Scheduler;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.stream.StreamHandler;

/**
 * Two in-memory {@link Stream}s connected back to back, driven by a {@link VirtualScheduler}: what
 * one end writes reaches the other end's handler in a later task (after the configured latency), in
 * order, with half-close and reset. For protocol tests of any package.
 *
 * <p>Like a muxer, an end buffers events until its handler is set. Written bytes are copied and the
 * writer's buffer released, so a writer that releases a buffer it passed to {@code write} fails
 * loudly; {@link #unreleasedBuffers()} counts delivered buffers the handlers did not release.
 * {@link Delivery} chooses how writes are cut into {@code onData} chunks. Single-threaded, like the
 * scheduler.
 */
public final class StreamPair {
  /** How written bytes are chunked on delivery. */
  public enum Delivery {
    /** One {@code onData} per write. */
    AS_WRITTEN,
    /** Writes made in the same scheduler turn arrive as one {@code onData}. */
    COALESCED,
    /** Every byte is its own {@code onData}. */
    BYTE_BY_BYTE
  }

  /** Deterministic test identities. */
  public static final HostKey INITIATOR_KEY = key(0x11);

  public static final HostKey RESPONDER_KEY = key(0x22);

  private final VirtualScheduler scheduler;
  private final Duration latency;
  private final Delivery delivery;
  private final End initiator;
  private final End responder;
  private final List<ByteBuf> delivered = new ArrayList<>();

  private StreamPair(Builder b) {
    this.scheduler = b.scheduler;
    this.latency = b.latency;
    this.delivery = b.delivery;
    this.initiator = new End(true, b.initiatorKey.peerId());
    this.responder = new End(false, b.responderKey.peerId());
    initiator.peer = responder;
    responder.peer = initiator;
  }

  /** A pair with default keys, no latency and {@link Delivery#AS_WRITTEN}. */
  public static StreamPair create(VirtualScheduler scheduler) {
    return builder(scheduler).build();
  }

  public static Builder builder(VirtualScheduler scheduler) {
    return new Builder(scheduler);
  }

  /** The end that opened the stream (its remote peer is the responder's key). */
  public End initiator() {
    return initiator;
  }

  public End responder() {
    return responder;
  }

  /** Buffers handed to handlers that still have a reference count above zero. */
  public long unreleasedBuffers() {
    return delivered.stream().filter(b -> b.refCnt() > 0).count();
  }

  /** Builds a {@link StreamPair}. */
  public static final class Builder {
    private final VirtualScheduler scheduler;
    private HostKey initiatorKey = INITIATOR_KEY;
    private HostKey responderKey = RESPONDER_KEY;
    private Duration latency = Duration.ZERO;
    private Delivery delivery = Delivery.AS_WRITTEN;

    private Builder(VirtualScheduler scheduler) {
      this.scheduler = scheduler;
    }

    public Builder initiatorKey(HostKey key) {
      this.initiatorKey = key;
      return this;
    }

    public Builder responderKey(HostKey key) {
      this.responderKey = key;
      return this;
    }

    /** One-way delay of every write, close and reset. */
    public Builder latency(Duration latency) {
      this.latency = latency;
      return this;
    }

    public Builder delivery(Delivery delivery) {
      this.delivery = delivery;
      return this;
    }

    public StreamPair build() {
      return new StreamPair(this);
    }
  }

  private sealed interface Event permits Data, RemoteClosed, Reset {}

  private record Data(byte[] bytes) implements Event {}

  private record RemoteClosed() implements Event {}

  private record Reset() implements Event {}

  /** One end of the pair. */
  public final class End implements Stream {
    private final boolean initiatorSide;
    private final PeerId localPeer;
    private End peer;
    private StreamHandler handler;
    private final ArrayDeque<Event> inbox = new ArrayDeque<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final List<byte[]> writes = new ArrayList<>();
    private ByteArrayOutputStream coalescing;
    private boolean writeClosed;
    private boolean remoteClosed;
    private boolean reset;
    private boolean draining;

    private End(boolean initiatorSide, PeerId localPeer) {
      this.initiatorSide = initiatorSide;
      this.localPeer = localPeer;
    }

    public PeerId localPeer() {
      return localPeer;
    }

    /** Every byte this end wrote so far. */
    public byte[] writtenBytes() {
      return written.toByteArray();
    }

    /** Each accepted {@code write}, in order. */
    public List<byte[]> writes() {
      return writes.stream().map(byte[]::clone).toList();
    }

    public boolean isWriteClosed() {
      return writeClosed;
    }

    /** True once the remote's half-close reached this end. */
    public boolean sawRemoteClose() {
      return remoteClosed;
    }

    /** True once this end was reset, by either side. */
    public boolean isReset() {
      return reset;
    }

    @Override
    public PeerId remotePeer() {
      return peer.localPeer;
    }

    @Override
    public boolean isInitiator() {
      return initiatorSide;
    }

    @Override
    public Scheduler scheduler() {
      return scheduler;
    }

    @Override
    public ByteBufAllocator alloc() {
      return UnpooledByteBufAllocator.DEFAULT;
    }

    @Override
    public void setHandler(StreamHandler h) {
      this.handler = h;
      scheduleDrain();
    }

    @Override
    public CompletableFuture<Void> write(ByteBuf data) {
      byte[] bytes = ByteBufUtil.getBytes(data);
      data.release();
      if (writeClosed || reset) {
        return CompletableFuture.failedFuture(new ClosedChannelException());
      }
      written.writeBytes(bytes);
      writes.add(bytes.clone());
      switch (delivery) {
        case AS_WRITTEN -> send(new Data(bytes));
        case BYTE_BY_BYTE -> {
          for (byte b : bytes) {
            send(new Data(new byte[] {b}));
          }
        }
        case COALESCED -> {
          if (coalescing == null) {
            coalescing = new ByteArrayOutputStream();
            ByteArrayOutputStream batch = coalescing;
            scheduler.schedule(
                latency,
                () -> {
                  coalescing = null;
                  peer.receive(new Data(batch.toByteArray()));
                });
          }
          coalescing.writeBytes(bytes);
        }
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void closeWrite() {
      if (!writeClosed && !reset) {
        writeClosed = true;
        send(new RemoteClosed());
      }
    }

    @Override
    public void reset() {
      if (!reset) {
        send(new Reset());
        receive(new Reset());
      }
    }

    @Override
    public boolean isClosed() {
      return reset || (writeClosed && remoteClosed);
    }

    private void send(Event e) {
      scheduler.schedule(latency, () -> peer.receive(e));
    }

    private void receive(Event e) {
      if (reset) {
        return;
      }
      if (e instanceof Reset) {
        reset = true;
        inbox.removeIf(Data.class::isInstance);
      } else if (e instanceof RemoteClosed) {
        remoteClosed = true;
      }
      inbox.add(e);
      scheduleDrain();
    }

    private void scheduleDrain() {
      if (handler != null && !inbox.isEmpty() && !draining) {
        draining = true;
        scheduler.execute(this::drain);
      }
    }

    private void drain() {
      draining = false;
      Event e;
      while (handler != null && (e = inbox.poll()) != null) {
        if (e instanceof Data d) {
          ByteBuf buf = alloc().buffer(d.bytes().length).writeBytes(d.bytes());
          delivered.add(buf);
          handler.onData(this, buf);
        } else if (e instanceof RemoteClosed) {
          handler.onRemoteClosed(this);
        } else {
          handler.onReset(this);
        }
      }
    }

    @Override
    public String toString() {
      return (initiatorSide ? "initiator" : "responder") + "->" + peer.localPeer;
    }
  }

  private static HostKey key(int fill) {
    byte[] seed = new byte[HostKey.SEED_BYTES];
    Arrays.fill(seed, (byte) fill);
    return HostKey.fromSeed(seed);
  }
}
