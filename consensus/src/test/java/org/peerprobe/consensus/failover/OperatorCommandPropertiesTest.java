package org.peerprobe.consensus.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.consensus.testing.TestNetwork.NETWORK_ID;
import static org.peerprobe.consensus.testing.TestNetwork.PRIMARY;
import static org.peerprobe.consensus.testing.TestNetwork.SECONDARY;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.peerprobe.consensus.model.CommandAction;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.model.OperatorCommand;
import org.peerprobe.consensus.model.VerifiedCommand;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;

/**
 * Over random policies and random rounds of certificates (UP, DOWN or none for each front)
 * interleaved with operator commands (pin either front, unpin, failback, a replay of an earlier
 * command, a command signed by an outsider): a replay never changes the state, a pinned router is
 * never switched by a certificate, every switch made by a command carries it and follows from it,
 * and all decisions form a chain {@link DecisionChain} accepts.
 */
class OperatorCommandPropertiesTest {
  /** Command codes of a round. */
  static final int NONE = 0;

  static final int PIN_PRIMARY = 1;
  static final int PIN_SECONDARY = 2;
  static final int UNPIN = 3;
  static final int FAILBACK = 4;
  static final int REPLAY = 5;
  static final int OUTSIDER = 6;

  /** One round: certificate codes of both fronts (0 none, 1 UP, 2 DOWN) and a command code. */
  record RoundPlan(int primary, int secondary, int command) {}

  @Provide
  Arbitrary<List<RoundPlan>> plans() {
    Arbitrary<Integer> certs = Arbitraries.integers().between(0, 2);
    Arbitrary<Integer> commands =
        Arbitraries.frequency(
            net.jqwik.api.Tuple.of(10, NONE),
            net.jqwik.api.Tuple.of(2, PIN_PRIMARY),
            net.jqwik.api.Tuple.of(2, PIN_SECONDARY),
            net.jqwik.api.Tuple.of(2, UNPIN),
            net.jqwik.api.Tuple.of(2, FAILBACK),
            net.jqwik.api.Tuple.of(2, REPLAY),
            net.jqwik.api.Tuple.of(1, OUTSIDER));
    return net.jqwik.api.Combinators.combine(certs, certs, commands)
        .as(RoundPlan::new)
        .list()
        .ofMinSize(5)
        .ofMaxSize(30);
  }

  @Provide
  Arbitrary<RouterPolicy> policies() {
    return net.jqwik.api.Combinators.combine(
            Arbitraries.integers().between(1, 2),
            Arbitraries.of(FailbackMode.class),
            Arbitraries.integers().between(0, 3))
        .as(
            (streak, mode, cooldown) ->
                RouterPolicy.builder(TestDecisions.ROUTER, PRIMARY, SECONDARY)
                    .downRounds(streak)
                    .upRounds(streak)
                    .failback(mode)
                    .cooldownRounds(cooldown)
                    .build());
  }

  @Property(tries = 200)
  void commandsActOnceAndPinsHold(
      @ForAll("policies") RouterPolicy policy, @ForAll("plans") List<RoundPlan> plan) {
    FailoverState s = FailoverState.initial(NETWORK_ID, policy);
    DecisionChain chain = new DecisionChain(NETWORK_ID, TestDecisions.ROUTER);
    List<VerifiedCommand> issued = new ArrayList<>();
    for (int r = 0; r < plan.size(); r++) {
      RoundPlan p = plan.get(r);
      s = certificate(s, PRIMARY, r, p.primary(), chain);
      s = certificate(s, SECONDARY, r, p.secondary(), chain);
      Optional<VerifiedCommand> c = command(p.command(), r, issued);
      if (c.isEmpty()) {
        continue;
      }
      Step step = Commands.apply(s, c.get());
      boolean replay = s.replays(c.get().command().issuedAtMs());
      Statistics.label("command").collect(replay ? "replay" : step.getClass().getSimpleName());
      if (replay) {
        assertThat(step).isInstanceOf(Step.Refused.class);
        assertThat(step.state()).isEqualTo(s);
      } else {
        issued.add(c.get());
        checkTaken(s, c.get(), step, chain);
      }
      s = step.state();
    }
  }

