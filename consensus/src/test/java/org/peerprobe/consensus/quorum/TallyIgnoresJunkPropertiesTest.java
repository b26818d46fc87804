package org.peerprobe.consensus.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.consensus.testing.TestNetwork.PRIMARY;
import static org.peerprobe.consensus.testing.TestNetwork.SECONDARY;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.peerprobe.consensus.crypto.Ed25519Signature;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.quorum.RoundTally.AddResult;
import org.peerprobe.consensus.testing.RosterArbitraries;
import org.peerprobe.consensus.testing.RosterSpec;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/**
 * Property (d) for the tally: interleaving junk with the real reports of a round changes nothing
 * about either front's tally. Junk is a duplicate, a non-member, another network id (rejected by
 * the validator, or verified against that network's roster and offered anyway), a false declared
 * network, another round (inside or outside the window), a front the tally is not asked about, a
 * report verified against another roster version, or a forged signature.
 */
class TallyIgnoresJunkPropertiesTest {
  static final long ROUND = 500;

  enum Junk {
    DUPLICATE,
    NON_MEMBER,
    OTHER_NETWORK_ID,
    OTHER_NETWORK_ID_VERIFIED_THERE,
    FALSE_OBSERVER_NETWORK,
    OTHER_ROUND_IN_WINDOW,
    ROUND_OUTSIDE_WINDOW,
    OTHER_FRONT_ONLY,
    VERIFIED_AGAINST_OTHER_WEIGHTS,
    FORGED_SIGNATURE
  }

  record Vote(boolean votes, Status primary, Status secondary) {
    Map<String, Status> statuses() {
      return Map.of(PRIMARY, primary, SECONDARY, secondary);
    }
  }

  record JunkItem(Junk kind, int observer, Status status) {}

  record JunkCase(RosterSpec roster, List<Vote> votes, List<JunkItem> junk, long seed) {}

  @Provide
  Arbitrary<JunkCase> cases() {
    return RosterArbitraries.rosters(1, 60, RosterArbitraries.policies())
        .flatMap(
            spec ->
                Combinators.combine(
                        Combinators.combine(
                                Arbitraries.of(true, false),
                                Arbitraries.of(Status.class),
                                Arbitraries.of(Status.class))
                            .as(Vote::new)
                            .list()
                            .ofSize(spec.size()),
                        Combinators.combine(
                                Arbitraries.of(Junk.class),
                                Arbitraries.integers().between(0, spec.size() - 1),
                                Arbitraries.of(Status.class))
                            .as(JunkItem::new)
                            .list()
                            .ofMinSize(1)
                            .ofMaxSize(30),
                        Arbitraries.longs())
                    .as((votes, junk, seed) -> new JunkCase(spec, votes, junk, seed)));
  }

  @Property(tries = 80)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void junkNeverChangesTheTally(@ForAll("cases") JunkCase c) {
    RosterSpec spec = c.roster();
    TestNetwork net = spec.build();
    List<SignedReport> real = new ArrayList<>();
    for (int i = 0; i < spec.size(); i++) {
      if (c.votes().get(i).votes()) {
        real.add(net.report(i, ROUND, c.votes().get(i).statuses()));
      }
    }
    RoundTally clean = new RoundTally(net.roster(), ROUND);
    real.forEach(r -> assertThat(clean.add(net.verified(r))).isInstanceOf(AddResult.Added.class));

    List<Supplier<Void>> deliveries = new ArrayList<>();
    RoundTally dirty = new RoundTally(net.roster(), ROUND);
    real.forEach(r -> deliveries.add(() -> expectAdded(dirty, net, r)));
    for (JunkItem j : c.junk()) {
      deliveries.add(() -> deliverJunk(dirty, net, spec, c, real, j));
    }
    Collections.shuffle(deliveries, new Random(c.seed()));
    deliveries.forEach(Supplier::get);

    for (String front : List.of(PRIMARY, SECONDARY)) {
      assertThat(dirty.tally(front)).isEqualTo(clean.tally(front));
    }
    assertThat(dirty.equivocations()).isEmpty();
    c.junk().forEach(j -> Statistics.label("junk").collect(j.kind()));
  }

  /** A real report: added, or a duplicate when a junk copy of it overtook it. */
  private static Void expectAdded(RoundTally tally, TestNetwork net, SignedReport r) {
    assertThat(tally.add(net.verified(r)))
        .isInstanceOfAny(AddResult.Added.class, AddResult.Duplicate.class);
    return null;
  }

