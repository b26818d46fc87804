package org.peerprobe.bench.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.peerprobe.bench.compare.BenchOptions;
import org.peerprobe.bench.compare.Measurement;
import org.peerprobe.bench.compare.Row;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.sim.Scenario;
import org.peerprobe.node.sim.SimResult;
import org.peerprobe.node.sim.Simulation;
import org.peerprobe.node.sim.SingleObserverBaseline;

/**
 * False failovers on a healthy site, quorum against single observer: each scenario runs the seeded
 * simulation (25 observers in 5 networks, 2 s rounds, the signer plus {@link #FULL_OBSERVERS}
 * observers tallying) and replays the baseline on the same world. The quorum's figure is the
 * signer's failover decisions (each one a DNS switch). A last scenario breaks the primary for real,
 * to show that the quorum does fail over.
 */
public final class FalseFailovers implements Measurement {
  static final String SECTION = "false failovers";
  static final int OBSERVERS = 25;
  static final int NETWORKS = 5;

  /** Observers that tally besides the signer (0 and 1); the others only probe and publish. */
  static final Set<Integer> FULL_OBSERVERS = Set.of(0, 1);

  static final int RESTART_EVERY = 50;

  @Override
  public String name() {
    return "false-failovers";
  }

  @Override
  public List<Row> run(BenchOptions options) {
    int rounds = options.pick(500, 100);
    int f = Scenario.tolerated(OBSERVERS);
    List<Row> rows = new ArrayList<>();
    String setup =
        rounds + " rounds, " + OBSERVERS + " observers in " + NETWORKS + " networks, site healthy";

    Scenario liars = scenario(options, 1, rounds, b -> b.liars(f, Status.DOWN));
    SimResult l = run(options, "f liars", liars);
    int honest = firstHonest(liars);
    int liar = liars.liars().iterator().next();
    rows.add(
        quorumRow(setup + "; " + f + " liars (f = ⌊(n−1)/3⌋) always report DOWN", l, true)
            .baseline(
                "honest observer: "
                    + once(liars, honest)
                    + "; a liar (chance "
                    + f
                    + "/"
                    + OBSERVERS
                    + "): "
                    + once(liars, liar)));

    String brokenNet = TestNetwork.network(2);
    Scenario broken = scenario(options, 2, rounds, b -> b.brokenNetwork(brokenNet));
    SimResult b = run(options, "broken network", broken);
    rows.add(
        quorumRow(setup + "; one network (5 observers) broken: sees every front DOWN", b, true)
            .baseline(
                "in a healthy network: "
                    + once(broken, 0)
                    + "; in the broken one (chance 1/"
                    + NETWORKS
                    + "): "
                    + once(broken, 2)));

    Scenario loss = scenario(options, 3, rounds, x -> x.observationLoss(0.2));
    SimResult lo = run(options, "20% loss", loss);
    rows.add(
        quorumRow(setup + "; 20% of probes lost (time out, reported DOWN)", lo, false)
            .baseline(acrossObservers(loss)));

    Scenario skew =
        scenario(options, 4, rounds, x -> x.skewAThird(Scenario.DEFAULT_INTERVAL_MS / 2));
    SimResult sk = run(options, "clock skew", skew);
    rows.add(
        quorumRow(
                setup
                    + "; clocks of a third of the observers ±1 s (half an interval) off, "
                    + sk.late()
                    + " reports too late, "
                    + sk.signer().rejectedReports()
                    + " refused by the signer's window",
                sk,
                false)
            .baseline(acrossObservers(skew) + " (no rounds: skew cannot touch it)"));

    Scenario restarts =
        scenario(
            options, 5, rounds, x -> x.signerRestartEvery(RESTART_EVERY).liars(f, Status.DOWN));
    SimResult re = run(options, "signer restarts", restarts);
    rows.add(
        quorumRow(
                setup
                    + "; signer restarted every "
                    + RESTART_EVERY
                    + " rounds (down 1 round, tallies lost, machine resumed from its stored"
                    + " head), with "
                    + f
                    + " DOWN liars",
                re,
                false)
            .baseline("honest observer: " + once(restarts, firstHonest(restarts))));

    long breakAt = rounds / 2;
    Scenario real =
        scenario(options, 6, rounds, x -> x.primaryBreaksAt(breakAt).liars(f, Status.UP));
    SimResult rl = run(options, "primary really breaks", real);
    long after = rl.firstFailoverRound().map(r -> r - breakAt).orElse(-1L);
    SingleObserverBaseline.Result base = SingleObserverBaseline.run(real, firstHonest(real));
    rows.add(
        Row.of(
                "failover (sanity)",
                rounds
                    + " rounds, "
                    + OBSERVERS
                    + " observers; the primary really breaks at round "
                    + breakAt
                    + ", "
                    + f
                    + " liars report everything UP",
                rl.failovers()
                    + " failover"
                    + (after >= 0
                        ? ", decided in round " + (breakAt + after) + " (downRounds 2)"
                        : ""))
            .baseline(
                base.failovers()
                    + " failover, at its check in round "
                    + base.firstFailover().map(String::valueOf).orElse("—"))
            .target(
                "fails over, within 3 rounds of the break",
                rl.failovers() == 1 && after >= 0 && after <= 3));
    return rows;
  }

  private static Scenario scenario(
      BenchOptions options, long salt, int rounds, UnaryOperator<Scenario.Builder> faults) {
    return faults
        .apply(
            Scenario.builder(OBSERVERS, NETWORKS, rounds)
                .seed(options.seed() * 31 + salt)
                .fullObservers(FULL_OBSERVERS))
        .build();
  }

  private static SimResult run(BenchOptions options, String what, Scenario s) {
    Instant t = Instant.now();
    SimResult r = Simulation.run(s);
    options
        .log()
        .printf(
            Locale.ROOT,
            "  %s: %d failovers, %d reports, %d ms%n",
            what,
            r.failovers(),
            r.published(),
            Duration.between(t, Instant.now()).toMillis());
    return r;
  }

  private static Row quorumRow(String scenario, SimResult r, boolean withTarget) {
    Scenario s = r.scenario();
    long up = r.signer().roundsCertified(s, Scenario.ROUTER.primary(), Verdict.UP);
    Row row =
        Row.of(
            SECTION,
            scenario,
            r.failovers() + " (primary certified UP in " + up + " of " + s.rounds() + " rounds)");
    return withTarget ? row.target("0", r.failovers() == 0) : row;
  }

  private static int firstHonest(Scenario s) {
    return IntStream.range(0, s.observers())
        .filter(i -> !s.liars().contains(i))
        .findFirst()
        .orElseThrow();
  }

  /** The baseline's failovers as observer {@code i}, and when the first one happened. */
  private static String once(Scenario s, int i) {
    SingleObserverBaseline.Result r = SingleObserverBaseline.run(s, i);
    return r.failovers()
        + r.firstFailover().map(at -> " (first at round " + at + ")").orElse("")
        + (r.failbacks() == 0 && r.failovers() > 0 ? ", never back" : "");
  }

  /** The baseline replayed as each observer in turn: mean and range of its failovers. */
  private static String acrossObservers(Scenario s) {
    IntSummaryStatistics st =
        IntStream.range(0, s.observers())
            .map(i -> SingleObserverBaseline.run(s, i).failovers())
            .summaryStatistics();
    return String.format(
        Locale.ROOT,
        "%.1f on average (%d–%d) as each of the %d observers",
        st.getAverage(),
        st.getMin(),
        st.getMax(),
        s.observers());
  }
}
