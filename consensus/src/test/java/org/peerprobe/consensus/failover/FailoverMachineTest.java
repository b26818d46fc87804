package org.peerprobe.consensus.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peerprobe.consensus.failover.Certificates.down;
import static org.peerprobe.consensus.failover.Certificates.up;
import static org.peerprobe.consensus.testing.TestNetwork.NETWORK_ID;
import static org.peerprobe.consensus.testing.TestNetwork.PRIMARY;
import static org.peerprobe.consensus.testing.TestNetwork.SECONDARY;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.quorum.VerifiedCertificate;
import org.peerprobe.consensus.testing.TestDecisions;

/** Scenarios of {@link FailoverMachine}; the defaults are downRounds 2, upRounds 3, cooldown 10. */
class FailoverMachineTest {
  static final RouterPolicy DEFAULTS =
      RouterPolicy.builder(TestDecisions.ROUTER, PRIMARY, SECONDARY).build();
  static final RouterPolicy MANUAL =
      RouterPolicy.builder(TestDecisions.ROUTER, PRIMARY, SECONDARY)
          .failback(FailbackMode.MANUAL)
          .build();

  /** Feeds certificates in order, asserting that none but the last switches; returns the last. */
  static Step feed(FailoverState s, VerifiedCertificate... certs) {
    Step step = new Step.Unchanged(s);
    for (int i = 0; i < certs.length; i++) {
      assertThat(step).as("before input %d", i).isInstanceOf(Step.Unchanged.class);
      step = FailoverMachine.onCertificate(step.state(), certs[i]);
    }
    return step;
  }

  static Decision switched(Step step) {
    assertThat(step).isInstanceOf(Step.Switched.class);
    return ((Step.Switched) step).decision();
  }

  static FailoverState failedOverAt11(RouterPolicy policy) {
    return feed(
            FailoverState.initial(NETWORK_ID, policy),
            down(PRIMARY, 10),
            down(PRIMARY, 11),
            up(SECONDARY, 11))
        .state();
  }

  @Test
  void downRoundsOfDownAndAnUpOtherSwitchCitingExactlyThatEvidence() {
    Step step =
        feed(
            FailoverState.initial(NETWORK_ID, DEFAULTS),
            down(PRIMARY, 10),
            down(PRIMARY, 11),
            up(SECONDARY, 11));
    Decision d = switched(step);
    assertThat(d)
        .isEqualTo(
            new Decision(
                NETWORK_ID,
                TestDecisions.ROUTER,
                PRIMARY,
                SECONDARY,
                11,
                1,
                Decision.GENESIS,
                List.of(down(PRIMARY, 10).id(), down(PRIMARY, 11).id(), up(SECONDARY, 11).id()),
                DecisionReason.FAILOVER));
    FailoverState s = step.state();
    assertThat(s.active()).isEqualTo(SECONDARY);
    assertThat(s.seq()).isEqualTo(1);
    assertThat(s.head()).isEqualTo(d.id());
    assertThat(s.lastSwitchRound()).isEqualTo(OptionalLong.of(11));
  }

  @Test
  void anUpCertificateOfTheOtherFrontFromTheRoundBeforeSuffices() {
    Decision d =
        switched(
            feed(
                FailoverState.initial(NETWORK_ID, DEFAULTS),
                down(PRIMARY, 10),
                up(SECONDARY, 10),
                down(PRIMARY, 11)));
    assertThat(d.round()).isEqualTo(11);
    assertThat(d.certificates()).last().isEqualTo(up(SECONDARY, 10).id());
  }

  @Test
  void anUpCertificateTwoRoundsOldDoesNot() {
    Step step =
        feed(
            FailoverState.initial(NETWORK_ID, DEFAULTS),
            up(SECONDARY, 9),
            down(PRIMARY, 10),
            down(PRIMARY, 11));
    assertThat(step).isInstanceOf(Step.Unchanged.class);
    assertThat(step.state().active()).isEqualTo(PRIMARY);
  }

  @Test
  void whenBothFrontsAreDownTheRouterStaysPut() {
    FailoverState s = FailoverState.initial(NETWORK_ID, DEFAULTS);
    for (long r = 10; r < 30; r++) {
      s = feed(s, down(PRIMARY, r), down(SECONDARY, r)).state();
      assertThat(s.active()).isEqualTo(PRIMARY);
    }
    assertThat(s.seq()).isZero();
  }

  @Test
  void aMissingRoundBreaksTheDownStreak() {
    Step step =
        feed(
            FailoverState.initial(NETWORK_ID, DEFAULTS),
            down(PRIMARY, 10),
            down(PRIMARY, 12),
            up(SECONDARY, 12));
    assertThat(step).isInstanceOf(Step.Unchanged.class);
    // Round 13 completes a streak of 12..13.
    assertThat(switched(FailoverMachine.onCertificate(step.state(), down(PRIMARY, 13))).round())
        .isEqualTo(13);
  }

