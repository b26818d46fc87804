package org.peerprobe.p2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.ResourceLeakDetector;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.stream.Stream;

/**
 * Channel writability and real event-loop threads: sessions over Netty's in-JVM local transport,
 * driven from the test thread (which is not an event loop).
 */
class YamuxThreadingTest {
  private final EventLoopGroup group = new DefaultEventLoopGroup(2);

  @BeforeAll
  static void paranoid() {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  @AfterEach
  void shutdown() {
    group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
  }

  @Test
  void dataWaitsWhileTheChannelIsUnwritable() {
    Peers p =
        new Peers(
            YamuxConfig.DEFAULT, YamuxConfig.DEFAULT, s -> s.setHandler(new RecordingHandler()));
    Stream s = p.open(p.dialer);
    s.setHandler(new RecordingHandler());
    p.pump();
    var outbound = p.dialerCh.unsafe().outboundBuffer();
    outbound.setUserDefinedWritability(1, false);
    assertThat(p.dialerCh.isWritable()).isFalse();
    CompletableFuture<Void> written = s.write(p.alloc.buffer().writeZero(100 * 1024));
    assertThat(written).isNotDone();
    assertThat(Wire.peek(p.dialerCh)).isEmpty();
    outbound.setUserDefinedWritability(1, true);
    p.dialerCh.runPendingTasks(); // Netty announces the writability change in a task
    assertThat(written).isCompleted();
    p.pump();
    assertThat(p.acceptedByListener).hasSize(1);
    p.finishAndCheckReleased();
  }

  @Test
  void openingBeforeInstallationFails() {
    YamuxSession detached = new YamuxSession(true, Peers.LISTENER_ID, YamuxConfig.DEFAULT, s -> {});
    assertThat(detached.openStream()).isCompletedExceptionally();
  }

  @Test
  void sessionsOnEventLoopThreadsUsedFromAnotherThread() throws Exception {
    LocalAddress address = new LocalAddress("yamux-" + System.nanoTime());
    CompletableFuture<Stream> serverStream = new CompletableFuture<>();
    Channel server =
        new ServerBootstrap()
            .group(group)
            .channel(LocalServerChannel.class)
            .childHandler(
                new ChannelInitializer<LocalChannel>() {
                  @Override
                  protected void initChannel(LocalChannel ch) {
                    ch.pipeline()
                        .addLast(
                            new YamuxSession(
                                false,
                                Peers.DIALER_ID,
                                YamuxConfig.DEFAULT,
                                st -> {
                                  st.setHandler(new RecordingHandler(true));
                                  serverStream.complete(st);
                                }));
                  }
                })
            .bind(address)
            .sync()
            .channel();
    YamuxSession client = new YamuxSession(true, Peers.LISTENER_ID, YamuxConfig.DEFAULT, s -> {});
    Channel ch =
        new Bootstrap()
            .group(group)
            .channel(LocalChannel.class)
            .handler(client)
            .connect(address)
            .sync()
            .channel();

    byte[] payload = new byte[3 * 1024 * 1024];
    new Random(3).nextBytes(payload);
    CompletableFuture<byte[]> echoed = new CompletableFuture<>();
    CompletableFuture<Stream> opened = client.openStream();
    Stream stream = opened.get(10, TimeUnit.SECONDS);
    // off the event loop: refused, and the buffer is released
    ByteBuf offLoop = stream.alloc().buffer().writeByte(1);
    assertThat(stream.write(offLoop)).isCompletedExceptionally();
    assertThat(offLoop.refCnt()).isZero();
    stream
        .scheduler()
        .execute(
            () -> {
              stream.setHandler(
                  new RecordingHandler() {
                    @Override
                    public void onRemoteClosed(Stream s) {
                      echoed.complete(bytes());
                    }

                    @Override
                    public void onReset(Stream s) {
                      echoed.completeExceptionally(new AssertionError("reset"));
                    }
                  });
              stream.write(stream.alloc().buffer().writeBytes(payload));
              stream.closeWrite();
            });
    assertThat(echoed.get(30, TimeUnit.SECONDS)).isEqualTo(payload);
    assertThat(serverStream.get(1, TimeUnit.SECONDS).isInitiator()).isFalse();
    ch.close().sync();
    server.close().sync();
    assertThat(client.closeCause()).isEmpty();
  }
}
