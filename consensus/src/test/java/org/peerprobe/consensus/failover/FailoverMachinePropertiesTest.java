package org.peerprobe.consensus.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.consensus.testing.TestNetwork.NETWORK_ID;
import static org.peerprobe.consensus.testing.TestNetwork.PRIMARY;
import static org.peerprobe.consensus.testing.TestNetwork.SECONDARY;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.quorum.VerifiedCertificate;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;

/**
 * Property (e): over random policies and random streams of verified certificates (UP and DOWN for
 * both fronts, duplicates, contradictions, other fronts, another network, out of order by up to
 * three rounds) interleaved with manual failback commands, every step satisfies {@link
 * FailoverInvariants} — in particular no switch without a valid UP certificate of its target in its
 * round or the one before, and no two switches within the cooldown — and the decisions made form a
 * chain that {@link DecisionChain} accepts.
 *
 * <p>The streams follow a random "true" health timeline of both fronts, so that switches of every
 * kind actually happen (see the coverage checks), plus noise.
 */
class FailoverMachinePropertiesTest {

  sealed interface Input {
    long sortKey();
  }

  record CertificateInput(VerifiedCertificate cert, long sortKey) implements Input {}

  record ManualFailback(long round, long sortKey) implements Input {}

  record Scenario(RouterPolicy policy, boolean resumed, List<Input> inputs) {}

  /** Per round: status flips of both fronts, certificate coverage codes, jitters, manual code. */
  record RoundPlan(
      boolean flipPrimary,
      boolean flipSecondary,
      int codeP,
      int codeS,
      int jitterP,
      int jitterS,
      int manual) {}

  @Provide
  Arbitrary<RouterPolicy> policies() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 3),
            Arbitraries.integers().between(1, 3),
            Arbitraries.of(FailbackMode.class),
            Arbitraries.integers().between(0, 6))
        .as(
            (down, up, mode, cooldown) ->
                RouterPolicy.builder(TestDecisions.ROUTER, PRIMARY, SECONDARY)
                    .downRounds(down)
                    .upRounds(up)
                    .failback(mode)
                    .cooldownRounds(cooldown)
                    .build());
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Integer> codes = Arbitraries.integers().between(0, 19);
    Arbitrary<Integer> jitters = Arbitraries.integers().between(0, 3);
    Arbitrary<Boolean> flips =
        Arbitraries.frequency(net.jqwik.api.Tuple.of(1, true), net.jqwik.api.Tuple.of(4, false));
    Arbitrary<RoundPlan> plans =
        Combinators.combine(
                flips, flips, codes, codes, jitters, jitters, Arbitraries.integers().between(0, 7))
            .as(RoundPlan::new);
    Arbitrary<List<Noise>> noise =
        Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 40),
                Arbitraries.of(Verdict.UP, Verdict.DOWN))
            .as(Noise::new)
            .list()
            .ofMaxSize(6);
    return Combinators.combine(
            policies(),
            Arbitraries.frequency(
                net.jqwik.api.Tuple.of(1, true), net.jqwik.api.Tuple.of(4, false)),
            Arbitraries.integers().between(0, 3),
            plans.list().ofMinSize(8).ofMaxSize(36),
            noise)
        .as(FailoverMachinePropertiesTest::scenario);
  }

  /** A stray certificate: front 0/1 = primary/secondary, 2 = another front, 3 = another network. */
  record Noise(int kind, int round, Verdict verdict) {}

  private static Scenario scenario(
      RouterPolicy policy, boolean resumed, int base, List<RoundPlan> plans, List<Noise> noise) {
    List<Input> inputs = new ArrayList<>();
    boolean primaryUp = true;
    boolean secondaryUp = true;
    for (int i = 0; i < plans.size(); i++) {
      RoundPlan p = plans.get(i);
      long round = base + i;
      primaryUp ^= p.flipPrimary();
      secondaryUp ^= p.flipSecondary();
      certificates(inputs, PRIMARY, round, primaryUp, p.codeP(), round + p.jitterP());
      certificates(inputs, SECONDARY, round, secondaryUp, p.codeS(), round + p.jitterS());
      if (p.manual() == 0) {
        inputs.add(new ManualFailback(round, round + 1));
      } else if (p.manual() == 1) {
        inputs.add(new ManualFailback(round, round + 3));
      }
    }
    for (Noise n : noise) {
      VerifiedCertificate c =
          switch (n.kind()) {
            case 0 -> Certificates.of(PRIMARY, n.round(), n.verdict(), 1);
            case 1 -> Certificates.of(SECONDARY, n.round(), n.verdict(), 1);
            case 2 -> Certificates.of("other-front", n.round(), n.verdict(), 0);
            default -> Certificates.of(Certificates.OTHER_NET, PRIMARY, n.round(), n.verdict(), 0);
          };
      inputs.add(new CertificateInput(c, n.round()));
    }
    inputs.sort(Comparator.comparingLong(Input::sortKey));
    return new Scenario(policy, resumed, inputs);
  }

  /**
   * Codes 0..13: a certificate of the truth; 14..16: two different ones; 17..18: the truth and a
   * contradicting one; 19: none.
   */
  private static void certificates(
      List<Input> out, String front, long round, boolean up, int code, long sortKey) {
    if (code == 19) {
      return;
    }
    Verdict truth = up ? Verdict.UP : Verdict.DOWN;
    out.add(new CertificateInput(Certificates.of(front, round, truth, 0), sortKey));
    if (code >= 14 && code <= 16) {
      out.add(new CertificateInput(Certificates.of(front, round, truth, 1), sortKey));
    } else if (code >= 17) {
      Verdict lie = up ? Verdict.DOWN : Verdict.UP;
      out.add(new CertificateInput(Certificates.of(front, round, lie, 0), sortKey + code - 17));
    }
  }

  @Property(tries = 200)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void everySwitchIsJustifiedAndCooledDown(@ForAll("scenarios") Scenario sc) {
    FailoverState state =
        sc.resumed()
            ? FailoverState.resume(NETWORK_ID, sc.policy(), TestDecisions.after(null, 0))
            : FailoverState.initial(NETWORK_ID, sc.policy());
    FailoverInvariants invariants = new FailoverInvariants(state);
    for (Input input : sc.inputs()) {
      if (input instanceof CertificateInput c) {
        Step step = FailoverMachine.onCertificate(state, c.cert());
        invariants.afterCertificate(c.cert(), step);
        state = step.state();
      } else if (input instanceof ManualFailback m) {
        Step step = FailoverMachine.onManualFailback(state, m.round());
        invariants.afterManualFailback(m.round(), step);
        state = step.state();
      }
    }

    DecisionChain chain = new DecisionChain(NETWORK_ID, TestDecisions.ROUTER);
    if (sc.resumed()) {
      Decision first = TestDecisions.after(null, 0);
      chain
          .append(SignedDecision.sign(first, TestKeys.signer()), Certificates.NET.roster())
          .orElseThrow();
    }
    for (Decision d : invariants.decisions()) {
      assertThat(
              chain
                  .append(SignedDecision.sign(d, TestKeys.signer()), Certificates.NET.roster())
                  .isValid())
          .as("decision %s extends the chain", d)
          .isTrue();
    }

    List<String> reasons = invariants.decisions().stream().map(d -> d.reason().name()).toList();
    Statistics.label("switches").collect(Math.min(reasons.size(), 4));
    for (String reason : List.of("FAILOVER", "FAILBACK", "MANUAL_FAILBACK")) {
      Statistics.label(reason)
          .collect(reasons.contains(reason))
          .coverage(check -> check.check(true).percentage(p -> p >= 5));
    }
  }
}
