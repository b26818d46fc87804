package org.peerprobe.p2p.host;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.channels.ClosedChannelException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.P2PException;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.mss.MultistreamHandler;
import org.peerprobe.p2p.mss.NegotiationFailed;
import org.peerprobe.p2p.mss.ProtocolSelected;
import org.peerprobe.p2p.noise.NoiseHandshakeComplete;
import org.peerprobe.p2p.noise.NoiseHandshakeFailed;
import org.peerprobe.p2p.noise.NoiseHandshakeHandler;
import org.peerprobe.p2p.noise.NoiseXXHandshake;
import org.peerprobe.p2p.yamux.YamuxSession;

/**
 * Upgrades a raw TCP channel to an authenticated, multiplexed libp2p connection: multistream-select
 * {@code /noise} → Noise XX → multistream-select {@code /yamux/1.0.0} → yamux. It sits at the end
 * of the pipeline and installs each stage in front of itself when the previous one reports success
 * through a user event, so bytes that arrive early flow straight into the next stage.
 *
 * <p>The whole upgrade must finish within the dial timeout. Any failure closes the channel and
 * fails {@link #result()}; the cause says whose fault it was. One instance per channel; all work on
 * the channel's event loop.
 */
final class ConnectionUpgrader extends ChannelInboundHandlerAdapter {
  static final String NOISE = NoiseHandshakeHandler.PROTOCOL_ID;
  static final String YAMUX = "/yamux/1.0.0";

  private final boolean initiator;
  private final HostKey key;
  private final Optional<PeerId> expectedPeer;
  private final Duration timeout;
  private final Function<PeerId, YamuxSession> sessionFactory;
  private final CompletableFuture<Upgraded> result = new CompletableFuture<>();
  private ScheduledFuture<?> timer;
  private PeerId remote;

  /** The outcome: the authenticated peer and its yamux session. */
  record Upgraded(PeerId remotePeer, YamuxSession session) {}

  ConnectionUpgrader(
      boolean initiator,
      HostKey key,
      Optional<PeerId> expectedPeer,
      Duration timeout,
      Function<PeerId, YamuxSession> sessionFactory) {
    this.initiator = initiator;
    this.key = key;
    this.expectedPeer = expectedPeer;
    this.timeout = timeout;
    this.sessionFactory = sessionFactory;
  }

  /** The multistream handler that starts the upgrade; add it in front of this one. */
  MultistreamHandler firstStage() {
    return initiator
        ? MultistreamHandler.dialer(List.of(NOISE))
        : MultistreamHandler.listener(List.of(NOISE));
  }

  CompletableFuture<Upgraded> result() {
    return result;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    timer =
        ctx.executor()
            .schedule(
                () ->
                    fail(
                        ctx,
                        new TimeoutException("connection upgrade took longer than " + timeout)),
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof ProtocolSelected selected) {
      onSelected(ctx, selected.protocol());
    } else if (evt instanceof NoiseHandshakeComplete done) {
      remote = done.remotePeerId();
      MultistreamHandler mss =
          initiator
              ? MultistreamHandler.dialer(List.of(YAMUX))
              : MultistreamHandler.listener(List.of(YAMUX));
      ctx.pipeline().addBefore(ctx.name(), "mss-yamux", mss);
    } else if (evt instanceof NegotiationFailed failed) {
      fail(ctx, failed.cause());
    } else if (evt instanceof NoiseHandshakeFailed failed) {
      fail(ctx, failed.cause());
    } else {
      super.userEventTriggered(ctx, evt);
    }
  }

  private void onSelected(ChannelHandlerContext ctx, String protocol) {
    if (NOISE.equals(protocol) && remote == null) {
      SecureRandom random = new SecureRandom();
      NoiseXXHandshake hs =
          initiator
              ? NoiseXXHandshake.initiator(key, expectedPeer, random)
              : NoiseXXHandshake.responder(key, random);
      ctx.pipeline().addBefore(ctx.name(), "noise", new NoiseHandshakeHandler(hs));
    } else if (YAMUX.equals(protocol) && remote != null) {
      YamuxSession session = sessionFactory.apply(remote);
      ctx.pipeline().addBefore(ctx.name(), "yamux", session);
      if (timer != null) {
        timer.cancel(false);
      }
      ctx.pipeline().remove(this);
      result.complete(new Upgraded(remote, session));
    } else {
      fail(ctx, new BadPeerException("unexpected protocol " + protocol + " during upgrade"));
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    fail(ctx, new ClosedChannelException());
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(
        ctx, cause instanceof P2PException ? cause : new BadPeerException(cause.toString(), cause));
  }

  private void fail(ChannelHandlerContext ctx, Throwable cause) {
    if (timer != null) {
      timer.cancel(false);
    }
    if (result.completeExceptionally(cause)) {
      ctx.close();
    }
  }
}
