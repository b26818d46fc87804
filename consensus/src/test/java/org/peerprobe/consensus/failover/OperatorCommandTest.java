package org.peerprobe.consensus.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.consensus.failover.Certificates.down;
import static org.peerprobe.consensus.failover.Certificates.up;
import static org.peerprobe.consensus.failover.Commands.apply;
import static org.peerprobe.consensus.failover.FailoverMachineTest.DEFAULTS;
import static org.peerprobe.consensus.failover.FailoverMachineTest.MANUAL;
import static org.peerprobe.consensus.failover.FailoverMachineTest.failedOverAt11;
import static org.peerprobe.consensus.failover.FailoverMachineTest.feed;
import static org.peerprobe.consensus.failover.FailoverMachineTest.switched;
import static org.peerprobe.consensus.testing.TestNetwork.NETWORK_ID;
import static org.peerprobe.consensus.testing.TestNetwork.PRIMARY;
import static org.peerprobe.consensus.testing.TestNetwork.SECONDARY;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.model.OperatorCommand;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.SignedOperatorCommand;
import org.peerprobe.consensus.model.VerifiedCommand;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;

/** {@link FailoverMachine#onCommand}: failback, pin and unpin by the operator, and replays. */
class OperatorCommandTest {

  private static String refusal(Step step) {
    assertThat(step).isInstanceOf(Step.Refused.class);
    return ((Step.Refused) step).reason();
  }

  @Test
  void failbackWithUpEvidenceSwitchesToThePrimaryCarryingTheCommand() {
    FailoverState s = feed(failedOverAt11(MANUAL), up(PRIMARY, 30)).state();
    VerifiedCommand c = Commands.failback(31);
    Decision d = switched(apply(s, c));
    assertThat(d.reason()).isEqualTo(DecisionReason.MANUAL_FAILBACK);
    assertThat(d.to()).isEqualTo(PRIMARY);
    assertThat(d.round()).isEqualTo(31);
    assertThat(d.certificates()).containsExactly(up(PRIMARY, 30).id());
    assertThat(d.command()).contains(c.signed());
  }

  @Test
  void failbackWithoutUpEvidenceIsRefusedAndTheCommandIsSpent() {
    FailoverState s = feed(failedOverAt11(MANUAL), down(PRIMARY, 30)).state();
    VerifiedCommand c = Commands.failback(31);
    Step step = apply(s, c);
    assertThat(refusal(step)).contains("no UP certificate for " + PRIMARY);
    assertThat(step.state().active()).isEqualTo(SECONDARY);
    assertThat(step.state().replays(c.command().issuedAtMs())).isTrue();
    // once the evidence is there, the same command is still a replay; a new one switches
    FailoverState later = feed(step.state(), up(PRIMARY, 31)).state();
    assertThat(refusal(apply(later, c))).startsWith("replay");
    assertThat(switched(apply(later, Commands.failback(32))).reason())
        .isEqualTo(DecisionReason.MANUAL_FAILBACK);
  }

  @Test
  void aReplayedOrOlderCommandChangesNothing() {
    FailoverState s = feed(failedOverAt11(MANUAL), up(PRIMARY, 30)).state();
    VerifiedCommand failback = Commands.failback(31);
    FailoverState after = apply(s, failback).state();
    Step replay = apply(after, failback);
    assertThat(refusal(replay)).startsWith("replay");
    assertThat(replay.state()).isEqualTo(after);
    // a command issued before the last one taken is refused too, even if never seen
    VerifiedCommand older = Commands.pin(SECONDARY, 30);
    assertThat(refusal(apply(after, older))).startsWith("replay");
  }

  @Test
  void aCommandForAnotherRouterIsRefusedWithoutBeingTaken() {
    FailoverState s = failedOverAt11(MANUAL);
    VerifiedCommand other =
        Commands.verified(OperatorCommand.failback(NETWORK_ID, "api-router", Commands.at(30, 0)));
    Step step = apply(s, other);
    assertThat(refusal(step)).contains("api-router");
    assertThat(step.state()).isEqualTo(s);
  }

  @Test
  void aPinBlocksAutomaticSwitchingAndAnUnpinResumesIt() {
    FailoverState pinned =
        apply(FailoverState.initial(NETWORK_ID, DEFAULTS), Commands.pin(PRIMARY, 5)).state();
    assertThat(pinned.pinned()).contains(PRIMARY);
    Step step =
        feed(pinned, down(PRIMARY, 10), down(PRIMARY, 11), up(SECONDARY, 11), down(PRIMARY, 12));
    assertThat(step).isInstanceOf(Step.Unchanged.class);
    assertThat(step.state().active()).isEqualTo(PRIMARY);
    Step unpinned = apply(step.state(), Commands.unpin(12));
    assertThat(unpinned).isInstanceOf(Step.Unchanged.class);
    assertThat(unpinned.state().pinned()).isEmpty();
    // the evidence held during the pin counts again at the next certificate
    Decision d = switched(FailoverMachine.onCertificate(unpinned.state(), up(SECONDARY, 12)));
    assertThat(d.reason()).isEqualTo(DecisionReason.FAILOVER);
    assertThat(d.to()).isEqualTo(SECONDARY);
  }

