package org.peerprobe.p2p.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.identify.IdentifyResult;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.stream.StreamHandler;
import org.peerprobe.p2p.testing.ConnectionEvents;

/** Two real hosts on loopback: the full upgrade, identify, ping and a custom protocol. */
class NettyHostTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final String ECHO = "/peerprobe/test-echo/1.0.0";

  private final NioEventLoopGroup group = new NioEventLoopGroup(2);

  @AfterEach
  void shutDown() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  static HostKey key(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    return HostKey.fromSeed(seed);
  }

  NettyHost host(int n) {
    return new NettyHost(HostConfig.builder(key(n)).build(), group);
  }

  static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void dialUpgradesIdentifiesAndPings() throws Exception {
    NettyHost a = host(1);
    NettyHost b = host(2);
    CompletableFuture<IdentifyResult> aLearnt = new CompletableFuture<>();
    CompletableFuture<IdentifyResult> bLearnt = new CompletableFuture<>();
    a.addListener(ConnectionEvents.identified(aLearnt));
    b.addListener(ConnectionEvents.identified(bLearnt));
    Multiaddr bAddr = await(b.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));

    Connection c = await(a.dial(bAddr));

    assertThat(c.remotePeer()).isEqualTo(b.peerId());
    assertThat(c.isOutbound()).isTrue();
    IdentifyResult aboutB = await(aLearnt);
    assertThat(aboutB.peer()).isEqualTo(b.peerId());
    assertThat(aboutB.protocols()).contains("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0");
    assertThat(aboutB.listenAddrs()).contains(bAddr.withoutPeerId());
    assertThat(aboutB.observedAddr()).isPresent();
    assertThat(await(bLearnt).peer()).isEqualTo(a.peerId());
    // Ping RTTs are whole milliseconds: a loopback round trip often takes less than one.
    assertThat(await(a.ping(b.peerId()))).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(WAIT);
    assertThat(await(b.ping(a.peerId()))).isGreaterThanOrEqualTo(Duration.ZERO);
    assertThat(b.connections()).singleElement().matches(x -> !x.isOutbound());
    await(a.stop());
    await(b.stop());
  }

  @Test
  void customProtocolEchoesBothWays() throws Exception {
    NettyHost a = host(3);
    NettyHost b = host(4);
    for (NettyHost h : List.of(a, b)) {
      h.setProtocolHandler(ECHO, s -> s.setHandler(new Echo()));
    }
    Multiaddr bAddr = await(b.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));
    await(a.dial(bAddr));
    assertThat(roundTrip(a, b.peerId(), "hello b")).isEqualTo("hello b");
    assertThat(roundTrip(b, a.peerId(), "hello a")).isEqualTo("hello a");
    await(a.stop());
    await(b.stop());
  }

  @Test
  void dialingTheWrongPeerIdFailsAuthentication() throws Exception {
    NettyHost a = host(5);
    NettyHost b = host(6);
    Multiaddr bAddr = await(b.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));
    PeerId impostor = key(7).peerId();
    assertThatThrownBy(() -> await(a.dial(bAddr.withPeerId(impostor))))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining(impostor.toString());
    assertThat(a.connections()).isEmpty();
    await(a.stop());
    await(b.stop());
  }

  @Test
  void unsupportedProtocolIsRefusedButTheConnectionStays() throws Exception {
    NettyHost a = host(8);
    NettyHost b = host(9);
    Multiaddr bAddr = await(b.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));
    await(a.dial(bAddr));
    assertThatThrownBy(() -> await(a.newStream(b.peerId(), List.of("/nope/1.0.0"))))
        .isInstanceOf(ExecutionException.class);
    assertThat(await(a.ping(b.peerId()))).isGreaterThanOrEqualTo(Duration.ZERO);
    await(a.stop());
    await(b.stop());
  }

  private static String roundTrip(NettyHost from, PeerId to, String text) throws Exception {
    Stream s = await(from.newStream(to, List.of(ECHO)));
    CompletableFuture<String> reply = new CompletableFuture<>();
    StringBuilder got = new StringBuilder();
    s.scheduler()
        .execute(
            () -> {
              s.setHandler(
                  new StreamHandler() {
                    @Override
                    public void onData(Stream st, ByteBuf data) {
                      got.append(data.toString(StandardCharsets.UTF_8));
                      data.release();
                      if (got.length() >= text.length()) {
                        reply.complete(got.toString());
                      }
                    }
                  });
              s.write(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
            });
    return await(reply);
  }

  /** Writes back whatever arrives. */
  static final class Echo implements StreamHandler {
    @Override
    public void onData(Stream stream, ByteBuf data) {
      stream.write(data);
    }
  }
}
