package org.peerprobe.p2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.BadPeerException;

/** Keep-alive pings in virtual time ({@code EmbeddedChannel.freezeTime/advanceTimeBy}). */
class YamuxKeepAliveTest {
  @BeforeAll
  static void paranoid() {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  private static void advance(Single s, long seconds) {
    s.ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
    s.ch.runScheduledPendingTasks();
  }

  @Test
  void pingsEveryThirtySecondsAndAcceptsTheEchoedAck() {
    Single s = new Single();
    advance(s, 29);
    assertThat(s.sent()).isEmpty();
    advance(s, 1);
    List<Wire.Sent> first = s.sent();
    assertThat(first)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.type()).isEqualTo(YamuxFrame.Type.PING);
              assertThat(f.flags()).isEqualTo(YamuxFrame.SYN);
              assertThat(f.streamId()).isZero();
            });
    s.inject(YamuxFrame.ping(YamuxFrame.ACK, first.get(0).length()));
    advance(s, 25); // past the ping timeout
    assertThat(s.ch.isOpen()).isTrue();
    advance(s, 5);
    List<Wire.Sent> second = s.sent();
    assertThat(second).singleElement().satisfies(f -> assertThat(f.has(YamuxFrame.SYN)).isTrue());
    assertThat(second.get(0).length()).isNotEqualTo(first.get(0).length());
    s.ch.finishAndReleaseAll();
    assertThat(s.alloc.unreleased()).isEmpty();
  }

  @Test
  void anUnansweredPingClosesTheConnection() {
    Single s = new Single();
    advance(s, 30);
    long value = s.sent().get(0).length();
    s.inject(YamuxFrame.ping(YamuxFrame.ACK, value + 1)); // not ours: ignored
    advance(s, 19);
    assertThat(s.ch.isOpen()).isTrue();
    advance(s, 1);
    assertThat(s.ch.isOpen()).isFalse();
    assertThat(s.sent())
        .singleElement()
        .satisfies(f -> assertThat(f.type()).isEqualTo(YamuxFrame.Type.GO_AWAY));
    assertThat(s.session.closeCause())
        .get()
        .isInstanceOf(BadPeerException.class)
        .extracting(Throwable::getMessage)
        .asString()
        .contains("no answer to yamux ping");
    s.ch.finishAndReleaseAll();
    assertThat(s.alloc.unreleased()).isEmpty();
  }

  @Test
  void twoSessionsKeepEachOtherAlive() {
    Peers p = new Peers();
    for (int i = 0; i < 10; i++) {
      p.dialerCh.advanceTimeBy(30, TimeUnit.SECONDS);
      p.listenerCh.advanceTimeBy(30, TimeUnit.SECONDS);
      p.dialerCh.runScheduledPendingTasks();
      p.listenerCh.runScheduledPendingTasks();
      p.pump();
    }
    assertThat(p.dialerCh.isOpen()).isTrue();
    assertThat(p.listenerCh.isOpen()).isTrue();
    p.finishAndCheckReleased();
  }

  @Test
  void keepAliveCanBeDisabled() {
    Single s = new Single(YamuxConfig.builder().keepAliveInterval(Duration.ZERO).build());
    advance(s, 3600);
    assertThat(s.sent()).isEmpty();
    assertThat(s.ch.isOpen()).isTrue();
    s.ch.finishAndReleaseAll();
  }

  @Test
  void noPingsAfterTheSessionClosed() {
    Single s = new Single();
    s.ch.close();
    s.sent();
    advance(s, 120);
    assertThat(s.sent()).isEmpty();
  }
}
