package org.peerprobe.node.probe;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;

/**
 * The last handler of a probe's pipeline: hands the decoded response, errors and the close to the
 * {@link ProbeAttempt}, which decides. Releases every message it reads. One per channel; runs on
 * its event loop.
 */
final class ResponseReader extends SimpleChannelInboundHandler<HttpObject> {
  private final ProbeAttempt attempt;

  ResponseReader(ProbeAttempt attempt) {
    this.attempt = attempt;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
    if (msg instanceof HttpResponse response) {
      attempt.onResponse(response);
    }
    if (msg instanceof HttpContent content) {
      attempt.onContent(content);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    attempt.onError(cause);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    attempt.onClosed();
    ctx.fireChannelInactive();
  }
}
