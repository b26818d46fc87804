package org.peerprobe.consensus.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.consensus.testing.TestNetwork.PRIMARY;
import static org.peerprobe.consensus.testing.TestNetwork.SECONDARY;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.QuorumPolicy;
import org.peerprobe.consensus.model.Ratio;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.quorum.ByzantineRound.LiarMove;
import org.peerprobe.consensus.quorum.ByzantineRound.Outcome;
import org.peerprobe.consensus.testing.ReferenceQuorum;
import org.peerprobe.consensus.testing.RosterArbitraries;
import org.peerprobe.consensus.testing.RosterSpec;
import org.peerprobe.consensus.testing.TestNetwork;

/**
 * Property (b), liveness: when the honest observers' agreeing set alone meets the policy — its
 * counted weight, after the per-network cap, is at least threshold × the whole roster's weight
 * (liars included), over at least minNetworks networks — the tally reaches the honest verdict and
 * its certificate verifies, whatever the liars do: vote the opposite, agree, equivocate (their
 * votes are then withdrawn), lie about their network, or stay silent.
 *
 * <p>Why it holds: only honest reports and liars' agreeing reports count for S, honest reports are
 * never withdrawn, and counted weight is monotone in every network's weight; and ¬S cannot also be
 * reached, since that would need more than the remaining 1 − t &lt; 1/2 of the weight.
 */
class ByzantineLivenessPropertiesTest {

  /** Observers {@code 0..honest-1} are honest; the rest lie. */
  record LivenessCase(
      RosterSpec roster, int honest, List<LiarMove> moves, Map<String, Status> truth, long seed) {
    Set<Integer> liars() {
      return IntStream.range(honest, roster.size()).boxed().collect(Collectors.toSet());
    }
  }

