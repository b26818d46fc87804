package org.peerprobe.bench.failover;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.peerprobe.bench.compare.BenchOptions;
import org.peerprobe.bench.compare.Measurement;
import org.peerprobe.bench.compare.Row;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.rfc2136.Rfc2136Provider;
import org.peerprobe.node.testing.BindServer;

/**
 * Time to failover (issue 7): the primary front breaks (503) at a random instant of a round; the
 * time until the router's CNAME answer at a real BIND changes, for peerprobe (25 observers in 5
 * networks, 2 s rounds, downRounds 2) and, over the same breaks, for the single-observer baseline
 * writing its own router record in the same zone; and the part of peerprobe's time spent after the
 * last observation its decision needed was published.
 */
public final class TimeToFailover implements Measurement {
  static final int OBSERVERS = 25;
  static final int NETWORKS = 5;
  static final Duration INTERVAL = Duration.ofSeconds(2);
  static final int DOWN_ROUNDS = 2;
  static final int TRIALS = 20;
  static final int QUICK_TRIALS = 5;

  /** Target of the overhead after the last needed observation (issue 7). */
  static final long OVERHEAD_TARGET_MS = 500;

  /** The baseline's check timeout, as the scripts' {@code curl --max-time}. */
  static final Duration BASELINE_TIMEOUT = Duration.ofSeconds(1);

  /** Longest wait for the network's first certificates. */
  static final Duration READY_DEADLINE = Duration.ofSeconds(30);

  static final String BASELINE_RECORD = "web-router-baseline." + Testbed.ZONE;

  @Override
  public String name() {
    return "failover";
  }

  @Override
  public List<Row> run(BenchOptions options) throws Exception {
    int trials = options.pick(TRIALS, QUICK_TRIALS);
    Random random = new Random(options.seed());
    List<Trial.Result> results = new ArrayList<>();
    try (BindServer bind =
            BindServer.start(
                Testbed.ZONE, Testbed.initialRecords(Testbed.routerRecord(), BASELINE_RECORD));
        Testbed net =
            Testbed.start(bind, OBSERVERS, NETWORKS, INTERVAL, DOWN_ROUNDS, random.nextLong());
        CnameWatch watch =
            new CnameWatch(bind.address(), List.of(Testbed.routerRecord(), BASELINE_RECORD));
        DnsProvider dns = Rfc2136Provider.open(bind.providerConfig().id("baseline").build());
        SingleObserverBaseline baseline =
            new SingleObserverBaseline(
                URI.create("http://127.0.0.1:" + net.primary().port() + "/"),
                BASELINE_RECORD,
                Testbed.host(Testbed.PRIMARY),
                Testbed.host(Testbed.SECONDARY),
                dns,
                BASELINE_TIMEOUT);
        Trial trial = new Trial(net, watch, baseline, BASELINE_RECORD, INTERVAL, random)) {
      baseline.start(Duration.ofMillis(random.nextInt((int) INTERVAL.toMillis())), INTERVAL);
      options
          .log()
          .println(
              "failover: "
                  + OBSERVERS
                  + " nodes and BIND at "
                  + bind.hostPort()
                  + " up; waiting for the first certificates");
      net.ready().get(READY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      Load load = Load.start();
      for (int i = 1; i <= trials; i++) {
        Trial.Result r = trial.run();
        results.add(r);
        options.log().println("failover: trial " + i + "/" + trials + ": " + describe(r));
      }
      String conditions = load.end();
      options.log().println("failover: " + conditions);
      return rows(results, trials, conditions);
    }
  }

  /**
   * The rows of {@code results}; {@code conditions} says how busy the machine was (it is shared,
   * and the 25 nodes share its cores, so CPU contention is part of every figure).
   */
  static List<Row> rows(List<Trial.Result> results, int trials, String conditions) {
    List<Long> pp = present(results, Trial.Result::peerprobe);
    List<Long> bl = present(results, Trial.Result::baseline);
    List<Long> overhead = present(results, Trial.Result::overhead);
    List<Long> blOverhead = present(results, Trial.Result::baselineToDns);
    String scenario =
        "primary 503; "
            + OBSERVERS
            + " observers / "
            + NETWORKS
            + " networks, "
            + INTERVAL.toSeconds()
            + " s rounds, downRounds "
            + DOWN_ROUNDS
            + "; "
            + trials
            + " trials, break instant random in the round, CNAME polled at a real BIND every "
            + CnameWatch.POLL.toMillis()
            + " ms; "
            + conditions;
    Row ttf =
        Row.of("time to failover", scenario, summary(pp, trials, Percentiles::seconds))
            .baseline(summary(bl, trials, Percentiles::seconds));
    boolean met = overhead.size() == trials && Percentiles.of(overhead).p95() <= OVERHEAD_TARGET_MS;
    String split =
        overhead.isEmpty()
            ? ""
            : " (p50 parts: "
                + p50(results, Trial.Result::toEvidence)
                + " ms until the signer holds the certificates, "
                + p50(results, Trial.Result::toDecision)
                + " ms to its durable signed decision, "
                + p50(results, Trial.Result::toDns)
                + " ms RFC 2136 fence read + write until BIND answers)";
    Row over =
        Row.of(
                "overhead after the last needed observation",
                "same trials: the report completing the decisive quorum published → CNAME answer"
                    + " changed at BIND"
                    + split,
                summary(overhead, trials, Percentiles::millis))
            .baseline(summary(blOverhead, trials, Percentiles::millis) + " (failed check → BIND)")
            .target("p95 ≤ " + OVERHEAD_TARGET_MS + " ms", met);
    return List.of(ttf, over);
  }

  private static long p50(List<Trial.Result> results, Function<Trial.Result, OptionalLong> part) {
    return Percentiles.of(present(results, part)).p50();
  }

  private static String summary(
      List<Long> sample, int trials, java.util.function.LongFunction<String> unit) {
    if (sample.isEmpty()) {
      return "no trial switched within " + Trial.DEADLINE.toSeconds() + " s";
    }
    String s = Percentiles.of(sample).format(unit);
    return sample.size() == trials
        ? s
        : s + " (" + (trials - sample.size()) + " of " + trials + " trials missing)";
  }

  private static List<Long> present(
      List<Trial.Result> results, Function<Trial.Result, OptionalLong> part) {
    List<Long> out = new ArrayList<>();
    for (Trial.Result r : results) {
      OptionalLong v = part.apply(r);
      if (v.isPresent()) {
        out.add(v.getAsLong());
      }
    }
    return out;
  }

  private static String describe(Trial.Result r) {
    return "break at +"
        + r.breakOffsetMs()
        + " ms into the round; peerprobe "
        + ms(r.peerprobe())
        + " (last needed report → signer holds certificates "
        + ms(r.toEvidence())
        + " → decision "
        + ms(r.toDecision())
        + " → BIND "
        + ms(r.toDns())
        + "); baseline "
        + ms(r.baseline())
        + " (check → BIND "
        + ms(r.baselineToDns())
        + ")";
  }

  private static String ms(OptionalLong v) {
    return v.isPresent() ? v.getAsLong() + " ms" : "—";
  }
}
