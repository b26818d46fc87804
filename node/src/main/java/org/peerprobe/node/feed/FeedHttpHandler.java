package org.peerprobe.node.feed;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.peerprobe.consensus.crypto.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one connection's requests: method and rate checks, then the route, then the common
 * headers (CORS, caching, ETag, nosniff). Every refusal is a JSON error; a failure of ours is a 500
 * whose body says only that, with the cause logged here.
 */
final class FeedHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(FeedHttpHandler.class);

  /**
   * The status page loads nothing from elsewhere and runs no inline script: the browser enforces
   * it, so a string from the API that slipped into markup still could not run or phone home.
   */
  static final String PAGE_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final FeedRoutes routes;
  private final ClientBudgets budgets;

  FeedHttpHandler(FeedRoutes routes, ClientBudgets budgets) {
    this.routes = routes;
    this.budgets = budgets;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    boolean head = req.method().equals(HttpMethod.HEAD);
    String etagAsked = req.headers().get(HttpHeaderNames.IF_NONE_MATCH);
    if (req.decoderResult().isFailure()) {
      Throwable cause = req.decoderResult().cause();
      FeedResponse r =
          cause instanceof TooLongHttpLineException
              ? FeedResponse.error(414, "too_large", "request line over 4096 bytes")
              : cause instanceof TooLongHttpHeaderException
                      || cause instanceof TooLongFrameException
                  ? FeedResponse.error(431, "too_large", "request headers over 8192 bytes")
                  : FeedResponse.error(400, "bad_request", "malformed HTTP request");
      write(ctx, r, false, false, null);
      return;
    }
    if (req.method().equals(HttpMethod.OPTIONS)) {
      FullHttpResponse pre =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
      cors(pre.headers());
      pre.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, 86400);
      finish(ctx, pre, keepAlive);
      return;
    }
    if (!head && !req.method().equals(HttpMethod.GET)) {
      FeedResponse r =
          FeedResponse.error(
              405, "method_not_allowed", req.method() + " is not allowed: the feed is read-only");
      write(ctx, r, keepAlive, false, null);
      return;
    }
    if (!budgets.tryTake(clientOf(ctx))) {
      write(
          ctx,
          FeedResponse.error(429, "rate_limited", "too many requests from this address"),
          keepAlive,
          head,
          null);
      return;
    }
    FeedRequest parsed = FeedRequest.parse(req.uri());
    if (parsed.path().equals("/v1/events")) {
      openStream(ctx, head);
      return;
    }
    CompletableFuture<FeedResponse> answer;
    try {
      answer = routes.answer(parsed, req.headers().get(HttpHeaderNames.HOST));
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete(
        (r, err) -> {
          FeedResponse out = err == null ? r : refusal(err, parsed.path());
          write(ctx, out, keepAlive, head, etagAsked);
        });
  }

  private void openStream(ChannelHandlerContext ctx, boolean head) {
    HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    res.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .set(HttpHeaderNames.CACHE_CONTROL, FeedResponse.Cache.NO_STORE.header())
        .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    common(res.headers());
    if (head || !routes.events().add(ctx.channel())) {
      write(
          ctx,
          head
              ? new FeedResponse(
                  200, "text/event-stream; charset=utf-8", new byte[0], FeedResponse.Cache.NO_STORE)
              : FeedResponse.error(503, "unavailable", "too many event streams open; retry later"),
          false,
          head,
          null);
      return;
    }
    ctx.write(res);
    ctx.writeAndFlush(
        new DefaultHttpContent(
            Unpooled.wrappedBuffer(
                "retry: 3000\n: peerprobe events\n\n".getBytes(StandardCharsets.UTF_8))));
  }

  private static FeedResponse refusal(Throwable err, String path) {
    Throwable cause =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (cause instanceof FeedException f) {
      return FeedResponse.error(f.status(), f.code(), f.getMessage());
    }
    if (cause instanceof java.util.concurrent.RejectedExecutionException) {
      return FeedResponse.error(503, "unavailable", "the node is busy building evidence; retry");
    }
    LOG.warn("feed: {} failed", path, cause);
    return FeedResponse.error(500, "internal", "the node could not answer this request");
  }

  private static void write(
      ChannelHandlerContext ctx,
      FeedResponse r,
      boolean keepAlive,
      boolean head,
      String etagAsked) {
    String etag = null;
    if (r.status() == 200 && r.cache() != FeedResponse.Cache.NO_STORE) {
      etag = '"' + HexFormat.of().formatHex(Sha256.digest(r.body()), 0, 16) + '"';
    }
    boolean notModified = etag != null && etag.equals(etagAsked);
    FullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(notModified ? 304 : r.status()),
            head || notModified ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
    HttpHeaders h = res.headers();
    h.set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    h.set(HttpHeaderNames.CACHE_CONTROL, r.cache().header());
    if (etag != null) {
      h.set(HttpHeaderNames.ETAG, etag);
    }
    if (r.status() == 429) {
      h.set(HttpHeaderNames.RETRY_AFTER, 1);
    }
    if (r.cache() == FeedResponse.Cache.STATIC) {
      h.set("Content-Security-Policy", PAGE_POLICY);
    }
    common(h);
    h.setInt(HttpHeaderNames.CONTENT_LENGTH, notModified ? 0 : r.body().length);
    finish(ctx, res, keepAlive);
  }

  private static void common(HttpHeaders h) {
    cors(h);
    h.set("X-Content-Type-Options", "nosniff");
  }

  private static void cors(HttpHeaders h) {
    h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS");
    h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "If-None-Match");
    h.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "ETag, Retry-After");
  }

  private static void finish(ChannelHandlerContext ctx, FullHttpResponse res, boolean keepAlive) {
    HttpUtil.setKeepAlive(res, keepAlive);
    ChannelFuture f = ctx.writeAndFlush(res);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static String clientOf(ChannelHandlerContext ctx) {
    return ctx.channel().remoteAddress() instanceof InetSocketAddress a
        ? a.getAddress().getHostAddress()
        : "local";
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("feed connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