  @Test
  void aPinOntoAFrontCertifiedDownIsAllowedAndCitesOnlyTheCommand() {
    FailoverState s =
        feed(FailoverState.initial(NETWORK_ID, DEFAULTS), down(SECONDARY, 10), down(SECONDARY, 11))
            .state();
    VerifiedCommand pin = Commands.pin(SECONDARY, 12);
    Step step = apply(s, pin);
    Decision d = switched(step);
    assertThat(d.reason()).isEqualTo(DecisionReason.PINNED);
    assertThat(d.from()).isEqualTo(PRIMARY);
    assertThat(d.to()).isEqualTo(SECONDARY);
    assertThat(d.round()).isEqualTo(12);
    assertThat(d.certificates()).isEmpty();
    assertThat(d.command()).contains(pin.signed());
    assertThat(step.state().pinned()).contains(SECONDARY);
    // pinned to a failing front, the router stays there however clear the evidence
    Step later =
        feed(
            step.state(),
            down(SECONDARY, 13),
            down(SECONDARY, 14),
            up(PRIMARY, 14),
            down(SECONDARY, 40),
            down(SECONDARY, 41),
            up(PRIMARY, 41));
    assertThat(later).isInstanceOf(Step.Unchanged.class);
    assertThat(later.state().active()).isEqualTo(SECONDARY);
  }

  @Test
  void aPinIgnoresTheCooldownButNotTheRoundOfTheLastSwitch() {
    FailoverState s = failedOverAt11(DEFAULTS);
    assertThat(refusal(apply(s, Commands.pin(PRIMARY, 11)))).contains("not after the switch");
    Decision d = switched(apply(s, Commands.pin(PRIMARY, 12)));
    assertThat(d.reason()).isEqualTo(DecisionReason.PINNED);
    assertThat(d.seq()).isEqualTo(2);
  }

  @Test
  void refusalsTheOperatorSees() {
    FailoverState pinned = apply(failedOverAt11(MANUAL), Commands.pin(SECONDARY, 20)).state();
    assertThat(pinned.pinned()).contains(SECONDARY);
    FailoverState withUp = feed(pinned, up(PRIMARY, 21)).state();
    assertThat(refusal(apply(withUp, Commands.failback(21)))).contains("unpin it first");
    assertThat(refusal(apply(failedOverAt11(MANUAL), Commands.unpin(20)))).contains("not pinned");
    VerifiedCommand unknown =
        Commands.verified(
            OperatorCommand.pin(
                NETWORK_ID, TestDecisions.ROUTER, "other-front", Commands.at(20, 0)));
    assertThat(refusal(apply(failedOverAt11(MANUAL), unknown))).contains("other-front is neither");
    assertThat(refusal(apply(FailoverState.initial(NETWORK_ID, MANUAL), Commands.failback(20))))
        .contains("already active");
  }

  @Test
  void aRouterResumedFromACommandDecisionKeepsItsPinAndItsCommandHistory() {
    VerifiedCommand pin = Commands.pin(SECONDARY, 12);
    Decision d = switched(apply(FailoverState.initial(NETWORK_ID, DEFAULTS), pin));
    FailoverState resumed = FailoverState.resume(NETWORK_ID, DEFAULTS, d);
    assertThat(resumed.pinned()).contains(SECONDARY);
    assertThat(resumed.lastCommandAtMs()).isEqualTo(OptionalLong.of(pin.command().issuedAtMs()));
    assertThat(refusal(apply(resumed, pin))).startsWith("replay");
    FailoverState plain =
        FailoverState.resume(
            NETWORK_ID,
            DEFAULTS,
            switched(
                feed(
                    FailoverState.initial(NETWORK_ID, DEFAULTS),
                    down(PRIMARY, 10),
                    down(PRIMARY, 11),
                    up(SECONDARY, 11))));
    assertThat(plain.pinned()).isEmpty();
    assertThat(plain.lastCommandAtMs()).isEmpty();
  }

  @Test
  void theChainChecksTheOperatorsSignatureAndOrderOfCommands() {
    Roster roster = Certificates.NET.roster();
    VerifiedCommand pin = Commands.pin(SECONDARY, 12);
    Decision first = switched(apply(FailoverState.initial(NETWORK_ID, DEFAULTS), pin));
    DecisionChain chain = new DecisionChain(NETWORK_ID, TestDecisions.ROUTER);
    assertThat(chain.append(Commands.signedDecision(first), roster).isValid()).isTrue();

    // back to the primary by a command issued before the pin: a replay in the chain
    OperatorCommand older =
        OperatorCommand.pin(NETWORK_ID, TestDecisions.ROUTER, PRIMARY, Commands.at(11, 0));
    Decision replayed = pinnedDecision(first, older, Commands.signed(older, TestKeys.operator()));
    assertThat(chain.append(Commands.signedDecision(replayed), roster).toString())
        .startsWith("COMMAND_REPLAY");

    // a command signed by someone else is not the operator's
    OperatorCommand forged =
        OperatorCommand.pin(NETWORK_ID, TestDecisions.ROUTER, PRIMARY, Commands.at(13, 0));
    Decision byOutsider =
        pinnedDecision(first, forged, Commands.signed(forged, TestKeys.outsider(0)));
    assertThat(chain.append(Commands.signedDecision(byOutsider), roster).toString())
        .startsWith("NOT_THE_OPERATOR");
    assertThat(chain.decisions()).hasSize(1);
  }

  private static Decision pinnedDecision(
      Decision head, OperatorCommand c, SignedOperatorCommand signed) {
    return new Decision(
        NETWORK_ID,
        TestDecisions.ROUTER,
        head.to(),
        c.front().orElseThrow(),
        head.round() + 1,
        head.seq() + 1,
        head.id(),
        List.of(),
        DecisionReason.PINNED,
        Optional.of(signed));
  }
}
