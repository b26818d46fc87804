package org.peerprobe.node.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;

/**
 * A real HTTP or HTTPS front on {@code 127.0.0.1} (an ephemeral port) whose behaviour tests switch
 * at runtime: healthy, 5xx, hanging, slow first byte, wrong body (per request, optionally cycling
 * through a sequence so that e.g. every other request fails); valid, expired, self-signed or
 * wrong-name certificate, or a stalled handshake (per connection); refusing connections (the
 * listening socket closed, reopened on the same port by {@link #resume()}).
 *
 * <p>It records the {@code Host} header and the SNI name of every request, so tests can check that
 * a front is probed by its own name. Serves any path; the healthy body contains {@link
 * #HEALTHY_TEXT}. Runs on the caller's event-loop group; thread-safe; {@link #close()} stops
 * listening and closes open connections. Creating, {@link #refuse()}, {@link #resume()} and {@link
 * #close()} wait (at most {@link #IO_DEADLINE}) for the bind or close: call them from a test or
 * demo thread, never from an event loop.
 */
public final class TestFront implements AutoCloseable {
  /** Text in every healthy body. */
  public static final String HEALTHY_TEXT = "peerprobe test front is healthy";

  /** How long a bind or close may take before the fixture gives up. */
  static final Duration IO_DEADLINE = Duration.ofSeconds(5);

  /** What the front does with one HTTP request. */
  public enum Behaviour {
    /** 200 with a body containing {@link #HEALTHY_TEXT}. */
    HEALTHY,
    /** 503. */
    SERVER_ERROR,
    /** Reads the request and never answers (the connection stays open). */
    HANG,
    /** Healthy, but only after {@link #slowDelay(Duration)} (default 1 s). */
    SLOW_FIRST_BYTE,
    /** 200 with a body that lacks {@link #HEALTHY_TEXT}. */
    WRONG_BODY,
    /** 302 to {@link #REDIRECT_TARGET}. */
    REDIRECT,
    /** Reads the request and closes the connection without a word. */
    CLOSE,
    /** Sends {@code 103 Early Hints} first, then behaves as {@link #HEALTHY}. */
    EARLY_HINTS
  }

  /** Where a {@link Behaviour#REDIRECT} front sends clients. */
  public static final String REDIRECT_TARGET = "https://elsewhere.test/";

  /**
   * One request as the front saw it.
   *
   * @param method e.g. GET
   * @param target the request target (path and query)
   * @param host the {@code Host} header ("" when absent)
   * @param userAgent the {@code User-Agent} header ("" when absent)
   * @param connection the {@code Connection} header ("" when absent)
   */
  public record Request(
      String method, String target, String host, String userAgent, String connection) {}

  /** What an HTTPS front does in the TLS handshake of a new connection. */
  public enum Tls {
    /** A certificate from the test CA for the front names. */
    VALID,
    /** The front names, from the test CA, expired yesterday. */
    EXPIRED,
    /** The front names, valid dates, but self-signed. */
    SELF_SIGNED,
    /** From the test CA, valid dates, but for {@link TestPki#WRONG_NAME}. */
    WRONG_NAME,
    /** Accepts the connection and never answers the ClientHello. */
    STALL
  }

  private final EventLoopGroup group;
  private final boolean https;
  private final Map<Tls, SslContext> serverContexts = new EnumMap<>(Tls.class);
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger requestsAtCycleStart = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Request> seen = new CopyOnWriteArrayList<>();
  private final List<String> sniNames = new CopyOnWriteArrayList<>();
  private final List<Channel> open = new CopyOnWriteArrayList<>();
  private volatile List<Behaviour> behaviours = List.of(Behaviour.HEALTHY);
  private volatile Tls tls = Tls.VALID;
  private volatile Duration slowDelay = Duration.ofSeconds(1);
  private final int port;
  private volatile Channel server;

  private TestFront(EventLoopGroup group, boolean https) {
    this.group = group;
    this.https = https;
    if (https) {
      TestPki pki = TestPki.get();
      serverContexts.put(Tls.VALID, TestPki.serverContext(pki.valid()));
      serverContexts.put(Tls.EXPIRED, TestPki.serverContext(pki.expired()));
      serverContexts.put(Tls.SELF_SIGNED, TestPki.serverContext(pki.selfSigned()));
      serverContexts.put(Tls.WRONG_NAME, TestPki.serverContext(pki.wrongName()));
    }
    this.port = bind(0);
  }

  /** A plain HTTP front, listening. */
  public static TestFront http(EventLoopGroup group) {
    return new TestFront(group, false);
  }

