package org.peerprobe.node.probe;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.peerprobe.consensus.model.FailureClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt to fetch one front: DNS → address policy → TCP connect → TLS (https) → request →
 * first byte → status (→ body). A state machine confined to one event loop: every callback
 * (resolver, connect, handshake, handlers, timers) hops to or runs on {@code loop}, and the first
 * outcome wins; later events are ignored. Nothing here blocks.
 *
 * <p>Failure classes by phase: resolution failure or refused address → DNS; refused or reset
 * connect → CONNECT; handshake failure (untrusted, expired, wrong name, protocol) → TLS; any phase
 * timer or the total timer → TIMEOUT; no valid status line (malformed, closed early) or a status
 * outside the expected set → HTTP_STATUS; expected text missing (or not within {@link
 * ProbeConfig#maxBodyBytes()}, or the body ended or broke first) → BODY_MISMATCH.
 */
final class ProbeAttempt {
  /** Longest status line read from a front. */
  static final int MAX_INITIAL_LINE_BYTES = 4096;

  /** Most header bytes read from a front. */
  static final int MAX_HEADER_BYTES = 16 * 1024;

  /** Largest body chunk the decoder hands on at once. */
  static final int MAX_CHUNK_BYTES = 8192;

  private static final Logger LOG = LoggerFactory.getLogger(ProbeAttempt.class);

  private final FrontSpec front;
  private final AttemptContext ctx;
  private final EventLoop loop;
  private final CompletableFuture<AttemptResult> result = new CompletableFuture<>();
  private final Timings timings;
  private Phase phase = Phase.DNS;
  private int httpStatus;
  private BodyMatcher body;
  private Channel channel;
  private ScheduledFuture<?> phaseTimer;
  private ScheduledFuture<?> totalTimer;
  private boolean done;

  ProbeAttempt(FrontSpec front, AttemptContext ctx, EventLoop loop) {
    this.front = front;
    this.ctx = ctx;
    this.loop = loop;
    this.timings = new Timings(ctx.clock());
  }

  /** Starts on the event loop; the future completes there, never exceptionally for front faults. */
  CompletableFuture<AttemptResult> start() {
    loop.execute(this::begin);
    return result;
  }

  private void begin() {
    timings.start();
    long totalMs = front.timeouts().total().toMillis();
    totalTimer = loop.schedule(() -> timedOut("total"), totalMs, TimeUnit.MILLISECONDS);
    enter(Phase.DNS);
    try {
      ctx.resolver()
          .resolve(front.hostname())
          .whenComplete((addresses, error) -> loop.execute(() -> resolved(addresses, error)));
    } catch (RuntimeException e) {
      fail(FailureClass.DNS, "resolver threw: " + e);
    }
  }

  private void resolved(List<InetAddress> addresses, Throwable error) {
    if (done) {
      return;
    }
    if (error != null) {
      Throwable cause = error instanceof CompletionException ? error.getCause() : error;
      boolean timeout =
          cause instanceof ResolutionException re
              && re.reason() == ResolutionException.Reason.TIMEOUT;
      fail(timeout ? FailureClass.TIMEOUT : FailureClass.DNS, String.valueOf(cause.getMessage()));
      return;
    }
    timings.dnsDone();
    if (addresses == null || addresses.isEmpty()) {
      fail(FailureClass.DNS, "the resolver returned no address");
      return;
    }
    Optional<InetAddress> target = ctx.addresses().firstAllowed(addresses);
    if (target.isEmpty()) {
      InetAddress first = addresses.get(0);
      fail(
          FailureClass.DNS,
          "refused: no public address among "
              + addresses
              + " ("
              + first.getHostAddress()
              + " is "
              + AddressPolicy.refusal(first).orElse("?")
              + "); private addresses are not allowed by the network bundle");
      return;
    }
    connect(new InetSocketAddress(target.get(), front.port()));
  }

  private void connect(InetSocketAddress address) {
    enter(Phase.CONNECT);
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channelFactory(ctx.channels())
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) front.timeouts().connect().toMillis())
            .option(ChannelOption.TCP_NODELAY, true)
            .resolver(NoopAddressResolverGroup.INSTANCE) // resolved above; never on the loop
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    installPipeline(ch);
                  }
                });
    ChannelFuture connected = bootstrap.connect(address);
    channel = connected.channel();
    connected.addListener(f -> connected(f, address));
  }

  private void installPipeline(Channel ch) {
    if (front.tls()) {
      SslHandler ssl = ctx.tls().newHandler(ch.alloc(), front.hostname(), front.port());
      SSLEngine engine = ssl.engine();
      SSLParameters params = engine.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      params.setServerNames(List.of(new SNIHostName(front.hostname())));
      engine.setSSLParameters(params);
      ssl.setHandshakeTimeoutMillis(0); // our TLS phase timer bounds the handshake
      ssl.handshakeFuture().addListener(this::handshaken);
      ch.pipeline().addLast(ssl);
    }
    ch.pipeline()
        .addLast(new FirstByteRecorder(this))
        .addLast(new HttpClientCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, MAX_CHUNK_BYTES))
        .addLast(new ResponseReader(this));
  }

  private void connected(Future<?> f, InetSocketAddress address) {
    if (done) {
      return;
    }
    if (!f.isSuccess()) {
      Throwable cause = f.cause();
      if (cause instanceof ConnectTimeoutException) {
        fail(FailureClass.TIMEOUT, "connect to " + address + " timed out");
      } else {
        fail(FailureClass.CONNECT, "connect to " + address + ": " + cause);
      }
      return;
    }
    timings.connectDone();
    if (front.tls()) {
      enter(Phase.TLS); // the SslHandler starts the handshake as the channel becomes active
    } else {
      sendRequest();
    }
  }

  private void handshaken(Future<?> f) {
    if (done || phase != Phase.TLS) {
      return; // a handshake failing because the connect failed is reported by connected()
    }
    if (!f.isSuccess()) {
      Throwable cause = f.cause();
      if (cause instanceof SslHandshakeTimeoutException) {
        fail(FailureClass.TIMEOUT, "TLS handshake timed out");
      } else {
        fail(FailureClass.TLS, "TLS handshake failed: " + describe(cause));
      }
      return;
    }
    timings.tlsDone();
    sendRequest();
  }

  private void sendRequest() {
    enter(Phase.FIRST_BYTE);
    FullHttpRequest request =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, front.requestTarget());
    request
        .headers()
        .set(HttpHeaderNames.HOST, front.hostHeader())
        .set(HttpHeaderNames.USER_AGENT, ctx.config().userAgent())
        .set(HttpHeaderNames.ACCEPT, "*/*")
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    channel
        .writeAndFlush(request)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                onError(f.cause());
              }
            });
  }

  void onFirstByte() {
    if (done) {
      return;
    }
    timings.firstByte();
    enter(Phase.RESPONSE);
  }

  void onResponse(HttpResponse response) {
    if (done) {
      return;
    }
    if (response.decoderResult().isFailure()) {
      fail(FailureClass.HTTP_STATUS, "malformed response: " + response.decoderResult().cause());
      return;
    }
    int code = response.status().code();
    if (code >= 100 && code < 200 && code != 101) {
      return; // informational (100 Continue, 103 Early Hints): the final response follows
    }
    if (code < 100 || code > 999) {
      fail(FailureClass.HTTP_STATUS, "status code out of range: " + code);
      return;
    }
    httpStatus = code;
    if (!front.expectedStatuses().contains(httpStatus)) {
      fail(FailureClass.HTTP_STATUS, "status " + httpStatus + " not expected");
      return;
    }
    Optional<byte[]> needle = front.bodyContainsUtf8();
    if (needle.isEmpty()) {
      succeed();
    } else {
      body = new BodyMatcher(needle.get(), ctx.config().maxBodyBytes());
    }
  }

  void onContent(HttpContent content) {
    if (done || body == null) {
      return;
    }
    if (content.decoderResult().isFailure()) {
      fail(FailureClass.BODY_MISMATCH, "malformed body: " + content.decoderResult().cause());
      return;
    }
    switch (body.feed(content.content())) {
      case FOUND -> succeed();
      case LIMIT -> fail(FailureClass.BODY_MISMATCH, "text not in the first " + body.bytesSeen());
      case MORE -> {
        if (content instanceof LastHttpContent) {
          fail(FailureClass.BODY_MISMATCH, "text not in the body (" + body.bytesSeen() + " B)");
        }
      }
    }
  }

  void onError(Throwable cause) {
    if (!done) {
      failInPhase("error: " + describe(cause));
    }
  }

  void onClosed() {
    if (!done) {
      failInPhase("the front closed the connection");
    }
  }

  /** A failure that is not a timeout, classified by the phase it happened in. */
  private void failInPhase(String detail) {
    switch (phase) {
      case DNS -> fail(FailureClass.DNS, detail);
      case CONNECT -> fail(FailureClass.CONNECT, detail);
      case TLS -> fail(FailureClass.TLS, detail);
      case FIRST_BYTE, RESPONSE, TOTAL ->
          fail(body != null ? FailureClass.BODY_MISMATCH : FailureClass.HTTP_STATUS, detail);
    }
  }

  private void timedOut(String which) {
    if (!done) {
      fail(FailureClass.TIMEOUT, which + " timeout (" + timeoutOf(which) + ") in phase " + phase);
    }
  }

  private Object timeoutOf(String which) {
    return which.equals("total") ? front.timeouts().total() : front.timeouts().of(phase);
  }

  /** Moves to {@code next} and arms its timer; RESPONSE has none (the total timer bounds it). */
  private void enter(Phase next) {
    phase = next;
    cancel(phaseTimer);
    phaseTimer = null;
    if (next != Phase.RESPONSE && next != Phase.TOTAL) {
      long ms = front.timeouts().of(next).toMillis();
      phaseTimer = loop.schedule(() -> timedOut(next.name()), ms, TimeUnit.MILLISECONDS);
    }
  }

  private void succeed() {
    finish(AttemptResult.success(httpStatus, timings.snapshot()));
  }

  private void fail(FailureClass failure, String detail) {
    finish(AttemptResult.failed(failure, phase, httpStatus, timings.snapshot(), detail));
  }

  private void finish(AttemptResult r) {
    done = true;
    cancel(phaseTimer);
    cancel(totalTimer);
    if (channel != null) {
      channel.close();
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "front {} attempt: {} in phase {} status {} {} {}",
          front.id(),
          r.failure().map(Enum::name).orElse("OK"),
          r.failedPhase().map(Enum::name).orElse("-"),
          r.httpStatus(),
          r.timings().toJson(),
          r.detail());
    }
    result.complete(r);
  }

  private static void cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  private static String describe(Throwable t) {
    Throwable root = t;
    for (int i = 0; i < 8 && root.getCause() != null; i++) {
      root = root.getCause();
    }
    return root == t ? String.valueOf(t) : t.getClass().getSimpleName() + ": " + root;
  }
}
