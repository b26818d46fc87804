package org.peerprobe.p2p.mss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.p2p.mss.MultistreamNegotiation.PROTOCOL_ID;
import static org.peerprobe.p2p.mss.MultistreamNegotiationTest.msgs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.BadPeerException;

class MultistreamHandlerTest {
  private static final HexFormat HEX = HexFormat.of();

  /** Records events and data; on ProtocolSelected installs a data collector in front of itself. */
  static final class Upgrader extends ChannelInboundHandlerAdapter {
    final List<Object> events = new ArrayList<>();
    final StringBuilder protocolBytes = new StringBuilder();
    final boolean replace;

    Upgrader(boolean replace) {
      this.replace = replace;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      events.add(evt);
      if (evt instanceof ProtocolSelected) {
        ChannelInboundHandlerAdapter collector =
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext c, Object msg) {
                ByteBuf b = (ByteBuf) msg;
                protocolBytes.append(ByteBufUtil.hexDump(b));
                b.release();
              }
            };
        if (replace) {
          ctx.pipeline().replace(MultistreamHandler.class, "protocol", collector);
        } else {
          ctx.pipeline().addBefore(ctx.name(), "protocol", collector);
        }
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      events.add("unexpected data " + ByteBufUtil.hexDump((ByteBuf) msg));
      ((ByteBuf) msg).release();
    }
  }

  private static EmbeddedChannel channel(MultistreamHandler mss, Upgrader upgrader) {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.freezeTime();
    ch.pipeline().addLast(upgrader);
    ch.pipeline().addFirst("mss", mss);
    return ch;
  }

  /** Moves bytes both ways until both sides are quiet. */
  private static void pump(EmbeddedChannel a, EmbeddedChannel b) {
    boolean moved = true;
    while (moved) {
      moved = transfer(a, b) | transfer(b, a);
    }
  }

  private static boolean transfer(EmbeddedChannel from, EmbeddedChannel to) {
    boolean moved = false;
    for (ByteBuf m; (m = from.readOutbound()) != null; ) {
      moved = true;
      if (to.isOpen()) {
        to.writeInbound(m);
      } else {
        m.release();
      }
    }
    return moved;
  }

  private static void advance(EmbeddedChannel ch, long millis) {
    ch.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
  }

  @Test
  void dialerAndListenerAgreeOnNoiseAndLeaveThePipeline() {
    Upgrader du = new Upgrader(false);
    Upgrader lu = new Upgrader(false);
    EmbeddedChannel dialer = channel(MultistreamHandler.dialer(List.of("/noise")), du);
    EmbeddedChannel listener = channel(MultistreamHandler.listener(List.of("/noise")), lu);

    ByteBuf first = dialer.readOutbound();
    assertThat(ByteBufUtil.getBytes(first)).isEqualTo(msgs(PROTOCOL_ID, "/noise"));
    listener.writeInbound(first);
    pump(dialer, listener);

    assertThat(du.events).containsExactly(new ProtocolSelected("/noise"));
    assertThat(lu.events).containsExactly(new ProtocolSelected("/noise"));
    assertThat(dialer.pipeline().get(MultistreamHandler.class)).isNull();
    assertThat(listener.pipeline().get(MultistreamHandler.class)).isNull();
    advance(dialer, 60_000);
    advance(listener, 60_000);
    assertThat(dialer.isOpen()).isTrue();
    assertThat(listener.isOpen()).isTrue();
  }

  @Test
  void bytesAfterTheNegotiationReachTheHandlerInstalledOnTheEvent() {
    for (boolean replace : new boolean[] {false, true}) {
      Upgrader lu = new Upgrader(replace);
      EmbeddedChannel listener = channel(MultistreamHandler.listener(List.of("/noise")), lu);
      ByteBuf in = Unpooled.buffer();
      in.writeBytes(msgs(PROTOCOL_ID, "/noise")).writeBytes(HEX.parseHex("0020cafe"));
      listener.writeInbound(in);
      assertThat(lu.events).containsExactly(new ProtocolSelected("/noise"));
      assertThat(lu.protocolBytes.toString()).isEqualTo("0020cafe");
      listener.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("beef")));
      assertThat(lu.protocolBytes.toString()).isEqualTo("0020cafebeef");
      ByteBuf answer = listener.readOutbound();
      assertThat(ByteBufUtil.getBytes(answer)).isEqualTo(msgs(PROTOCOL_ID, "/noise"));
      answer.release();
    }
  }

  @Test
  void dialerFallsBackAfterNa() {
    Upgrader du = new Upgrader(false);
    Upgrader lu = new Upgrader(false);
    EmbeddedChannel dialer =
        channel(MultistreamHandler.dialer(List.of("/tls/1.0.0", "/noise")), du);
    EmbeddedChannel listener = channel(MultistreamHandler.listener(List.of("/noise")), lu);
    pump(dialer, listener);
    assertThat(du.events).containsExactly(new ProtocolSelected("/noise"));
    assertThat(lu.events).containsExactly(new ProtocolSelected("/noise"));
  }

  @Test
  void noCommonProtocolClosesTheDialerAndTheListenerTimesOut() {
    Upgrader du = new Upgrader(false);
    Upgrader lu = new Upgrader(false);
    EmbeddedChannel dialer = channel(MultistreamHandler.dialer(List.of("/tls/1.0.0")), du);
    EmbeddedChannel listener = channel(MultistreamHandler.listener(List.of("/noise")), lu);
    pump(dialer, listener);
    assertThat(dialer.isOpen()).isFalse();
    assertThat(du.events).singleElement().isInstanceOf(NegotiationFailed.class);
    assertThat(((NegotiationFailed) du.events.get(0)).cause())
        .isInstanceOf(NoCommonProtocolException.class);

    assertThat(listener.isOpen()).isTrue();
    advance(listener, MultistreamHandler.NEGOTIATION_TIMEOUT.toMillis());
    assertThat(listener.isOpen()).isFalse();
    assertThat(((NegotiationFailed) lu.events.get(0)).cause()).isInstanceOf(TimeoutException.class);
  }

  @Test
  void silentPeerTimesOutAfterTenSecondsOfVirtualTime() {
    Upgrader du = new Upgrader(false);
    EmbeddedChannel dialer = channel(MultistreamHandler.dialer(List.of("/noise")), du);
    ((ByteBuf) dialer.readOutbound()).release();
    advance(dialer, 9_999);
    assertThat(dialer.isOpen()).isTrue();
    assertThat(du.events).isEmpty();
    advance(dialer, 1);
    assertThat(dialer.isOpen()).isFalse();
    assertThat(du.events).hasSize(1);
    assertThat(((NegotiationFailed) du.events.get(0)).cause())
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("10s");
  }

  @Test
  void garbageFromThePeerClosesTheChannel() {
    Upgrader lu = new Upgrader(false);
    EmbeddedChannel listener = channel(MultistreamHandler.listener(List.of("/noise")), lu);
    listener.writeInbound(Unpooled.wrappedBuffer(msgs("GET / HTTP/1.1")));
    assertThat(listener.isOpen()).isFalse();
    assertThat(((NegotiationFailed) lu.events.get(0)).cause()).isInstanceOf(BadPeerException.class);
    assertThat(lu.events).hasSize(1);
  }

  @Test
  void closeDuringNegotiationIsReported() {
    Upgrader du = new Upgrader(false);
    EmbeddedChannel dialer = channel(MultistreamHandler.dialer(List.of("/noise")), du);
    ((ByteBuf) dialer.readOutbound()).release();
    dialer.close();
    assertThat(((NegotiationFailed) du.events.get(0)).cause())
        .isInstanceOf(ClosedChannelException.class);
  }

  @Test
  void handlerInstalledBeforeActivationStartsOnce() {
    Upgrader du = new Upgrader(false);
    EmbeddedChannel dialer = new EmbeddedChannel(MultistreamHandler.dialer(List.of("/noise")), du);
    ByteBuf first = dialer.readOutbound();
    assertThat(ByteBufUtil.getBytes(first)).isEqualTo(msgs(PROTOCOL_ID, "/noise"));
    first.release();
    Object second = dialer.readOutbound();
    assertThat(second).isNull();
    dialer.writeInbound(Unpooled.wrappedBuffer(msgs(PROTOCOL_ID, "/noise")));
    assertThat(du.events).containsExactly(new ProtocolSelected("/noise"));
  }
}
