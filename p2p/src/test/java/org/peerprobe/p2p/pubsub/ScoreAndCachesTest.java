package org.peerprobe.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.PeerId;

/** Peer score components, the bounded caches and parameter validation. */
class ScoreAndCachesTest {
  private final long[] now = {1_000_000};
  private final PeerId a = RouterHarness.id(1);
  private final PeerId b = RouterHarness.id(2);

  private static MessageId id(int i) {
    return MessageId.of(new byte[] {(byte) i, (byte) (i >> 8)});
  }

  @Test
  void invalidMessagesAreSquaredAndDecay() {
    PeerScore score = new PeerScore(ScoreParams.DEFAULT, () -> now[0]);
    score.addPeer(a);
    for (int i = 0; i < 3; i++) {
      score.markInvalidMessageDelivery(a, "t");
    }
    assertThat(score.score(a)).isEqualTo(-18.0);
    score.refresh();
    assertThat(score.score(a)).isCloseTo(-2.0 * Math.pow(3 * 0.99, 2), within(1e-9));
    for (int i = 0; i < 2000; i++) {
      score.refresh();
    }
    assertThat(score.score(a)).isZero();
  }

  @Test
  void meshDeliveryDeficitBecomesAFailurePenaltyOnPrune() {
    TopicScoreParams tp =
        TopicScoreParams.builder()
            .meshMessageDeliveries(-1, 0.9, 10, 4, Duration.ofMillis(50), Duration.ofSeconds(1))
            .meshFailurePenalty(-1, 0.9)
            .build();
    ScoreParams sp = ScoreParams.builder().topic("t", tp).build();
    PeerScore score = new PeerScore(sp, () -> now[0]);
    score.addPeer(a);
    score.graft(a, "t");
    score.markFirstMessageDelivery(a, "t");
    assertThat(score.score(a)).isZero(); // P3 not yet active
    now[0] += 2000;
    score.refresh();
    double deficit = 4 - 0.9;
    assertThat(score.score(a)).isCloseTo(-deficit * deficit, within(1e-9));
    score.prune(a, "t");
    assertThat(score.score(a)).isCloseTo(-deficit * deficit, within(1e-9)); // now as P3b
    score.refresh();
    assertThat(score.score(a)).isCloseTo(-deficit * deficit * 0.9, within(1e-9));
  }

  @Test
  void duplicatesWithinTheWindowCountForMeshPeers() {
    TopicScoreParams tp =
        TopicScoreParams.builder()
            .firstMessageDeliveries(1, 0.5, 100)
            .meshMessageDeliveries(-1, 0.5, 10, 1, Duration.ofMillis(50), Duration.ofMillis(1))
            .build();
    ScoreParams sp = ScoreParams.builder().topic("t", tp).build();
    PeerScore score = new PeerScore(sp, () -> now[0]);
    DeliveryTracker d = new DeliveryTracker(score, () -> now[0], 120_000, 10);
    score.addPeer(a);
    score.addPeer(b);
    score.graft(b, "t");
    now[0] += 10;
    score.refresh(); // b's P3 is active with 0 deliveries: deficit 1
    assertThat(score.score(b)).isEqualTo(-1.0);
    d.validating(id(1));
    d.duplicate(id(1), "t", b); // raced a while validating
    d.deliver(id(1), "t", a);
    assertThat(score.score(a)).isEqualTo(1.0); // P2
    assertThat(score.score(b)).isZero(); // P3 deficit filled by the duplicate
    assertThat(d.sentBy(id(1), b)).isTrue();
    // a late duplicate after the window does not count
    d.deliver(id(2), "t", a);
    now[0] += 100;
    d.duplicate(id(2), "t", b);
    score.refresh();
    assertThat(score.score(b)).isLessThan(0);
  }

  @Test
  void rejectBlamesEveryDelivererAndIgnoreNobody() {
    PeerScore score = new PeerScore(ScoreParams.DEFAULT, () -> now[0]);
    DeliveryTracker d = new DeliveryTracker(score, () -> now[0], 120_000, 10);
    score.addPeer(a);
    score.addPeer(b);
    d.duplicate(id(1), "t", b);
    d.reject(id(1), "t", a);
    assertThat(score.score(a)).isEqualTo(-2.0);
    assertThat(score.score(b)).isEqualTo(-2.0);
    d.duplicate(id(1), "t", b); // a known-invalid message again
    assertThat(score.score(b)).isEqualTo(-8.0);
    d.duplicate(id(2), "t", b);
    d.ignore(id(2));
    d.duplicate(id(2), "t", a);
    assertThat(score.score(a)).isEqualTo(-2.0);
  }

