package org.peerprobe.p2p.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.testing.Await;

/** The host's byte counter: what one side's socket sent is what the other side's received. */
class TrafficCounterTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final NioEventLoopGroup group = new NioEventLoopGroup(2);

  @AfterEach
  void shutDown() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void countsBytesReadAndWrittenByEveryChannelItSits() {
    TrafficCounter counter = new TrafficCounter();
    EmbeddedChannel one = new EmbeddedChannel(counter);
    EmbeddedChannel two = new EmbeddedChannel(counter);

    one.writeInbound(Unpooled.wrappedBuffer(new byte[7]));
    two.writeInbound(Unpooled.wrappedBuffer(new byte[5]));
    one.writeOutbound(Unpooled.wrappedBuffer(new byte[11]));
    two.writeOutbound("not bytes");

    assertThat(counter.bytesReceived()).isEqualTo(12);
    assertThat(counter.bytesSent()).isEqualTo(11);
    assertThat(one.finishAndReleaseAll()).isTrue();
    assertThat(two.finishAndReleaseAll()).isTrue();
  }

  @Test
  void twoHostsAgreeOnTheBytesBetweenThemIncludingTheHandshakes() throws Exception {
    NettyHost a = host(1);
    NettyHost b = host(2);
    Multiaddr bAddr = b.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).get(10, TimeUnit.SECONDS);
    a.dial(bAddr).get(10, TimeUnit.SECONDS);
    Duration rtt = a.ping(b.peerId()).get(10, TimeUnit.SECONDS);

    // Once nothing is in flight, each side's socket read exactly what the other's wrote.
    Await.until(
        WAIT,
        () ->
            a.traffic().bytesSent() == b.traffic().bytesReceived()
                && b.traffic().bytesSent() == a.traffic().bytesReceived(),
        "both directions balance");
    // At least both Noise handshakes' static keys, identify both ways and a 32-byte ping.
    assertThat(a.traffic().bytesSent()).isGreaterThan(200);
    assertThat(b.traffic().bytesSent()).isGreaterThan(200);
    assertThat(rtt).isLessThan(WAIT);
    long before = a.traffic().bytesSent();
    a.ping(b.peerId()).get(10, TimeUnit.SECONDS);
    assertThat(a.traffic().bytesSent()).isGreaterThan(before);
    stop(a, b);
  }

  private NettyHost host(int n) {
    return new NettyHost(HostConfig.builder(NettyHostTest.key(n)).build(), group);
  }

  private static void stop(NettyHost... hosts) throws Exception {
    CompletableFuture<?>[] stops = new CompletableFuture<?>[hosts.length];
    for (int i = 0; i < hosts.length; i++) {
      stops[i] = hosts[i].stop();
    }
    CompletableFuture.allOf(stops).get(10, TimeUnit.SECONDS);
  }
}