  @Test
  void aContradictedRoundBreaksTheDownStreak() {
    Step step =
        feed(
            FailoverState.initial(NETWORK_ID, DEFAULTS),
            down(PRIMARY, 10),
            up(PRIMARY, 11),
            down(PRIMARY, 11),
            up(SECONDARY, 11));
    assertThat(step).isInstanceOf(Step.Unchanged.class);
    assertThat(step.state().evidence(PRIMARY, 11).orElseThrow().verdict())
        .isEqualTo(Verdict.NO_QUORUM);
  }

  @Test
  void aContradictedUpCertificateOfTheOtherFrontDoesNotCount() {
    Step step =
        feed(
            FailoverState.initial(NETWORK_ID, DEFAULTS),
            up(SECONDARY, 11),
            down(SECONDARY, 11),
            down(PRIMARY, 10),
            down(PRIMARY, 11));
    assertThat(step).isInstanceOf(Step.Unchanged.class);
  }

  @Test
  void aSecondCertificateWithTheSameVerdictKeepsTheFirstAsEvidence() {
    FailoverState s =
        feed(
                FailoverState.initial(NETWORK_ID, DEFAULTS),
                down(PRIMARY, 10),
                Certificates.of(PRIMARY, 10, Verdict.DOWN, 1))
            .state();
    assertThat(s.evidence(PRIMARY, 10).orElseThrow().certificateId())
        .isEqualTo(down(PRIMARY, 10).id());
  }

  @Test
  void certificatesArrivingOutOfOrderStillSwitch() {
    Decision d =
        switched(
            feed(
                FailoverState.initial(NETWORK_ID, DEFAULTS),
                up(SECONDARY, 11),
                down(PRIMARY, 11),
                down(PRIMARY, 10)));
    assertThat(d.round()).isEqualTo(11);
    assertThat(d.certificates())
        .containsExactly(down(PRIMARY, 10).id(), down(PRIMARY, 11).id(), up(SECONDARY, 11).id());
  }

  @Test
  void certificatesOlderThanTheEvidenceWindowAreIgnored() {
    // Window: max(2, 3) + 1 = 4 rounds ending at the highest seen (30): 27..30.
    FailoverState s = feed(FailoverState.initial(NETWORK_ID, DEFAULTS), up(SECONDARY, 30)).state();
    Step step = feed(s, down(PRIMARY, 25), down(PRIMARY, 26));
    assertThat(step).isInstanceOf(Step.Unchanged.class);
    assertThat(step.state()).isEqualTo(s);
  }

  @Test
  void certificatesOfOtherFrontsAreIgnored() {
    FailoverState s = FailoverState.initial(NETWORK_ID, DEFAULTS);
    Step step = FailoverMachine.onCertificate(s, Certificates.down("other-front", 10));
    assertThat(step).isInstanceOf(Step.Unchanged.class);
    assertThat(step.state()).isEqualTo(s);
  }

  @Test
  void certificatesOfAnotherNetworkAreIgnored() {
    // Verified, but against the roster of another network that has the same front names.
    FailoverState initial = FailoverState.initial(NETWORK_ID, DEFAULTS);
    Step step =
        feed(
            initial,
            Certificates.of(Certificates.OTHER_NET, PRIMARY, 10, Verdict.DOWN, 0),
            Certificates.of(Certificates.OTHER_NET, PRIMARY, 11, Verdict.DOWN, 0),
            Certificates.of(Certificates.OTHER_NET, SECONDARY, 11, Verdict.UP, 0));
    assertThat(step).isInstanceOf(Step.Unchanged.class);
    assertThat(step.state()).isEqualTo(initial);
  }

  @Test
  void evidenceFromBeforeTheLastSwitchNeverCountsAgain() {
    FailoverState s =
        failedOverAt11(
            RouterPolicy.builder(TestDecisions.ROUTER, PRIMARY, SECONDARY)
                .cooldownRounds(0)
                .upRounds(1)
                .build());
    Step step = feed(s, up(PRIMARY, 11), down(SECONDARY, 10), down(SECONDARY, 11));
    assertThat(step).isInstanceOf(Step.Unchanged.class);
    assertThat(step.state()).isEqualTo(s);
  }

  @Test
  void autoFailbackAfterUpRoundsOnceCooledDown() {
    FailoverState s = failedOverAt11(DEFAULTS);
    Decision first =
        new Decision(
            NETWORK_ID,
            TestDecisions.ROUTER,
            PRIMARY,
            SECONDARY,
            11,
            1,
            Decision.GENESIS,
            List.of(down(PRIMARY, 10).id(), down(PRIMARY, 11).id(), up(SECONDARY, 11).id()),
            DecisionReason.FAILOVER);
    assertThat(s.head()).isEqualTo(first.id());
    // A streak inside the cooldown (rounds < 21) does not switch back.
    s = feed(s, up(PRIMARY, 12), up(PRIMARY, 13), up(PRIMARY, 14)).state();
    assertThat(s.active()).isEqualTo(SECONDARY);
    for (long r = 15; r < 21; r++) {
      Step step = FailoverMachine.onCertificate(s, up(PRIMARY, r));
      assertThat(step).as("round %d", r).isInstanceOf(Step.Unchanged.class);
      s = step.state();
    }
    Decision back = switched(FailoverMachine.onCertificate(s, up(PRIMARY, 21)));
    assertThat(back)
        .isEqualTo(
            new Decision(
                NETWORK_ID,
                TestDecisions.ROUTER,
                SECONDARY,
                PRIMARY,
                21,
                2,
                first.id(),
                List.of(up(PRIMARY, 19).id(), up(PRIMARY, 20).id(), up(PRIMARY, 21).id()),
                DecisionReason.FAILBACK));
  }

