package org.peerprobe.p2p.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.p2p.testing.JavaPeer.await;

import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.pubsub.GossipParams;
import org.peerprobe.p2p.testing.Await;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * A volunteer behind NAT never listens: it only dials out. It must still receive and publish
 * through its outbound connections, here to a hub that relays between it and a second node.
 */
class OutboundOnlyGossipTest {
  static final Duration WAIT = Duration.ofSeconds(15);
  static final String TOPIC = "/peerprobe/test/reports/1";
  private final NioEventLoopGroup group = new NioEventLoopGroup(2);

  @AfterEach
  void tearDown() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void aNodeThatOnlyDialsOutIsAFullMeshMember() {
    GossipParams params =
        GossipParams.builder().degrees(3, 1, 6).dLazy(3).dScore(1).dOut(0).build();
    try (JavaPeer hub = new JavaPeer(JavaPeer.key(20), group, params, 20);
        JavaPeer natted = new JavaPeer(JavaPeer.key(21), group, params, 21);
        JavaPeer other = new JavaPeer(JavaPeer.key(22), group, params, 22)) {
      for (JavaPeer p : new JavaPeer[] {hub, natted, other}) {
        p.subscribe(TOPIC);
      }
      Multiaddr hubAddr = hub.listen();
      await(natted.host().dial(hubAddr), WAIT);
      await(other.host().dial(hubAddr), WAIT);
      assertThat(natted.host().listenAddresses()).isEmpty();
      awaitMesh(hub, 2);
      awaitMesh(natted, 1);
      awaitMesh(other, 1);

      await(
          natted.router().publish(TOPIC, "from behind NAT".getBytes(StandardCharsets.UTF_8)), WAIT);
      assertThat(other.awaitMessage(m -> text(m.data()).equals("from behind NAT"), WAIT).author())
          .isEqualTo(natted.host().peerId());

      await(other.router().publish(TOPIC, "to behind NAT".getBytes(StandardCharsets.UTF_8)), WAIT);
      assertThat(natted.awaitMessage(m -> text(m.data()).equals("to behind NAT"), WAIT).author())
          .isEqualTo(other.host().peerId());
    }
  }

  private static void awaitMesh(JavaPeer p, int size) {
    Await.until(
        WAIT,
        () -> p.onRouter(() -> p.router().meshPeers(TOPIC).size()) >= size,
        p.host().peerId() + " reaches mesh size " + size);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
