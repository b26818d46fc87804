package org.peerprobe.consensus.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.consensus.quorum.ByzantineRound.ROUND;
import static org.peerprobe.consensus.quorum.ByzantineRound.contradiction;
import static org.peerprobe.consensus.testing.TestNetwork.PRIMARY;
import static org.peerprobe.consensus.testing.TestNetwork.SECONDARY;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.QuorumPolicy;
import org.peerprobe.consensus.model.Ratio;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.quorum.ByzantineRound.LiarMove;
import org.peerprobe.consensus.quorum.ByzantineRound.Outcome;
import org.peerprobe.consensus.testing.RosterArbitraries;
import org.peerprobe.consensus.testing.RosterSpec;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/**
 * Property (a), safety: liars cannot produce a verdict that contradicts the honest observers.
 *
 * <p>Precise claim. Let W be the roster's total weight, t the policy threshold, and L the set of
 * lying observers; every other observer reports the same status S for a front (or nothing at all:
 * honest observers that abstain only help the liars). If {@code weight(L) < t·W}, then neither the
 * tally nor any certificate that {@link CertificateVerifier} accepts says ¬S for that front, for
 * any policy and any network assignment. Reason: only liars sign ¬S, the verifier and the tally
 * count each observer at most once, and counted weight never exceeds raw weight ({@code min(w_i,
 * s·C) ≤ w_i}), so the ¬S support counts at most {@code weight(L) < t·W}. Caps and minNetworks only
 * make it harder.
 *
 * <p>With the default threshold 2/3 this contains the classic bound — f = ⌊(n−1)/3⌋ liars among n
 * equal-weight observers, and its weighted analogue {@code weight(L) < W/3} — with room to spare:
 * safety alone tolerates liars up to just below 2/3 of the weight. The 1/3 bound is what lets
 * safety and liveness ({@link ByzantineLivenessPropertiesTest}) hold together. The generator
 * therefore packs liars right up to the {@code t·W} boundary, where a bug in the weight comparison
 * would show.
 */
class ByzantineSafetyPropertiesTest {

  record SafetyCase(
      RosterSpec roster,
      Set<Integer> liars,
      List<LiarMove> moves,
      Map<String, Status> truth,
      long seed) {}

  @Provide
  Arbitrary<Map<String, Status>> truths() {
    return Combinators.combine(Arbitraries.of(Status.class), Arbitraries.of(Status.class))
        .as((p, s) -> Map.of(PRIMARY, p, SECONDARY, s));
  }

  @Provide
  Arbitrary<SafetyCase> belowThreshold() {
    return RosterArbitraries.rosters()
        .flatMap(
            spec ->
                Combinators.combine(
                        Arbitraries.frequency(Tuple.of(3, true), Tuple.of(1, false))
                            .list()
                            .ofSize(spec.size()),
                        Arbitraries.of(LiarMove.class).list().ofSize(spec.size()),
                        truths(),
                        Arbitraries.longs())
                    .as(
                        (wantsToLie, moves, truth, seed) ->
                            new SafetyCase(
                                spec, liarsBelow(spec, wantsToLie, seed), moves, truth, seed)));
  }

  /**
   * Observers that want to lie join the liars, in a seeded random order, while the liars' weight
   * stays strictly below threshold × total.
   */
  private static Set<Integer> liarsBelow(RosterSpec spec, List<Boolean> wantsToLie, long seed) {
    Ratio t = spec.policy().threshold();
    long total = spec.totalWeight();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < spec.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    Set<Integer> liars = new TreeSet<>();
    long weight = 0;
    for (int i : order) {
      long next = weight + spec.weight(i);
      if (wantsToLie.get(i) && next * t.den() < t.num() * total) {
        liars.add(i);
        weight = next;
      }
    }
    return liars;
  }

  @Property(tries = 60)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void liarsBelowTheThresholdNeverForceAContradictingVerdict(
      @ForAll("belowThreshold") SafetyCase c) {
    TestNetwork net = c.roster().build();
    Outcome o = ByzantineRound.run(net, c.liars(), c.moves(), c.truth(), c.seed());
    assertNoContradiction(net, c.truth(), o);

    Ratio t = c.roster().policy().threshold();
    long liarWeight = c.roster().weightOf(c.liars());
    long thresholdWeightPercent = t.num() * c.roster().totalWeight() * 100 / t.den();
    Statistics.label("liar weight, % of threshold weight")
        .collect(
            thresholdWeightPercent == 0
                ? 0
                : liarWeight * 10000 / thresholdWeightPercent / 10 * 10);
    Statistics.label("honest verdict on the primary")
        .collect(o.tally().tally(PRIMARY).verdict().name());
  }

