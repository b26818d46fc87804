package org.peerprobe.node.probe;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Tells the attempt when the first byte of the response arrives: placed after the {@code
 * SslHandler} (so TLS records such as session tickets do not count) and before the HTTP decoder.
 * Passes everything on unchanged. One per channel; runs on its event loop.
 */
final class FirstByteRecorder extends ChannelInboundHandlerAdapter {
  private final ProbeAttempt attempt;
  private boolean seen;

  FirstByteRecorder(ProbeAttempt attempt) {
    this.attempt = attempt;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!seen) {
      seen = true;
      attempt.onFirstByte();
    }
    ctx.fireChannelRead(msg);
  }
}