  @Test
  void retainedScoresAreBoundedAndExpire() {
    ScoreParams sp = ScoreParams.builder().retainScore(Duration.ofSeconds(10), 1).build();
    PeerScore score = new PeerScore(sp, () -> now[0]);
    score.addPeer(a);
    score.addPeer(b);
    score.addPenalty(a, 1);
    score.addPenalty(b, 1);
    score.removePeer(a);
    assertThat(score.score(a)).isEqualTo(-10.0);
    score.removePeer(b); // evicts a: at most one retained
    assertThat(score.score(a)).isZero();
    assertThat(score.score(b)).isEqualTo(-10.0);
    now[0] += 11_000;
    score.refresh();
    assertThat(score.score(b)).isZero();
  }

  @Test
  void seenCacheExpiresAndIsBounded() {
    SeenCache seen = new SeenCache(() -> now[0], 1000, 2);
    assertThat(seen.add(id(1))).isTrue();
    assertThat(seen.add(id(1))).isFalse();
    seen.add(id(2));
    seen.add(id(3));
    assertThat(seen.size()).isEqualTo(2);
    assertThat(seen.contains(id(1))).isFalse();
    now[0] += 1001;
    assertThat(seen.contains(id(3))).isFalse();
    seen.gc();
    assertThat(seen.size()).isZero();
  }

  @Test
  void messageCacheWindows() {
    MessageCache mc = new MessageCache(2, 3);
    Message m = RouterHarness.msg(1, "t", "x", 1);
    mc.put(id(1), m);
    mc.put(id(2), RouterHarness.msg(1, "u", "y", 2));
    assertThat(mc.gossipIds("t")).containsExactly(id(1));
    mc.shift();
    assertThat(mc.gossipIds("t")).containsExactly(id(1));
    mc.shift();
    assertThat(mc.gossipIds("t")).isEmpty(); // out of the gossip windows
    assertThat(mc.getForPeer(id(1), a, 1)).isEqualTo(m); // but still served
    assertThat(mc.getForPeer(id(1), a, 1)).isNull(); // retransmission limit
    mc.shift();
    assertThat(mc.contains(id(1))).isFalse();
  }

  @Test
  void promisesBreakAfterFollowupAndAreBounded() {
    GossipPromises p = new GossipPromises(() -> now[0], 3000, 2);
    p.add(a, List.of(id(1)), new Random(1));
    p.add(b, List.of(id(2)), new Random(1));
    p.add(b, List.of(id(3)), new Random(1));
    assertThat(p.size()).isEqualTo(2);
    assertThat(p.full()).isTrue();
    p.fulfilled(id(1));
    now[0] += 3001;
    assertThat(p.collectBroken()).isEqualTo(Map.of(b, 1));
    assertThat(p.size()).isZero();
  }

  @Test
  void backoffsHaveSlackCapAndBound() {
    Backoffs bo = new Backoffs(() -> now[0], 2, 1000);
    bo.add("t", a, 5000);
    assertThat(bo.expiresAt("t", a)).isEqualTo(now[0] + 5000);
    now[0] += 5500;
    assertThat(bo.isBackedOff("t", a)).isTrue(); // slack
    now[0] += 600;
    assertThat(bo.isBackedOff("t", a)).isFalse();
    bo.add("t", b, Long.MAX_VALUE / 2);
    assertThat(bo.expiresAt("t", b)).isEqualTo(now[0] + Backoffs.MAX_BACKOFF_MILLIS);
    bo.add("u", a, 1000);
    assertThat(bo.size()).isEqualTo(2);
    bo.add("v", a, 1000); // full and no entry of topic v to evict: dropped
    assertThat(bo.size()).isEqualTo(2);
    bo.gc();
    assertThat(bo.size()).isEqualTo(2);
  }

  @Test
  void paramsAreValidated() {
    assertThat(GossipParams.DEFAULT.d).isEqualTo(6);
    assertThat(GossipParams.DEFAULT.toBuilder().build().heartbeatInterval)
        .isEqualTo(Duration.ofSeconds(1));
    assertThatThrownBy(() -> GossipParams.builder().degrees(6, 7, 12).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GossipParams.builder().dOut(4).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GossipParams.builder().history(3, 5).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GossipParams.builder().prunePeers(17).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScoreParams.builder().thresholds(-10, -5, -80).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScoreParams.builder().disconnectThreshold(-50).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TopicScoreParams.builder().invalidMessageDeliveries(1, 0.5).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(GossipParams.builder().degrees(3, 1, 6).dOut(0).dScore(1).build().dHi).isEqualTo(6);
  }
}