  private static Void deliverJunk(
      RoundTally tally,
      TestNetwork net,
      RosterSpec spec,
      JunkCase c,
      List<SignedReport> real,
      JunkItem j) {
    int i = j.observer();
    Observer o = net.observer(i);
    Map<String, Status> statuses = Map.of(PRIMARY, j.status(), SECONDARY, j.status());
    switch (j.kind()) {
      case DUPLICATE -> {
        if (!real.isEmpty()) {
          assertThat(tally.add(net.verified(real.get(i % real.size()))))
              .isInstanceOfAny(AddResult.Duplicate.class, AddResult.Added.class);
        }
      }
      case NON_MEMBER -> {
        var outsider = TestKeys.outsider(i % 8);
        Observer fake = new Observer(outsider.publicKey(), o.network(), "sybil", 1000);
        SignedReport r =
            TestNetwork.sign(
                TestNetwork.unsigned(net.networkId(), ROUND, fake, o.network(), statuses, 0),
                outsider);
        offer(tally, net, r, Rejection.NOT_A_MEMBER);
      }
      case OTHER_NETWORK_ID ->
          offer(tally, net, foreign(o, net, i, statuses), Rejection.WRONG_NETWORK);
      case OTHER_NETWORK_ID_VERIFIED_THERE -> {
        TestNetwork other = otherNetwork(spec);
        VerifiedReport v = other.verified(foreign(o, net, i, statuses));
        assertThat(tally.add(v)).isInstanceOf(AddResult.NotThisRound.class);
      }
      case FALSE_OBSERVER_NETWORK -> {
        String elsewhere = o.network().equals("AS1") ? "AS2" : "AS1";
        SignedReport r =
            TestNetwork.sign(
                TestNetwork.unsigned(net.networkId(), ROUND, o, elsewhere, statuses, 0),
                net.key(i));
        offer(tally, net, r, Rejection.WRONG_OBSERVER_NETWORK);
      }
      case OTHER_ROUND_IN_WINDOW -> {
        SignedReport r = net.report(i, ROUND + 1, statuses);
        VerifiedReport v =
            ReportValidator.validate(r, net.roster(), RoundWindow.around(ROUND)).orElseThrow();
        assertThat(tally.add(v)).isInstanceOf(AddResult.NotThisRound.class);
      }
      case ROUND_OUTSIDE_WINDOW ->
          offer(tally, net, net.report(i, ROUND - 2, statuses), Rejection.WRONG_ROUND);
      case OTHER_FRONT_ONLY -> {
        // Only an observer without a real report may send it, and always the same one: a second,
        // different report is equivocation, which is not junk but a withdrawn vote.
        if (!c.votes().get(i).votes()) {
          SignedReport r = net.report(i, ROUND, Map.of("other-front", Status.UP));
          assertThat(tally.add(net.verified(r)))
              .isInstanceOfAny(AddResult.Added.class, AddResult.Duplicate.class);
        }
      }
      case VERIFIED_AGAINST_OTHER_WEIGHTS -> {
        List<Integer> weights = new ArrayList<>(spec.weights());
        weights.set(i, weights.get(i) % 1000 + 1);
        TestNetwork reweighted = new RosterSpec(weights, spec.networks(), spec.policy()).build();
        VerifiedReport v = reweighted.verified(reweighted.report(i, ROUND, statuses));
        assertThat(tally.add(v)).isInstanceOf(AddResult.NotThisRound.class);
      }
      case FORGED_SIGNATURE -> {
        SignedReport honest = net.report(i, ROUND, statuses, 3);
        SignedReport forged =
            new SignedReport(
                honest.report(),
                Ed25519Signature.sign(TestKeys.outsider(0), honest.report().signingInput()));
        offer(tally, net, forged, Rejection.BAD_SIGNATURE);
      }
    }
    return null;
  }

  private static SignedReport foreign(
      Observer o, TestNetwork net, int i, Map<String, Status> statuses) {
    return TestNetwork.sign(
        TestNetwork.unsigned("other-net", ROUND, o, o.network(), statuses, 0), net.key(i));
  }

  /** The same observers, keys, weights and networks, in the roster of network "other-net". */
  private static TestNetwork otherNetwork(RosterSpec spec) {
    int[] w = new int[spec.size()];
    String[] n = new String[spec.size()];
    for (int k = 0; k < spec.size(); k++) {
      w[k] = spec.weight(k);
      n[k] = spec.network(k);
    }
    return TestNetwork.of("other-net", 1, w, n, spec.policy());
  }

  private static void offer(RoundTally tally, TestNetwork net, SignedReport r, Rejection expected) {
    Validated<VerifiedReport> v =
        ReportValidator.validate(r, net.roster(), RoundWindow.around(ROUND));
    assertThat(v).isInstanceOf(Validated.Invalid.class);
    assertThat(((Validated.Invalid<VerifiedReport>) v).rejection()).isEqualTo(expected);
  }
}
