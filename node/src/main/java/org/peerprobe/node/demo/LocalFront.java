package org.peerprobe.node.demo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP/1.1 front on 127.0.0.1 whose health can be switched: while healthy it answers 200
 * with a page naming itself; while failing it answers 503 with an error page, as a broken CDN does.
 * Thread-safe.
 */
public final class LocalFront implements AutoCloseable {
  /** Largest request accepted. */
  public static final int MAX_REQUEST_BYTES = 16 * 1024;

  private final String name;
  private final Channel server;
  private final AtomicLong requests = new AtomicLong();
  private volatile boolean healthy = true;

  private LocalFront(String name, EventLoopGroup group) {
    this.name = name;
    this.server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                        .addLast(new Responder());
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .syncUninterruptibly()
            .channel();
  }

  /** Starts a healthy front on an ephemeral loopback port. */
  public static LocalFront start(String name, EventLoopGroup group) {
    return new LocalFront(name, group);
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  public String name() {
    return name;
  }

  public boolean isHealthy() {
    return healthy;
  }

  public void setHealthy(boolean healthy) {
    this.healthy = healthy;
  }

  public long requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
  }

  private final class Responder extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      requests.incrementAndGet();
      boolean ok = healthy;
      String body =
          ok
              ? "<html><body><h1>" + name + "</h1><p>served by " + name + "</p></body></html>\n"
              : "<html><body><h1>503 Service Unavailable</h1><p>"
                  + name
                  + " cannot reach the origin</p></body></html>\n";
      FullHttpResponse res =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
              Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
      res.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
          .set(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes())
          .set(HttpHeaderNames.CONNECTION, "close");
      ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