  /**
   * Sybils: liars all admitted for one network cannot force a verdict whatever their weight — here
   * usually well above t·W — whenever the policy needs two networks or caps a network below the
   * whole. Each protection is exercised alone: minNetworks ≥ 2 with no cap (share 1), and a cap
   * below 1 with minNetworks 1.
   */
  @Property(tries = 40)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void liarsConfinedToOneNetworkNeverForceAVerdict(@ForAll("oneNetworkLiars") SafetyCase c) {
    TestNetwork net = c.roster().build();
    Outcome o = ByzantineRound.run(net, c.liars(), c.moves(), c.truth(), c.seed());
    assertNoContradiction(net, c.truth(), o);
    QuorumPolicy p = c.roster().policy();
    boolean heavy =
        c.roster().weightOf(c.liars()) * p.threshold().den()
            >= p.threshold().num() * c.roster().totalWeight();
    Statistics.label("liars hold at least the threshold weight")
        .collect(heavy)
        .coverage(check -> check.check(true).percentage(pct -> pct >= 10));
    Statistics.label("protection")
        .collect(p.minNetworks() >= 2 ? "minNetworks" : "cap")
        .coverage(
            check -> {
              check.check("minNetworks").percentage(pct -> pct >= 5);
              check.check("cap").percentage(pct -> pct >= 5);
            });
  }

  @Provide
  Arbitrary<SafetyCase> oneNetworkLiars() {
    Arbitrary<QuorumPolicy> needsSpread =
        Arbitraries.oneOf(
            Combinators.combine(
                    RosterArbitraries.policies().map(QuorumPolicy::threshold),
                    Arbitraries.integers().between(2, 4))
                .as((t, min) -> new QuorumPolicy(t, min, new Ratio(1, 1))),
            RosterArbitraries.policies()
                .filter(p -> p.maxNetworkShare().num() < p.maxNetworkShare().den())
                .map(p -> new QuorumPolicy(p.threshold(), 1, p.maxNetworkShare())));
    return RosterArbitraries.rosters(1, RosterArbitraries.MAX_OBSERVERS, needsSpread)
        .flatMap(
            spec ->
                Combinators.combine(
                        Arbitraries.of(LiarMove.class).list().ofSize(spec.size()),
                        truths(),
                        Arbitraries.longs())
                    .as(
                        (moves, truth, seed) -> {
                          // Every observer of network 0 is a Sybil of the heaviest weight.
                          Set<Integer> liars = new TreeSet<>();
                          List<Integer> weights = new ArrayList<>(spec.weights());
                          for (int i = 0; i < spec.size(); i++) {
                            if (spec.networks().get(i) == 0) {
                              liars.add(i);
                              weights.set(i, 1000);
                            }
                          }
                          RosterSpec sybils =
                              new RosterSpec(weights, spec.networks(), spec.policy());
                          return new SafetyCase(sybils, liars, moves, truth, seed);
                        }));
  }

  private static void assertNoContradiction(TestNetwork net, Map<String, Status> truth, Outcome o) {
    for (String front : truth.keySet()) {
      Status s = truth.get(front);
      assertThat(o.tally().tally(front).verdict())
          .as("verdict on %s, truth %s", front, s)
          .isNotEqualTo(contradiction(s));
      o.tally()
          .certificate(front)
          .ifPresent(
              cert -> {
                assertThat(cert.verdict().supportingStatus()).isEqualTo(s);
                assertThat(CertificateVerifier.verify(cert, net.roster()).isValid()).isTrue();
              });
      List<SignedReport> dissent = o.dissent().get(front);
      if (!dissent.isEmpty()) {
        QuorumCertificate forged =
            new QuorumCertificate(net.networkId(), 1, front, ROUND, contradiction(s), dissent);
        Validated<VerifiedCertificate> v = CertificateVerifier.verify(forged, net.roster());
        assertThat(v).isInstanceOf(Validated.Invalid.class);
        assertThat(((Validated.Invalid<VerifiedCertificate>) v).rejection())
            .isEqualTo(Rejection.QUORUM_NOT_MET);
      }
      // A forger holding every report gossiped this round stuffs one per observer into a
      // certificate for ¬S: the honest ones among them do not support it.
      QuorumCertificate stuffed = stuffed(net, front, s, dissent, o.sent());
      if (stuffed != null) {
        assertThat(CertificateVerifier.verify(stuffed, net.roster()).isValid()).isFalse();
      }
    }
  }

  /** ¬S certificate of the liars' dissent plus one other report of every remaining observer. */
  private static QuorumCertificate stuffed(
      TestNetwork net,
      String front,
      Status s,
      List<SignedReport> dissent,
      List<SignedReport> sent) {
    Map<Ed25519PublicKey, SignedReport> one = new HashMap<>();
    dissent.forEach(r -> one.put(r.report().observer(), r));
    for (SignedReport r : sent) {
      if (r.report().observationOf(front).isPresent()) {
        one.putIfAbsent(r.report().observer(), r);
      }
    }
    if (one.size() == dissent.size()) {
      return null;
    }
    return new QuorumCertificate(
        net.networkId(), 1, front, ROUND, contradiction(s), new ArrayList<>(one.values()));
  }
}
