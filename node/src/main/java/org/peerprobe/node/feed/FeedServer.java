package org.peerprobe.node.feed;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.peerprobe.node.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed's HTTP server: binds the feed address on the given event loops and serves {@code
 * docs/feed.md}. Read-only: it takes nothing from a client but the request line and headers.
 */
public final class FeedServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeedServer.class);

  private final EventHub events;
  private final Channel channel;
  private final ChannelGroup connections;

  private FeedServer(EventHub events, Channel channel, ChannelGroup connections) {
    this.events = events;
    this.channel = channel;
    this.connections = connections;
  }

  /**
   * Starts serving on {@code address} (port 0 picks a free one).
   *
   * @param live the node's live state
   * @param store the node's store
   * @param evidence builds evidence files
   * @param metrics the Prometheus exposition
   * @param events the live event streams (fed by the node's {@link LiveTracker})
   * @throws java.io.UncheckedIOException when the address cannot be bound
   */
  public static FeedServer start(
      InetSocketAddress address,
      EventLoopGroup group,
      Supplier<LiveState> live,
      Store store,
      EvidenceSource evidence,
      Supplier<String> metrics,
      EventHub events,
      LongSupplier clock) {
    String host = address.getHostString() + ":" + address.getPort();
    FeedRoutes routes = new FeedRoutes(live, store, evidence, metrics, events, clock, host);
    ClientBudgets budgets =
        new ClientBudgets(
            clock, FeedLimits.REQUESTS_PER_SECOND_PER_CLIENT, FeedLimits.REQUEST_BURST_PER_CLIENT);
    AtomicInteger connections = new AtomicInteger();
    ChannelGroup open = new DefaultChannelGroup("feed-connections", group.next());
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(
                    FeedLimits.MAX_SSE_BACKLOG_BYTES / 2, FeedLimits.MAX_SSE_BACKLOG_BYTES))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (connections.incrementAndGet() > FeedLimits.MAX_CONNECTIONS) {
                      connections.decrementAndGet();
                      ch.close();
                      return;
                    }
                    ch.closeFuture().addListener(f -> connections.decrementAndGet());
                    open.add(ch);
                    ch.pipeline()
                        .addLast(
                            new IdleStateHandler(
                                0, 0, FeedLimits.IDLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                        .addLast(
                            new HttpServerCodec(
                                FeedLimits.MAX_REQUEST_LINE_BYTES,
                                FeedLimits.MAX_HEADER_BYTES,
                                8192))
                        .addLast(new HttpObjectAggregator(FeedLimits.MAX_BODY_BYTES))
                        .addLast(new FeedHttpHandler(routes, budgets));
                  }
                });
    Channel ch;
    try {
      ch = b.bind(address).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      throw new java.io.UncheckedIOException(
          new java.io.IOException("cannot serve the feed on " + host + ": " + e.getMessage(), e));
    }
    FeedServer server = new FeedServer(events, ch, open);
    LOG.info("health feed on http://{}/", hostPort((InetSocketAddress) ch.localAddress()));
    return server;
  }

  /** The address it listens on. */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** {@code http://host:port} of the feed. */
  public String url() {
    return "http://" + hostPort(address());
  }

  private static String hostPort(InetSocketAddress a) {
    String h = a.getAddress().getHostAddress();
    return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    events.close();
    connections.close().awaitUninterruptibly(); // kept-alive clients too, not only the listener
  }
}
