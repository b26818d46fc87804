package org.peerprobe.node.testing;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Answers one {@link TestFront} request as the front's current behaviour says. */
final class FrontHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  static final String HEALTHY_BODY =
      "<!doctype html><title>front</title><p>" + TestFront.HEALTHY_TEXT + "</p>\n";
  static final String WRONG_BODY = "<!doctype html><title>parked</title><p>maintenance</p>\n";

  private final TestFront front;

  FrontHandler(TestFront front) {
    this.front = front;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    int n =
        front.countRequest(
            new TestFront.Request(
                request.method().name(),
                request.uri(),
                request.headers().get(HttpHeaderNames.HOST, ""),
                request.headers().get(HttpHeaderNames.USER_AGENT, ""),
                request.headers().get(HttpHeaderNames.CONNECTION, "")));
    switch (front.behaviourFor(n)) {
      case HEALTHY -> respond(ctx, HttpResponseStatus.OK, HEALTHY_BODY);
      case SERVER_ERROR ->
          respond(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "<p>upstream failure</p>\n");
      case HANG -> {
        // never answers; the client's timeout closes the connection
      }
      case SLOW_FIRST_BYTE ->
          ctx.executor()
              .schedule(
                  () -> respond(ctx, HttpResponseStatus.OK, HEALTHY_BODY),
                  front.slowDelay().toMillis(),
                  TimeUnit.MILLISECONDS);
      case WRONG_BODY -> respond(ctx, HttpResponseStatus.OK, WRONG_BODY);
      case CLOSE -> ctx.close();
      case EARLY_HINTS -> {
        FullHttpResponse hints =
            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(103));
        hints.headers().set("link", "</style.css>; rel=preload; as=style");
        ctx.write(hints);
        respond(ctx, HttpResponseStatus.OK, HEALTHY_BODY);
      }
      case REDIRECT -> {
        FullHttpResponse r = response(HttpResponseStatus.FOUND, "<p>moved</p>\n");
        r.headers().set(HttpHeaderNames.LOCATION, TestFront.REDIRECT_TARGET);
        send(ctx, r);
      }
    }
  }

  private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
    send(ctx, response(status, body));
  }

  private static void send(ChannelHandlerContext ctx, FullHttpResponse response) {
    if (!ctx.channel().isActive()) {
      response.release();
      return;
    }
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  private static FullHttpResponse response(HttpResponseStatus status, String body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return response;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // e.g. the client rejected our certificate
  }
}
