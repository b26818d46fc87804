package org.peerprobe.p2p.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.p2p.testing.JavaPeer.await;

import io.netty.buffer.ByteBuf;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.stream.StreamHandler;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * Garbage, overload and churn at the host level: a bad peer costs its connection, never the node.
 */
class HostRobustnessTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  private final NioEventLoopGroup group = new NioEventLoopGroup(2);
  private final List<NettyHost> hosts = new ArrayList<>();

  @AfterEach
  void tearDown() {
    hosts.forEach(h -> await(h.stop(), WAIT));
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private NettyHost host(int n, java.util.function.UnaryOperator<HostConfig.Builder> tweak) {
    NettyHost h = new NettyHost(tweak.apply(HostConfig.builder(JavaPeer.key(n))).build(), group);
    hosts.add(h);
    return h;
  }

  private static Multiaddr listen(NettyHost h) {
    return await(h.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), WAIT);
  }

  @Test
  void garbageOnARawConnectionClosesItAndOtherPeersAreStillServed() throws Exception {
    NettyHost a = host(1, b -> b);
    NettyHost b = host(2, x -> x);
    Multiaddr aAddr = listen(a);
    await(b.dial(aAddr), WAIT);
    InetSocketAddress at = aAddr.tcpAddress().orElseThrow();
    Random random = new Random(42);
    for (int round = 0; round < 5; round++) {
      byte[] junk = new byte[1 + random.nextInt(4096)];
      random.nextBytes(junk);
      try (Socket s = new Socket(at.getHostString(), at.getPort())) {
        s.setSoTimeout((int) WAIT.toMillis());
        OutputStream out = s.getOutputStream();
        out.write(junk);
        out.flush();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[1024];
        int n;
        do {
          n = in.read(buf);
        } while (n > 0);
        assertThat(n).as("the host closes a garbage connection").isEqualTo(-1);
      }
    }
    assertThat(await(b.ping(a.peerId()), WAIT)).isGreaterThanOrEqualTo(Duration.ZERO);
    assertThat(a.connections()).hasSize(1);
  }

  @Test
  void inboundConnectionsBeyondTheMaximumAreRefused() {
    NettyHost a = host(3, b -> b.maxConnections(1));
    NettyHost b = host(4, x -> x);
    NettyHost c = host(5, x -> x);
    Multiaddr aAddr = listen(a);
    await(b.dial(aAddr), WAIT);
    CompletableFuture<Connection> refused = c.dial(aAddr);
    assertThat(refused).failsWithin(WAIT);
    assertThat(a.connections()).singleElement().matches(x -> x.remotePeer().equals(b.peerId()));
    assertThat(await(b.ping(a.peerId()), WAIT)).isGreaterThanOrEqualTo(Duration.ZERO);
  }

  @Test
  void aPeerOpeningStreamsTooFastGetsSomeResetAndKeepsItsConnection() {
    NettyHost a = host(6, b -> b.inboundStreamLimit(1, 3));
    NettyHost b = host(7, x -> x);
    a.setProtocolHandler("/echo/1", s -> s.setHandler(new Echo()));
    await(b.dial(listen(a)), WAIT);
    List<CompletableFuture<Stream>> opened = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      opened.add(b.newStream(a.peerId(), List.of("/echo/1")));
    }
    int ok = 0;
    for (CompletableFuture<Stream> f : opened) {
      try {
        f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        ok++;
      } catch (Exception refusedOrReset) {
        // expected for streams over the limit
      }
    }
    // identify and ping streams also count against the bucket of 3, refilled at 1/s.
    assertThat(ok).isBetween(1, 6);
    assertThat(a.connections()).hasSize(1);
  }

  @Test
  void bootstrapPeerThatIsDownIsRedialedUntilItIsUp() throws Exception {
    int port = org.peerprobe.p2p.testing.LoopbackPorts.reserve();
    NettyHost b = host(8, x -> x);
    Multiaddr bAddr = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port).withPeerId(b.peerId());
    NettyHost a =
        host(
            9,
            x ->
                x.bootstrapPeer(bAddr)
                    .redial(Duration.ofMillis(50), Duration.ofMillis(400))
                    .random(new Random(1)));
    CompletableFuture<Connection> connected = new CompletableFuture<>();
    a.addListener(
        new ConnectionListener() {
          @Override
          public void onConnected(Connection c) {
            connected.complete(c);
          }

          @Override
          public void onDisconnected(Connection c, String reason) {}
        });
    a.connectBootstrapPeers();
    assertThat(connected).isNotDone();
    await(b.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port)), WAIT);
    assertThat(await(connected, WAIT).remotePeer()).isEqualTo(b.peerId());
  }

  /** Writes back whatever arrives. */
  static final class Echo implements StreamHandler {
    @Override
    public void onData(Stream stream, ByteBuf data) {
      stream.write(data);
    }
  }
}
