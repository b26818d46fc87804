package org.peerprobe.p2p.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.CompletableFuture;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.core.Scheduler;

/** One bidirectional, flow-controlled byte stream to a remote peer. See the package docs. */
public interface Stream {
  /** The authenticated peer at the other end. */
  PeerId remotePeer();

  /** True when this side opened the stream. */
  boolean isInitiator();

  /** The connection's scheduler: its thread is the only one that may touch this stream. */
  Scheduler scheduler();

  ByteBufAllocator alloc();

  /** Installs the handler that receives this stream's data and close events. */
  void setHandler(StreamHandler handler);

  /**
   * Queues {@code data} (ownership passes to the stream). The future completes when the bytes were
   * handed to the connection, which may wait for the peer's flow-control window; it fails when the
   * stream is reset or closed first.
   */
  CompletableFuture<Void> write(ByteBuf data);

  /** Half-closes: no more writes from this side (yamux FIN). Reading continues. */
  void closeWrite();

  /** Aborts the stream in both directions (yamux RST). */
  void reset();

  /** True once both sides closed or the stream was reset. */
  boolean isClosed();
}