  /** An HTTPS front presenting {@link TestPki} certificates, listening. */
  public static TestFront https(EventLoopGroup group) {
    return new TestFront(group, true);
  }

  public int port() {
    return port;
  }

  public InetAddress address() {
    return InetAddress.getLoopbackAddress();
  }

  /** The URL of this front's health page under {@code hostname} (map it to {@link #address()}). */
  public String url(String hostname) {
    return (https ? "https://" : "http://") + hostname + ":" + port + "/health";
  }

  /** From now on every request gets {@code behaviour}. */
  public TestFront behave(Behaviour behaviour) {
    return cycle(behaviour);
  }

  /** From now on request n (counting from 0 at this call) gets {@code sequence[n % length]}. */
  public TestFront cycle(Behaviour... sequence) {
    if (sequence.length == 0) {
      throw new IllegalArgumentException("at least one behaviour");
    }
    requestsAtCycleStart.set(requests.get());
    behaviours = List.of(sequence);
    return this;
  }

  /** How a {@link Behaviour#SLOW_FIRST_BYTE} front delays its answer. */
  public TestFront slowDelay(Duration delay) {
    slowDelay = delay;
    return this;
  }

  /** What new HTTPS connections see in the handshake. */
  public TestFront tls(Tls mode) {
    if (!https) {
      throw new IllegalStateException("not an HTTPS front");
    }
    tls = mode;
    return this;
  }

  /** Stops listening (new connections are refused) and drops open connections. */
  public void refuse() {
    Channel s = server;
    server = null;
    if (s != null) {
      awaitIo(s.close(), "close the listening socket");
    }
    open.forEach(Channel::close);
  }

  /** Listens again, on the same port. */
  public void resume() {
    if (server == null) {
      bind(port);
    }
  }

  /** HTTP requests received (complete request heads). */
  public int requests() {
    return requests.get();
  }

  /** TCP connections accepted. */
  public int connections() {
    return connections.get();
  }

  /** Every request received, in order. */
  public List<Request> seen() {
    return List.copyOf(seen);
  }

  /** The {@code Host} header of every request, in order. */
  public List<String> hostHeaders() {
    return seen.stream().map(Request::host).toList();
  }

  /** The SNI host name of every completed TLS handshake, in order ("" when none was sent). */
  public List<String> sniNames() {
    return List.copyOf(sniNames);
  }

  @Override
  public void close() {
    refuse();
  }

  /** The behaviour for the request just counted as number {@code n} (from 0). */
  Behaviour behaviourFor(int n) {
    List<Behaviour> seq = behaviours;
    int index = Math.floorMod(n - requestsAtCycleStart.get(), seq.size());
    return seq.get(index);
  }

  int countRequest(Request request) {
    seen.add(request);
    return requests.getAndIncrement();
  }

  Duration slowDelay() {
    return slowDelay;
  }

  private int bind(int wanted) {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    accept(ch);
                  }
                });
    var bound = b.bind(new InetSocketAddress(address(), wanted));
    awaitIo(bound, "bind 127.0.0.1:" + wanted);
    server = bound.channel();
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  private void accept(SocketChannel ch) {
    connections.incrementAndGet();
    open.add(ch);
    ch.closeFuture().addListener(f -> open.remove(ch));
    if (https) {
      Tls mode = tls;
      if (mode == Tls.STALL) {
        ch.pipeline().addLast(new Discard());
        return;
      }
      SslHandler ssl = serverContexts.get(mode).newHandler(ch.alloc());
      ssl.handshakeFuture()
          .addListener(
              f -> {
                if (f.isSuccess()) {
                  sniNames.add(sni(ssl));
                }
              });
      ch.pipeline().addLast(ssl);
    }
    ch.pipeline()
        .addLast(new HttpServerCodec())
        .addLast(new HttpObjectAggregator(64 * 1024))
        .addLast(new FrontHandler(this));
  }

  private static String sni(SslHandler ssl) {
    if (ssl.engine().getSession() instanceof ExtendedSSLSession s) {
      for (SNIServerName n : s.getRequestedServerNames()) {
        if (n instanceof SNIHostName h) {
          return h.getAsciiName();
        }
      }
    }
    return "";
  }

  private static void awaitIo(Future<?> f, String what) {
    if (!f.awaitUninterruptibly(IO_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("test front could not " + what + " in " + IO_DEADLINE);
    }
    if (!f.isSuccess()) {
      throw new IllegalStateException("test front could not " + what, f.cause());
    }
  }

  /** Swallows every inbound byte and never answers: a stalled TLS server. */
  private static final class Discard extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }
  }
}
