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
import org.peerprobe.p2p.pubsub.ValidationResult;
import org.peerprobe.p2p.pubsub.Validator;
import org.peerprobe.p2p.testing.Await;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * Over real connections: a peer that keeps sending messages the application rejects sinks below the
 * graylist threshold and is disconnected, while an honest peer's messages still arrive.
 */
class InvalidMessageSenderTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final String TOPIC = "/peerprobe/test/reports/1";
  private final NioEventLoopGroup group = new NioEventLoopGroup(2);

  @AfterEach
  void tearDown() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void aPeerSendingRejectedMessagesIsDisconnected() {
    GossipParams params =
        GossipParams.builder().degrees(3, 1, 6).dLazy(3).dScore(1).dOut(0).build();
    try (JavaPeer victim = new JavaPeer(JavaPeer.key(30), group, params, 30);
        JavaPeer liar = new JavaPeer(JavaPeer.key(31), group, params, 31);
        JavaPeer honest = new JavaPeer(JavaPeer.key(32), group, params, 32)) {
      victim
          .router()
          .registerValidator(
              TOPIC,
              Validator.sync(
                  m ->
                      text(m.data()).startsWith("forged")
                          ? ValidationResult.REJECT
                          : ValidationResult.ACCEPT));
      for (JavaPeer p : new JavaPeer[] {victim, liar, honest}) {
        p.subscribe(TOPIC);
      }
      Multiaddr at = victim.listen();
      await(liar.host().dial(at), WAIT);
      await(honest.host().dial(at), WAIT);
      Await.until(
          WAIT,
          () -> victim.onRouter(() -> victim.router().peers(TOPIC).size()) == 2,
          "victim sees both subscriptions");

      // Publish in small batches until the victim cuts the liar off (its score is applied on the
      // victim's heartbeat), pacing on both routers so the liar never runs far ahead of them.
      long deadline = System.nanoTime() + WAIT.toNanos();
      int sent = 0;
      while (connected(victim, liar) && System.nanoTime() < deadline) {
        for (int i = 0; i < 20; i++) {
          liar.router()
              .publish(TOPIC, ("forged report " + sent++).getBytes(StandardCharsets.UTF_8));
        }
        liar.onRouter(() -> true);
        victim.onRouter(() -> true);
      }
      Await.until(WAIT, () -> !connected(victim, liar), "the liar is disconnected");
      await(honest.router().publish(TOPIC, "real report".getBytes(StandardCharsets.UTF_8)), WAIT);
      assertThat(victim.awaitMessage(m -> text(m.data()).equals("real report"), WAIT).author())
          .isEqualTo(honest.host().peerId());
    }
  }

  private static boolean connected(JavaPeer a, JavaPeer b) {
    return a.host().connections().stream().anyMatch(c -> c.remotePeer().equals(b.host().peerId()));
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
