package org.peerprobe.bench.sim;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.peerprobe.bench.compare.BenchOptions;
import org.peerprobe.bench.compare.Measurement;
import org.peerprobe.bench.compare.Row;
import org.peerprobe.consensus.model.FailureClass;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.PhaseTimings;
import org.peerprobe.consensus.model.RoundReport;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.sim.Scenario;

/**
 * The signer's work in one round for 100, 1,000 and 10,000 observers × {@value #FRONTS} fronts, on
 * the calling thread (one core): validate every signed report (one Ed25519 verification each),
 * count it, tally every front and build its certificate, then re-verify every certificate (reusing
 * the signatures the tally verified). The signed reports are made beforehand, outside the timed
 * part, from deterministic keys and a seeded {@link Random}: every front has a true status (the
 * first {@value #DOWN_FRONTS} DOWN) from which each observer strays with chance {@value #DISSENT}.
 * Each timed round starts from an empty tally and an empty signature memo; the figure is the
 * median, in wall time (as asked) with the thread's CPU time beside it (the machine may be shared).
 *
 * <p>Two paths: the consensus core's batch (one {@code RoundTally}, each front certified once at
 * the end), and the node's {@code TallyBook}, fed report by report as a node is, which re-tallies
 * the report's fronts on each add; its figure is the median of 5 rounds (1 with {@code --quick}),
 * each cut off after a cap: before {@code RoundTally} kept running weights, each add re-counted
 * every held report and the round grew with the square of the roster (over 60 s at 10,000).
 */
public final class Scale implements Measurement {
  static final int FRONTS = 10;
  static final int NETWORKS = 10;
  static final int DOWN_FRONTS = 2;
  static final double DISSENT = 0.1;
  static final long TARGET_MS = 2000;
  static final long ROUND = TestNetwork.OBSERVED_AT_MS / Scenario.DEFAULT_INTERVAL_MS;
  private static final PhaseTimings TIMINGS = PhaseTimings.of(1200, 8300, 21000, 45000, 46000);

  @Override
  public String name() {
    return "scale";
  }

  @Override
  public List<Row> run(BenchOptions options) {
    List<Row> batch = new ArrayList<>();
    List<Row> node = new ArrayList<>();
    long cap = options.pick(60_000, 10_000);
    for (int n : new int[] {100, 1_000, 10_000}) {
      Instant t = Instant.now();
      TestNetwork net = TestNetwork.of(n, NETWORKS);
      List<SignedReport> reports = reports(net, ROUND, new Random(options.seed() + n));
      options
          .log()
          .printf(
              Locale.ROOT,
              "  %,d observers: %,d reports signed in %d ms (not timed)%n",
              n,
              reports.size(),
              Duration.between(t, Instant.now()).toMillis());
      boolean big = n == 10_000;
      int reps = big ? options.pick(5, 3) : options.pick(9, 3);
      if (!(options.quick() && big)) {
        SignerRound.batch(net.roster(), ROUND, reports, fronts()); // warm-up, not counted
      }
      List<SignerRound.Timing> times = new ArrayList<>();
      for (int i = 0; i < reps; i++) {
        times.add(
            log(options, n, "batch", SignerRound.batch(net.roster(), ROUND, reports, fronts())));
      }
      batch.add(
          row(
              n,
              "validate + tally + "
                  + FRONTS
                  + " certificates + re-verify them (the signer's round, one RoundTally)",
              times,
              n));
      List<SignerRound.Timing> nodeTimes = new ArrayList<>();
      int nodeReps = n == 100 ? reps : options.pick(5, 1);
      for (int i = 0; i < nodeReps; i++) {
        nodeTimes.add(log(options, n, "node", SignerRound.node(net.roster(), ROUND, reports, cap)));
      }
      node.add(
          row(
              n,
              "the same through the node's TallyBook, report by report as gossip delivers them"
                  + " (each add re-tallies the report's fronts)",
              nodeTimes,
              n));
    }
    List<Row> rows = new ArrayList<>(batch);
    rows.addAll(node);
    return rows;
  }

  private static SignerRound.Timing log(
      BenchOptions options, int n, String path, SignerRound.Timing t) {
    options
        .log()
        .printf(
            Locale.ROOT,
            "  %,d observers, %s: %d ms wall (tally %d + verify %d), %d ms CPU, %,d reports"
                + " counted%n",
            n,
            path,
            t.totalMs(),
            t.tallyMs(),
            t.verifyMs(),
            t.cpuMs(),
            t.counted());
    return t;
  }

  private static Row row(int n, String what, List<SignerRound.Timing> times, int reports) {
    String scenario =
        String.format(
            Locale.ROOT,
            "%,d observers × %d fronts in %d networks, one thread: %s; reports pre-signed",
            n,
            FRONTS,
            NETWORKS,
            what);
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    List<SignerRound.Timing> sorted =
        times.stream().sorted(Comparator.comparingLong(SignerRound.Timing::totalMs)).toList();
    SignerRound.Timing mid = sorted.get(sorted.size() / 2);
    boolean complete = times.stream().allMatch(t -> t.counted() == reports);
    String value =
        complete
            ? String.format(
                Locale.ROOT,
                "%,d ms wall (median of %d; tally %,d + verify %,d), %,d ms CPU; load avg %.1f",
                mid.totalMs(),
                times.size(),
                mid.tallyMs(),
                mid.verifyMs(),
                mid.cpuMs(),
                load)
            : String.format(
                Locale.ROOT,
                "> %,d ms: stopped with %,d of %,d reports counted (%,d ms CPU); load avg %.1f",
                mid.totalMs(),
                mid.counted(),
                reports,
                mid.cpuMs(),
                load);
    Row row = Row.of("scale (simulated)", scenario, value);
    return n == 10_000
        ? row.target(
            String.format(Locale.ROOT, "≤ %,d ms (one 2 s round)", TARGET_MS),
            complete && mid.totalMs() <= TARGET_MS)
        : row;
  }

  private static List<String> fronts() {
    List<String> out = new ArrayList<>(FRONTS);
    for (int f = 0; f < FRONTS; f++) {
      out.add(front(f));
    }
    return out;
  }

  private static List<SignedReport> reports(TestNetwork net, long round, Random random) {
    List<SignedReport> out = new ArrayList<>(net.size());
    for (int i = 0; i < net.size(); i++) {
      List<Observation> obs = new ArrayList<>(FRONTS);
      for (int f = 0; f < FRONTS; f++) {
        boolean up = f >= DOWN_FRONTS;
        if (random.nextDouble() < DISSENT) {
          up = !up;
        }
        long at = TestNetwork.OBSERVED_AT_MS + random.nextInt(1000);
        obs.add(
            up
                ? Observation.up(front(f), 200, TIMINGS, at)
                : Observation.down(front(f), FailureClass.HTTP_STATUS, 502, TIMINGS, at));
      }
      RoundReport r =
          RoundReport.of(
              net.networkId(), round, net.key(i).publicKey(), net.observer(i).network(), obs);
      out.add(SignedReport.sign(r, net.key(i)));
    }
    return out;
  }

  static String front(int f) {
    return "front-" + f;
  }
}