  @Test
  void manualModeNeverFailsBackByItself() {
    FailoverState s = failedOverAt11(MANUAL);
    for (long r = 12; r < 60; r++) {
      Step step = FailoverMachine.onCertificate(s, up(PRIMARY, r));
      assertThat(step).as("round %d", r).isInstanceOf(Step.Unchanged.class);
      s = step.state();
    }
    Decision d = switched(FailoverMachine.onManualFailback(s, 59));
    assertThat(d.reason()).isEqualTo(DecisionReason.MANUAL_FAILBACK);
    assertThat(d.certificates()).containsExactly(up(PRIMARY, 59).id());
    assertThat(d.seq()).isEqualTo(2);
    assertThat(d.prev()).isEqualTo(s.head());
    assertThat(d.round()).isEqualTo(59);
  }

  @Test
  void manualModeStillFailsOverFromAFailedSecondaryToAHealthyPrimary() {
    FailoverState s = failedOverAt11(MANUAL);
    Decision d = switched(feed(s, down(SECONDARY, 21), down(SECONDARY, 22), up(PRIMARY, 22)));
    assertThat(d.reason()).isEqualTo(DecisionReason.FAILOVER);
    assertThat(d.to()).isEqualTo(PRIMARY);
  }

  @Test
  void manualFailbackUsesAnUpCertificateOfTheRoundBefore() {
    FailoverState s = feed(failedOverAt11(MANUAL), up(PRIMARY, 29)).state();
    assertThat(switched(FailoverMachine.onManualFailback(s, 30)).certificates())
        .containsExactly(up(PRIMARY, 29).id());
  }

  @Test
  void manualFailbackIsRefusedWithoutARecentUpCertificate() {
    FailoverState s = feed(failedOverAt11(MANUAL), up(PRIMARY, 28), down(PRIMARY, 30)).state();
    assertRefused(s, 30);
    FailoverState contradicted = feed(s, up(PRIMARY, 31), down(PRIMARY, 31)).state();
    assertRefused(contradicted, 31);
  }

  @Test
  void manualFailbackIsRefusedWithinTheCooldown() {
    FailoverState s = feed(failedOverAt11(MANUAL), up(PRIMARY, 15)).state();
    assertRefused(s, 15);
    assertRefused(s, 11);
    assertRefused(s, 5);
  }

  @Test
  void manualFailbackIsRefusedWhenThePrimaryIsActive() {
    FailoverState s = feed(FailoverState.initial(NETWORK_ID, MANUAL), up(PRIMARY, 30)).state();
    assertRefused(s, 30);
  }

  private static void assertRefused(FailoverState s, long round) {
    Step step = FailoverMachine.onManualFailback(s, round);
    assertThat(step).as("manual failback at %d", round).isInstanceOf(Step.Refused.class);
    assertThat(((Step.Refused) step).reason()).isNotBlank();
    assertThat(step.state()).isEqualTo(s);
  }

  @Test
  void resumeContinuesTheChainFromTheLastDecision() {
    Decision last =
        TestDecisions.chain(5, org.peerprobe.consensus.testing.TestKeys.signer()).get(4).decision();
    assertThat(last.to()).isEqualTo(SECONDARY);
    FailoverState s = FailoverState.resume(NETWORK_ID, DEFAULTS, last);
    assertThat(s.active()).isEqualTo(SECONDARY);
    assertThat(s.seq()).isEqualTo(5);
    assertThat(s.head()).isEqualTo(last.id());
    assertThat(s.lastSwitchRound()).isEqualTo(OptionalLong.of(last.round()));
    // Evidence up to the last decision's round (50) is ignored; the cooldown runs from it.
    assertThat(feed(s, up(PRIMARY, 48), up(PRIMARY, 49), up(PRIMARY, 50)).state()).isEqualTo(s);
    FailoverState later = feed(s, up(PRIMARY, 58), up(PRIMARY, 59)).state();
    Decision next = switched(FailoverMachine.onCertificate(later, up(PRIMARY, 60)));
    assertThat(next.seq()).isEqualTo(6);
    assertThat(next.prev()).isEqualTo(last.id());
    assertThat(next.from()).isEqualTo(SECONDARY);
  }

  @Test
  void resumeRefusesADecisionOfAnotherRouter() {
    Decision last = TestDecisions.after(null, 10);
    RouterPolicy other = RouterPolicy.builder("api-router", PRIMARY, SECONDARY).build();
    assertThatThrownBy(() -> FailoverState.resume(NETWORK_ID, other, last))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FailoverState.resume("other-net", DEFAULTS, last))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
