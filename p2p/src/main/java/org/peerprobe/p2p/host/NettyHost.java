package org.peerprobe.p2p.host;

import com.google.protobuf.ByteString;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.identify.Identify;
import org.peerprobe.p2p.identify.IdentifyRequester;
import org.peerprobe.p2p.identify.IdentifyResponder;
import org.peerprobe.p2p.mss.StreamNegotiator;
import org.peerprobe.p2p.ping.Ping;
import org.peerprobe.p2p.stream.ProtocolHandler;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.yamux.YamuxConfig;
import org.peerprobe.p2p.yamux.YamuxSession;

/**
 * A {@link Host} on Netty NIO TCP. All connections share the caller's event-loop group; each
 * connection's state lives on its channel's event loop. Identify is served and requested on every
 * connection.
 */
public final class NettyHost implements Host {
  private static final InternalLogger LOG = InternalLoggerFactory.getInstance(NettyHost.class);

  private final HostConfig config;
  private final EventLoopGroup group;
  private final Map<String, ProtocolHandler> handlers = new ConcurrentHashMap<>();
  private final List<ConnectionImpl> connections = new CopyOnWriteArrayList<>();
  private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
  private final List<Channel> servers = new CopyOnWriteArrayList<>();
  private final List<Multiaddr> listenAddrs = new CopyOnWriteArrayList<>();
  private final TrafficCounter traffic = new TrafficCounter();
  private volatile boolean stopped;
  private volatile BootstrapDialer bootstrap;

  public NettyHost(HostConfig config, EventLoopGroup group) {
    this.config = config;
    this.group = group;
    handlers.put(Ping.PROTOCOL_ID, Ping.responder());
  }

  /**
   * Dials the configured bootstrap peers and keeps redialing each, with backoff, whenever it is not
   * connected. Idempotent.
   */
  public synchronized void connectBootstrapPeers() {
    if (bootstrap == null && !config.bootstrapPeers().isEmpty()) {
      bootstrap =
          new BootstrapDialer(
              this,
              new org.peerprobe.p2p.core.EventLoopScheduler(group.next()),
              config.backoff(),
              config.bootstrapPeers());
      bootstrap.start();
    }
  }

  /** Measures the round-trip time to a connected peer with {@code /ipfs/ping/1.0.0}. */
  public CompletableFuture<Duration> ping(PeerId peer) {
    return newStream(peer, List.of(Ping.PROTOCOL_ID))
        .thenCompose(s -> new Ping(config.random()).ping(s));
  }

  /** Bytes sent and received on all of this host's connections since it started. */
  public TrafficCounter traffic() {
    return traffic;
  }

  @Override
  public PeerId peerId() {
    return config.key().peerId();
  }

  HostConfig config() {
    return config;
  }

  @Override
  public CompletableFuture<Multiaddr> listen(Multiaddr addr) {
    InetSocketAddress at =
        addr.tcpAddress()
            .map(a -> new InetSocketAddress(a.getHostString(), a.getPort()))
            .orElseThrow(() -> new IllegalArgumentException("not a TCP multiaddr: " + addr));
    CompletableFuture<Multiaddr> bound = new CompletableFuture<>();
    new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(initializer(false, Optional.empty(), null))
        .bind(at)
        .addListener(
            (ChannelFuture f) -> {
              if (!f.isSuccess()) {
                bound.completeExceptionally(f.cause());
                return;
              }
              servers.add(f.channel());
              Multiaddr a =
                  Multiaddr.of((InetSocketAddress) f.channel().localAddress()).withPeerId(peerId());
              listenAddrs.add(a);
              bound.complete(a);
            });
    return bound;
  }

  @Override
  public List<Multiaddr> listenAddresses() {
    return List.copyOf(listenAddrs);
  }

