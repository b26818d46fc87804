package org.peerprobe.node.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.testing.VirtualScheduler;

/** When the signing gate opens, in virtual time: after a sync round, or alone after the grace. */
class SyncGateTest {
  static final Duration GRACE = Duration.ofSeconds(10);

  private final VirtualScheduler scheduler = new VirtualScheduler();
  private final List<String> calls = new ArrayList<>();
  private final SyncGate gate =
      new SyncGate(scheduler, GRACE, why -> calls.add("hold: " + why), why -> calls.add(why));

  @Test
  void aSyncRoundWithPeersOpensItForGoodBeforeTheGrace() {
    gate.start();
    gate.roundStarted();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(calls).isEmpty();

    gate.roundFinished(3);
    assertThat(calls).containsExactly("synced the decision log with 3 peer(s)");
    assertThat(gate.synced()).isTrue();

    gate.roundStarted();
    gate.roundFinished(1);
    scheduler.advance(GRACE);
    assertThat(calls).as("neither a later round nor the grace touches it").hasSize(1);
  }

  @Test
  void aLoneNodeOpensWhenTheGraceElapsesAndNotBefore() {
    gate.start();
    scheduler.advance(GRACE.minusMillis(1));
    assertThat(calls).isEmpty();

    scheduler.advance(Duration.ofMillis(1));
    assertThat(calls).singleElement().asString().startsWith("no peer to sync");
    assertThat(gate.synced()).isFalse();
  }

  @Test
  void aRoundStillRunningWhenTheGraceElapsesKeepsItClosedUntilItEnds() {
    gate.start();
    scheduler.advance(GRACE.minusSeconds(1));
    gate.roundStarted();
    scheduler.advance(GRACE.multipliedBy(3));
    assertThat(calls).as("a slow peer is waited for: it may hold a longer log").isEmpty();

    gate.roundFinished(1);
    assertThat(calls).containsExactly("synced the decision log with 1 peer(s)");
  }

  @Test
  void aRoundThatAskedNobodyOpensOnlyAloneAfterTheGrace() {
    gate.start();
    gate.roundStarted();
    gate.roundFinished(0); // e.g. every peer it tried failed before being asked
    assertThat(calls).isEmpty();

    scheduler.advance(GRACE);
    assertThat(calls).singleElement().asString().startsWith("no peer to sync");
  }

  @Test
  void afterOpeningAloneTheFirstPeerClosesItAgainUntilItsRoundIsOver() {
    gate.start();
    scheduler.advance(GRACE);
    calls.clear();

    gate.roundStarted();
    assertThat(calls).singleElement().asString().startsWith("hold: a peer connected");

    gate.roundFinished(2);
    assertThat(calls).last().isEqualTo("synced the decision log with 2 peer(s)");
    assertThat(gate.synced()).isTrue();
  }

  @Test
  void aZeroGraceOpensAtOnceForANodeWithoutPeers() {
    SyncGate now = new SyncGate(scheduler, Duration.ZERO, calls::add, calls::add);
    now.start();
    scheduler.runPending();
    assertThat(calls).singleElement().asString().startsWith("no peer to sync");
  }

  @Test
  void aNegativeGraceIsRefused() {
    assertThatThrownBy(
            () -> new SyncGate(scheduler, Duration.ofSeconds(-1), calls::add, calls::add))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }
}
