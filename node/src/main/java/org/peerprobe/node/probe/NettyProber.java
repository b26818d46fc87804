package org.peerprobe.node.probe;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLException;
import org.peerprobe.consensus.model.Observation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Prober} on Netty: each probe runs its attempts one after another on one event loop of
 * a shared group (see {@link ProbeAttempt} for one attempt, {@link AttemptTally} for how attempts
 * become an observation). Nothing blocks an event loop: DNS goes through an asynchronous or
 * off-loop {@link HostResolver}, connect, TLS and HTTP are Netty, timeouts are event-loop timers.
 *
 * <p>Construct with {@link #builder(ProbeConfig, EventLoopGroup)}. In production the defaults
 * apply: the system resolver (or dnsjava when the config names resolvers), the JDK trust store, the
 * system clock and NIO sockets. Tests and the demo inject a {@link StaticHostResolver} and a TLS
 * context that trusts their own CA. {@link #close()} releases what the prober created itself (the
 * system resolver's threads), never the event-loop group.
 */
public final class NettyProber implements Prober, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NettyProber.class);

  private final AttemptContext ctx;
  private final EventLoopGroup group;
  private final boolean ownsResolver;

  private NettyProber(AttemptContext ctx, EventLoopGroup group, boolean ownsResolver) {
    this.ctx = ctx;
    this.group = group;
    this.ownsResolver = ownsResolver;
  }

  public static Builder builder(ProbeConfig config, EventLoopGroup group) {
    return new Builder(config, group);
  }

  /**
   * The production client TLS context: JDK provider, TLS 1.3 and 1.2, the JDK's default trust store
   * (which checks validity dates); SNI and hostname verification are set on every attempt.
   */
  public static SslContext defaultTlsContext() {
    try {
      return SslContextBuilder.forClient()
          .sslProvider(SslProvider.JDK)
          .protocols("TLSv1.3", "TLSv1.2")
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("this JDK cannot make a TLS client context", e);
    }
  }

  @Override
  public CompletableFuture<Observation> probe(FrontSpec front, long roundStartMillis) {
    long deadline = roundStartMillis + ctx.config().roundBudget().toMillis();
    EventLoop loop = group.next();
    AttemptTally tally = new AttemptTally(front.attempts());
    CompletableFuture<Observation> out = new CompletableFuture<>();
    try {
      loop.execute(() -> next(front, loop, tally, deadline, out));
    } catch (RejectedExecutionException e) {
      out.completeExceptionally(new IllegalStateException("the event-loop group is shut down", e));
    }
    return out;
  }

  /** Runs on {@code loop}: starts another attempt, or reports. */
  private void next(
      FrontSpec front,
      EventLoop loop,
      AttemptTally tally,
      long deadline,
      CompletableFuture<Observation> out) {
    try {
      long now = ctx.clock().epochMillis();
      boolean fits = now + front.timeouts().total().toMillis() <= deadline;
      if (tally.made() > 0 && (tally.decided() || !fits)) {
        report(front, tally, fits, out);
        return;
      }
      new ProbeAttempt(front, ctx, loop)
          .start()
          .whenComplete(
              (result, error) -> {
                if (error != null) {
                  out.completeExceptionally(error);
                  return;
                }
                tally.add(result);
                loop.execute(() -> next(front, loop, tally, deadline, out));
              });
    } catch (RuntimeException e) {
      out.completeExceptionally(e);
    }
  }

  private void report(
      FrontSpec front, AttemptTally tally, boolean fits, CompletableFuture<Observation> out) {
    Observation o = tally.toObservation(front.id(), ctx.clock().epochMillis());
    if (!fits && !tally.decided()) {
      LOG.info(
          "front {}: round budget spent after {} of {} attempts",
          front.id(),
          tally.made(),
          front.attempts());
    }
    if (tally.down()) {
      List<AttemptResult> results = tally.results();
      LOG.info(
          "front {} DOWN ({}) after {} attempts {}; last failure: {}",
          front.id(),
          o.failure().orElseThrow(),
          tally.made(),
          results.stream().map(NettyProber::brief).toList(),
          results.stream()
              .filter(r -> !r.succeeded())
              .reduce((a, b) -> b)
              .map(AttemptResult::detail)
              .orElse("-"));
    }
    out.complete(o);
  }

  private static String brief(AttemptResult r) {
    return r.failure().map(f -> f + "@" + r.failedPhase().orElseThrow()).orElse("OK");
  }

  @Override
  public void close() {
    if (ownsResolver) {
      ctx.resolver().close();
    }
  }

  /** Builder; every setting but the config and the group has a production default. */
  public static final class Builder {
    private final ProbeConfig config;
    private final EventLoopGroup group;
    private HostResolver resolver;
    private SslContext tls;
    private ProbeClock clock = ProbeClock.system();
    private ChannelFactory<? extends Channel> channels = NioSocketChannel::new;

    private Builder(ProbeConfig config, EventLoopGroup group) {
      if (config == null || group == null) {
        throw new IllegalArgumentException("config and event-loop group are required");
      }
      this.config = config;
      this.group = group;
    }

    /**
     * The resolver to use instead of the default (the system resolver, or dnsjava with the config's
     * resolvers). The prober does not close an injected resolver.
     */
    public Builder resolver(HostResolver v) {
      resolver = v;
      return this;
    }

    /** The client TLS context (trust store); default {@link #defaultTlsContext()}. */
    public Builder tlsContext(SslContext v) {
      if (v != null && !v.isClient()) {
        throw new IllegalArgumentException("the TLS context must be a client context");
      }
      tls = v;
      return this;
    }

    public Builder clock(ProbeClock v) {
      clock = v;
      return this;
    }

    /** Client channels matching the group's transport; default NIO. */
    public Builder channelFactory(ChannelFactory<? extends Channel> v) {
      channels = v;
      return this;
    }

    public NettyProber build() {
      boolean owns = resolver == null;
      HostResolver r = resolver;
      if (r == null) {
        r =
            config.resolvers().isEmpty()
                ? SystemHostResolver.start()
                : new DnsjavaHostResolver(config.resolvers(), config.resolverTimeout(), group);
      }
      AttemptContext ctx =
          new AttemptContext(
              config,
              r,
              new AddressPolicy(config.allowPrivateAddresses()),
              tls != null ? tls : defaultTlsContext(),
              clock,
              channels);
      return new NettyProber(ctx, group, owns);
    }
  }
}