  @Override
  public CompletableFuture<Connection> dial(Multiaddr addr) {
    Optional<PeerId> expected = addr.peerId();
    if (expected.isPresent()) {
      Optional<ConnectionImpl> existing = connection(expected.get());
      if (existing.isPresent()) {
        return CompletableFuture.completedFuture(existing.get());
      }
      if (expected.get().equals(peerId())) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("cannot dial self"));
      }
    }
    InetSocketAddress target =
        addr.tcpAddress()
            .orElseThrow(() -> new IllegalArgumentException("not a TCP multiaddr: " + addr));
    CompletableFuture<Connection> connected = new CompletableFuture<>();
    new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.dialTimeout().toMillis())
        .handler(initializer(true, expected, connected))
        .connect(new InetSocketAddress(target.getHostString(), target.getPort()))
        .addListener(
            (ChannelFuture f) -> {
              if (!f.isSuccess()) {
                connected.completeExceptionally(f.cause());
              }
            });
    return connected;
  }

  private ChannelInitializer<SocketChannel> initializer(
      boolean outbound, Optional<PeerId> expected, CompletableFuture<Connection> connected) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        if (stopped || (!outbound && connections.size() >= config.maxConnections())) {
          LOG.debug("refusing inbound connection from {}: at capacity", ch.remoteAddress());
          ch.close();
          return;
        }
        ConnectionImpl[] holder = new ConnectionImpl[1];
        ConnectionUpgrader upgrader =
            new ConnectionUpgrader(
                outbound,
                config.key(),
                expected,
                config.dialTimeout(),
                remote -> {
                  holder[0] =
                      new ConnectionImpl(
                          ch, remote, outbound, () -> handlersFor(holder[0]), config);
                  return new YamuxSession(
                      outbound, remote, YamuxConfig.DEFAULT, s -> holder[0].onInboundStream(s));
                });
        ch.pipeline().addLast("traffic", traffic);
        ch.pipeline().addLast("mss-noise", upgrader.firstStage());
        ch.pipeline().addLast("upgrader", upgrader);
        ch.pipeline().addLast("guard", new Guard());
        upgrader
            .result()
            .whenComplete(
                (up, err) -> {
                  if (err != null) {
                    LOG.debug("upgrade of {} failed: {}", ch.remoteAddress(), err.toString());
                    if (connected != null) {
                      connected.completeExceptionally(err);
                    }
                    return;
                  }
                  ConnectionImpl c = holder[0];
                  c.attach(up.session());
                  established(c);
                  if (connected != null) {
                    connected.complete(c);
                  }
                });
      }
    };
  }

  private void established(ConnectionImpl c) {
    connections.add(c);
    c.channel()
        .closeFuture()
        .addListener(
            f -> {
              connections.remove(c);
              for (ConnectionListener l : listeners) {
                l.onDisconnected(c, "closed");
              }
            });
    for (ConnectionListener l : listeners) {
      l.onConnected(c);
    }
    c.openStream()
        .thenCompose(s -> StreamNegotiator.select(s, List.of(Identify.PROTOCOL_ID)))
        .thenCompose(IdentifyRequester::request)
        .whenComplete(
            (result, err) -> {
              if (err != null) {
                LOG.debug("identify of {} failed: {}", c.remotePeer(), err.toString());
                return;
              }
              c.identified(result);
              for (ConnectionListener l : listeners) {
                l.onIdentified(c, result);
              }
            });
  }

  private Map<String, ProtocolHandler> handlersFor(ConnectionImpl c) {
    Map<String, ProtocolHandler> all = new LinkedHashMap<>(handlers);
    all.put(Identify.PROTOCOL_ID, new IdentifyResponder(s -> identifyMessage(c)));
    return all;
  }

  private Identify identifyMessage(ConnectionImpl c) {
    List<ByteString> addrs = new ArrayList<>();
    for (Multiaddr a : listenAddrs) {
      addrs.add(ByteString.copyFrom(a.withoutPeerId().toBytes()));
    }
    List<String> protocols = new ArrayList<>(handlers.keySet());
    protocols.add(Identify.PROTOCOL_ID);
    protocols.sort(null);
    return new Identify(
        ByteString.copyFrom(config.key().publicKeyProtobuf()),
        addrs,
        protocols,
        ByteString.copyFrom(c.remoteAddress().toBytes()),
        Identify.PROTOCOL_VERSION,
        config.agentVersion());
  }

  Optional<ConnectionImpl> connection(PeerId peer) {
    return connections.stream().filter(c -> c.remotePeer().equals(peer) && c.isOpen()).findFirst();
  }

  @Override
  public CompletableFuture<Stream> newStream(PeerId peer, List<String> protocols) {
    Optional<ConnectionImpl> c = connection(peer);
    if (c.isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalStateException("not connected to " + peer));
    }
    return c.get()
        .openStream()
        .thenCompose(s -> StreamNegotiator.select(s, protocols))
        .thenApply(s -> (Stream) s);
  }

  @Override
  public void setProtocolHandler(String protocol, ProtocolHandler handler) {
    handlers.put(protocol, handler);
  }

  @Override
  public Set<String> protocols() {
    return Set.copyOf(handlers.keySet());
  }

  @Override
  public List<Connection> connections() {
    return List.copyOf(connections);
  }

  @Override
  public void addListener(ConnectionListener listener) {
    listeners.add(listener);
  }

  @Override
  public CompletableFuture<Void> stop() {
    stopped = true;
    BootstrapDialer b = bootstrap;
    if (b != null) {
      b.stop();
    }
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (Channel s : servers) {
      CompletableFuture<Void> f = new CompletableFuture<>();
      s.close().addListener(x -> f.complete(null));
      closing.add(f);
    }
    for (ConnectionImpl c : connections) {
      closing.add(c.close("host stopping"));
    }
    return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
  }

  /** Last handler: a peer's garbage that escaped a stage closes its connection, never the node. */
  private static final class Guard extends ChannelInboundHandlerAdapter {
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof BadPeerException) {
        LOG.debug("closing {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
      } else {
        LOG.warn("closing " + ctx.channel().remoteAddress() + " after an unexpected error", cause);
      }
      ctx.close();
    }
  }
}
