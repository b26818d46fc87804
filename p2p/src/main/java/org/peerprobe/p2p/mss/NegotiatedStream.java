package org.peerprobe.p2p.mss;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.CompletableFuture;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.core.Scheduler;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.stream.StreamHandler;

/**
 * A stream whose protocol multistream-select agreed on: the stream it wraps, plus {@link
 * #protocol()}. Everything delegates to that stream except {@link #setHandler}: the bytes that
 * arrived after the negotiation (and any data or close event that came before a handler was set)
 * are delivered to the handler first, in order, in a task run on the stream's scheduler right after
 * {@code setHandler}. Callbacks receive this object as their {@code stream} argument.
 */
public final class NegotiatedStream implements Stream {
  private final Stream delegate;
  private final String protocol;
  private final NegotiatingHandler relay;

  NegotiatedStream(Stream delegate, String protocol, NegotiatingHandler relay) {
    this.delegate = delegate;
    this.protocol = protocol;
    this.relay = relay;
  }

  /** The protocol id agreed on. */
  public String protocol() {
    return protocol;
  }

  /** The stream this one wraps. */
  public Stream unwrap() {
    return delegate;
  }

  @Override
  public PeerId remotePeer() {
    return delegate.remotePeer();
  }

  @Override
  public boolean isInitiator() {
    return delegate.isInitiator();
  }

  @Override
  public Scheduler scheduler() {
    return delegate.scheduler();
  }

  @Override
  public ByteBufAllocator alloc() {
    return delegate.alloc();
  }

  @Override
  public void setHandler(StreamHandler handler) {
    relay.claim(handler);
  }

  @Override
  public CompletableFuture<Void> write(ByteBuf data) {
    return delegate.write(data);
  }

  @Override
  public void closeWrite() {
    delegate.closeWrite();
  }

  @Override
  public void reset() {
    delegate.reset();
  }

  @Override
  public boolean isClosed() {
    return delegate.isClosed();
  }

  @Override
  public String toString() {
    return "NegotiatedStream{" + protocol + ", " + delegate + "}";
  }
}