  private static FailoverState certificate(
      FailoverState s, String front, long round, int code, DecisionChain chain) {
    if (code == 0) {
      return s;
    }
    Step step =
        FailoverMachine.onCertificate(
            s, code == 1 ? Certificates.up(front, round) : Certificates.down(front, round));
    if (s.pinned().isPresent()) {
      assertThat(step)
          .as("a pinned router is not switched by certificates")
          .isInstanceOf(Step.Unchanged.class);
      assertThat(step.state().pinned()).isEqualTo(s.pinned());
    }
    if (step instanceof Step.Switched sw) {
      Statistics.label("certificate switch").collect(sw.decision().reason());
      assertThat(sw.decision().command()).isEmpty();
      append(chain, sw.decision());
    }
    return step.state();
  }

  private static void checkTaken(
      FailoverState before, VerifiedCommand c, Step step, DecisionChain chain) {
    OperatorCommand cmd = c.command();
    assertThat(step.state().replays(cmd.issuedAtMs())).as("the command is spent").isTrue();
    if (step instanceof Step.Switched sw) {
      Decision d = sw.decision();
      assertThat(d.command()).contains(c.signed());
      assertThat(d.round()).isEqualTo(cmd.issuedAtMs() / Commands.ROUND_MS);
      if (cmd.action() == CommandAction.PIN) {
        assertThat(d.reason()).isEqualTo(DecisionReason.PINNED);
        assertThat(d.to()).isEqualTo(cmd.front().orElseThrow());
        assertThat(step.state().pinned()).isEqualTo(cmd.front());
      } else {
        assertThat(cmd.action()).isEqualTo(CommandAction.FAILBACK);
        assertThat(before.pinned()).isEmpty();
        assertThat(d.reason()).isEqualTo(DecisionReason.MANUAL_FAILBACK);
        assertThat(d.to()).isEqualTo(before.policy().primary());
        assertThat(d.certificates()).hasSize(1);
      }
      append(chain, d);
    } else if (step instanceof Step.Unchanged) {
      assertThat(cmd.action()).isIn(CommandAction.PIN, CommandAction.UNPIN);
      assertThat(step.state().pinned())
          .isEqualTo(cmd.action() == CommandAction.PIN ? cmd.front() : Optional.empty());
      assertThat(step.state().active()).isEqualTo(before.active());
    } else {
      assertThat(step.state().active()).isEqualTo(before.active());
      assertThat(step.state().pinned()).isEqualTo(before.pinned());
    }
  }

  private static Optional<VerifiedCommand> command(
      int code, long round, List<VerifiedCommand> issued) {
    return switch (code) {
      case PIN_PRIMARY -> Optional.of(Commands.pin(PRIMARY, round));
      case PIN_SECONDARY -> Optional.of(Commands.pin(SECONDARY, round));
      case UNPIN -> Optional.of(Commands.unpin(round));
      case FAILBACK -> Optional.of(Commands.failback(round));
      case REPLAY ->
          issued.isEmpty()
              ? Optional.empty()
              : Optional.of(issued.get((int) round % issued.size()));
      case OUTSIDER -> {
        OperatorCommand c =
            OperatorCommand.unpin(NETWORK_ID, TestDecisions.ROUTER, Commands.at(round, 3));
        assertThat(
                Commands.signed(c, TestKeys.outsider(1))
                    .verify(Certificates.NET.roster())
                    .isValid())
            .isFalse();
        yield Optional.empty();
      }
      default -> Optional.empty();
    };
  }

  private static void append(DecisionChain chain, Decision d) {
    assertThat(chain.append(Commands.signedDecision(d), Certificates.NET.roster()).isValid())
        .as("decision %s appends", d)
        .isTrue();
  }
}
