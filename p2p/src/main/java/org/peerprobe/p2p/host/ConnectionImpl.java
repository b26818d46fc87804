package org.peerprobe.p2p.host;

import io.netty.channel.Channel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.peerprobe.p2p.core.EventLoopScheduler;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.identify.IdentifyResult;
import org.peerprobe.p2p.mss.StreamNegotiator;
import org.peerprobe.p2p.stream.ProtocolHandler;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.yamux.YamuxSession;

/**
 * One upgraded connection: its channel, yamux session, inbound stream dispatch (rate limited per
 * peer) and what identify told us. Mutable state is touched only on the channel's event loop,
 * except the volatile identify result.
 */
final class ConnectionImpl implements Connection {
  private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ConnectionImpl.class);

  private final Channel channel;
  private final PeerId remote;
  private final boolean outbound;
  private final Multiaddr remoteAddress;
  private final Supplier<Map<String, ProtocolHandler>> handlers;
  private final TokenBucket inboundStreams;
  private final EventLoopScheduler scheduler;
  private YamuxSession session;
  private volatile IdentifyResult identify;

  ConnectionImpl(
      Channel channel,
      PeerId remote,
      boolean outbound,
      Supplier<Map<String, ProtocolHandler>> handlers,
      HostConfig config) {
    this.channel = channel;
    this.remote = remote;
    this.outbound = outbound;
    this.handlers = handlers;
    this.scheduler = new EventLoopScheduler(channel.eventLoop());
    this.remoteAddress = Multiaddr.of((InetSocketAddress) channel.remoteAddress());
    this.inboundStreams =
        new TokenBucket(
            config.inboundStreamBurst(), config.inboundStreamsPerSecond(), scheduler.nowMillis());
  }

  void attach(YamuxSession session) {
    this.session = session;
  }

  /** Called by the yamux session, on the event loop, for each stream the peer opens. */
  void onInboundStream(Stream stream) {
    if (!inboundStreams.tryTake(1, scheduler.nowMillis())) {
      LOG.debug("{} opens streams faster than allowed; resetting one", remote);
      stream.reset();
      return;
    }
    StreamNegotiator.handle(stream, handlers.get())
        .whenComplete(
            (protocol, err) -> {
              if (err != null) {
                LOG.debug("inbound stream from {} not negotiated: {}", remote, err.toString());
              }
            });
  }

  void identified(IdentifyResult result) {
    this.identify = result;
  }

  /** What the peer told us in identify, once it did. */
  Optional<IdentifyResult> identify() {
    return Optional.ofNullable(identify);
  }

  Channel channel() {
    return channel;
  }

  @Override
  public PeerId remotePeer() {
    return remote;
  }

  @Override
  public Multiaddr remoteAddress() {
    return remoteAddress;
  }

  @Override
  public boolean isOutbound() {
    return outbound;
  }

  @Override
  public CompletableFuture<Stream> openStream() {
    if (session == null || !channel.isActive()) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("connection to " + remote + " is closed"));
    }
    return session.openStream();
  }

  @Override
  public boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public CompletableFuture<Void> close(String reason) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    LOG.debug("closing connection to {}: {}", remote, reason);
    channel.close().addListener(f -> done.complete(null));
    return done;
  }

  @Override
  public String toString() {
    return (outbound ? "out:" : "in:") + remote + "@" + remoteAddress;
  }
}