  /** Policies whose caps let a handful of networks count: s ∈ {1/3, 1/2, 2/3, 1}. */
  private static Arbitrary<QuorumPolicy> livenessPolicies() {
    Arbitrary<QuorumPolicy> random =
        Combinators.combine(
                Arbitraries.integers()
                    .between(2, 12)
                    .flatMap(
                        den ->
                            Arbitraries.integers()
                                .between(den / 2 + 1, den)
                                .map(num -> new Ratio(num, den))),
                Arbitraries.integers().between(1, 3),
                Arbitraries.of(new Ratio(1, 3), new Ratio(1, 2), new Ratio(2, 3), new Ratio(1, 1)))
            .as(QuorumPolicy::new);
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(QuorumPolicy.DEFAULT)), Tuple.of(2, random));
  }

  @Provide
  Arbitrary<LivenessCase> honestQuorum() {
    return livenessPolicies()
        .flatMap(
            policy ->
                RosterArbitraries.rosters(1, 150, Arbitraries.just(policy))
                    .filter(h -> ReferenceQuorum.spareWeight(all(h), policy) >= 0)
                    .filter(h -> all(h).size() >= policy.minNetworks())
                    .flatMap(this::withLiars));
  }

  private static List<Integer> indices(RosterSpec spec) {
    return IntStream.range(0, spec.size()).boxed().toList();
  }

  private static Map<String, Long> all(RosterSpec spec) {
    return spec.weightByNetwork(indices(spec));
  }

  /** Liars whose weight fills the honest set's spare weight, up to exactly the boundary. */
  private Arbitrary<LivenessCase> withLiars(RosterSpec honest) {
    long spare = ReferenceQuorum.spareWeight(all(honest), honest.policy());
    int maxLiars = RosterArbitraries.MAX_OBSERVERS - honest.size();
    int networks = 1 + honest.networks().stream().mapToInt(Integer::intValue).max().orElse(0);
    Arbitrary<List<Tuple.Tuple2<Integer, Integer>>> liars =
        Combinators.combine(
                RosterArbitraries.weights(), Arbitraries.integers().between(0, networks + 1))
            .as(Tuple::of)
            .list()
            .ofMaxSize(Math.min(maxLiars, 60));
    return Combinators.combine(
            liars,
            Arbitraries.of(LiarMove.class).list().ofSize(RosterArbitraries.MAX_OBSERVERS),
            Combinators.combine(Arbitraries.of(Status.class), Arbitraries.of(Status.class))
                .as((p, s) -> Map.of(PRIMARY, p, SECONDARY, s)),
            Arbitraries.longs())
        .as(
            (liarList, moves, truth, seed) -> {
              List<Integer> weights = new ArrayList<>(honest.weights());
              List<Integer> nets = new ArrayList<>(honest.networks());
              long left = spare;
              for (Tuple.Tuple2<Integer, Integer> l : liarList) {
                if (left <= 0) {
                  break;
                }
                int w = (int) Math.min(l.get1(), left);
                weights.add(w);
                nets.add(l.get2());
                left -= w;
              }
              return new LivenessCase(
                  new RosterSpec(weights, nets, honest.policy()),
                  honest.size(),
                  moves,
                  truth,
                  seed);
            });
  }

  @Property(tries = 60)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void anHonestQuorumReachesItsVerdictWhateverTheLiarsDo(@ForAll("honestQuorum") LivenessCase c) {
    RosterSpec spec = c.roster();
    List<Integer> honest = IntStream.range(0, c.honest()).boxed().toList();
    // The precondition, restated with the oracle over the full roster (liars' weight included).
    assertThat(
            ReferenceQuorum.meets(spec.weightByNetwork(honest), spec.totalWeight(), spec.policy()))
        .isTrue();

    TestNetwork net = spec.build();
    Outcome o = ByzantineRound.run(net, c.liars(), c.moves(), c.truth(), c.seed());
    assertHonestVerdict(net, c.truth(), o, honest);

    Statistics.label("liars").collect(spec.size() - c.honest() == 0 ? "none" : "some");
    Statistics.label("liars fill the spare weight exactly")
        .collect(
            ReferenceQuorum.spareWeight(spec.weightByNetwork(honest), spec.policy())
                == spec.weightOf(c.liars()));
  }

  /**
   * The classic form: n equal-weight observers, f = ⌊(n−1)/3⌋ of them liars, default policy, honest
   * observers spread so that no network holds more than half of them (round-robin over two networks
   * when their number is even, three or more otherwise). Both safety and liveness hold: the verdict
   * is exactly the honest one.
   */
  @Property(tries = 40)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void equalWeightsTolerateFLiars(
      @ForAll @IntRange(min = 2, max = 200) int n,
      @ForAll @IntRange(min = 2, max = 8) int requestedNetworks,
      @ForAll("moves") List<LiarMove> moves,
      @ForAll("truths") Map<String, Status> truth,
      @ForAll long seed) {
    int f = (n - 1) / 3;
    int h = n - f;
    int k = Math.min(requestedNetworks, h);
    if (h % 2 == 1 && k < 3) {
      k = 3;
    }
    Random random = new Random(seed);
    List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
    Collections.shuffle(order, random);
    Set<Integer> liars = new TreeSet<>(order.subList(0, f));
    List<Integer> networks = new ArrayList<>(Collections.nCopies(n, 0));
    int next = 0;
    for (int i = 0; i < n; i++) {
      networks.set(i, liars.contains(i) ? random.nextInt(k + 2) : next++ % k);
    }
    RosterSpec spec = new RosterSpec(Collections.nCopies(n, 1), networks, QuorumPolicy.DEFAULT);
    List<Integer> honest = IntStream.range(0, n).filter(i -> !liars.contains(i)).boxed().toList();

    TestNetwork net = spec.build();
    Outcome o = ByzantineRound.run(net, liars, moves, truth, seed);
    assertHonestVerdict(net, truth, o, honest);
  }

  @Provide
  Arbitrary<List<LiarMove>> moves() {
    return Arbitraries.of(LiarMove.class).list().ofSize(200);
  }

  @Provide
  Arbitrary<Map<String, Status>> truths() {
    return Combinators.combine(Arbitraries.of(Status.class), Arbitraries.of(Status.class))
        .as((p, s) -> Map.of(PRIMARY, p, SECONDARY, s));
  }

  private static void assertHonestVerdict(
      TestNetwork net, Map<String, Status> truth, Outcome o, List<Integer> honest) {
    Set<Ed25519PublicKey> honestKeys = new HashSet<>();
    honest.forEach(i -> honestKeys.add(net.key(i).publicKey()));
    Set<Ed25519PublicKey> equivocators = new HashSet<>();
    o.tally().equivocations().forEach(e -> equivocators.add(e.first().report().observer()));
    assertThat(Collections.disjoint(equivocators, honestKeys)).as("honest equivocators").isTrue();
    for (String front : truth.keySet()) {
      Verdict expected = Verdict.of(truth.get(front));
      assertThat(o.tally().tally(front).verdict()).as("verdict on %s", front).isEqualTo(expected);
      QuorumCertificate cert = o.tally().certificate(front).orElseThrow();
      assertThat(cert.verdict()).isEqualTo(expected);
      Set<Ed25519PublicKey> cited = new HashSet<>();
      for (SignedReport r : cert.reports()) {
        cited.add(r.report().observer());
      }
      assertThat(cited).containsAll(honestKeys);
      assertThat(Collections.disjoint(cited, equivocators)).as("equivocators cited").isTrue();
      assertThat(CertificateVerifier.verify(cert, net.roster()).isValid()).isTrue();
    }
  }
}
