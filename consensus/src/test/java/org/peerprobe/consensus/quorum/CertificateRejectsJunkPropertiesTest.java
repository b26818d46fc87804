package org.peerprobe.consensus.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.consensus.testing.TestNetwork.PRIMARY;
import static org.peerprobe.consensus.testing.TestNetwork.SECONDARY;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.ReferenceQuorum;
import org.peerprobe.consensus.testing.RosterArbitraries;
import org.peerprobe.consensus.testing.RosterSpec;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/**
 * Property (d) for {@link CertificateVerifier}: a certificate is accepted exactly when its reports
 * meet the policy (checked against the independent oracle), and one junk report — duplicate,
 * non-member, another network id, a false declared network, another round, another front, the
 * opposite status, a forged signature — makes it fail with that junk's rejection, however much
 * genuine weight the certificate already carries.
 */
class CertificateRejectsJunkPropertiesTest {
  static final long ROUND = 77;

  enum Junk {
    NONE(null),
    SAME_REPORT_TWICE(Rejection.DUPLICATE_OBSERVER),
    SECOND_REPORT_OF_A_SIGNER(Rejection.DUPLICATE_OBSERVER),
    NON_MEMBER(Rejection.NOT_A_MEMBER),
    OTHER_NETWORK_ID(Rejection.WRONG_NETWORK),
    FALSE_OBSERVER_NETWORK(Rejection.WRONG_OBSERVER_NETWORK),
    OTHER_ROUND(Rejection.WRONG_ROUND),
    OTHER_FRONT(Rejection.WRONG_FRONT),
    OPPOSITE_STATUS(Rejection.VERDICT_MISMATCH),
    FORGED_SIGNATURE(Rejection.BAD_SIGNATURE);

    final Rejection expected;

    Junk(Rejection expected) {
      this.expected = expected;
    }
  }

  /**
   * Observer {@code author} sends the junk; the certificate's genuine reports come from the other
   * observers marked in {@code signs} (at least one).
   */
  record CertCase(RosterSpec roster, int author, List<Boolean> signs, Verdict verdict) {}

  @Provide
  Arbitrary<CertCase> cases() {
    return RosterArbitraries.rosters(2, 60, RosterArbitraries.policies())
        .flatMap(
            spec ->
                Combinators.combine(
                        Arbitraries.integers().between(0, spec.size() - 1),
                        Arbitraries.frequency(
                                net.jqwik.api.Tuple.of(4, true), net.jqwik.api.Tuple.of(1, false))
                            .list()
                            .ofSize(spec.size()),
                        Arbitraries.of(Verdict.UP, Verdict.DOWN))
                    .as((author, signs, verdict) -> new CertCase(spec, author, signs, verdict))
                    .filter(c -> !signers(c).isEmpty()));
  }

  private static List<Integer> signers(CertCase c) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < c.roster().size(); i++) {
      if (i != c.author() && c.signs().get(i)) {
        out.add(i);
      }
    }
    return out;
  }

  @Property(tries = 60)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void junkSpoilsACertificateAndOnlyAQuorumPasses(@ForAll("cases") CertCase c) {
    TestNetwork net = c.roster().build();
    Status status = c.verdict().supportingStatus();
    List<Integer> signers = signers(c);
    List<SignedReport> genuine = new ArrayList<>();
    signers.forEach(i -> genuine.add(net.report(i, ROUND, Map.of(PRIMARY, status))));
    boolean quorum =
        ReferenceQuorum.meets(
            c.roster().weightByNetwork(signers), c.roster().totalWeight(), c.roster().policy());
    for (Junk junk : Junk.values()) {
      List<SignedReport> reports = new ArrayList<>(genuine);
      if (junk != Junk.NONE) {
        reports.add(junk(net, c, junk, signers.get(0), status));
      }
      QuorumCertificate cert =
          new QuorumCertificate(net.networkId(), 1, PRIMARY, ROUND, c.verdict(), reports);
      Validated<VerifiedCertificate> v = CertificateVerifier.verify(cert, net.roster());
      Rejection expected =
          junk != Junk.NONE ? junk.expected : quorum ? null : Rejection.QUORUM_NOT_MET;
      if (expected == null) {
        assertThat(v.isValid()).as("a quorum certificate is accepted").isTrue();
        assertThat(v.orElseThrow().id()).isEqualTo(cert.id());
      } else {
        assertThat(v).as("with %s", junk).isInstanceOf(Validated.Invalid.class);
        assertThat(((Validated.Invalid<VerifiedCertificate>) v).rejection())
            .as("with %s", junk)
            .isEqualTo(expected);
      }
    }
    Statistics.label("genuine reports meet the policy").collect(quorum);
  }

  private static SignedReport junk(
      TestNetwork net, CertCase c, Junk kind, int aSigner, Status status) {
    int a = c.author();
    Observer o = net.observer(a);
    Map<String, Status> agreeing = Map.of(PRIMARY, status);
    return switch (kind) {
      case NONE -> throw new IllegalArgumentException("no junk");
      case SAME_REPORT_TWICE -> net.report(aSigner, ROUND, agreeing);
      case SECOND_REPORT_OF_A_SIGNER -> net.report(aSigner, ROUND, agreeing, 1);
      case NON_MEMBER -> {
        var outsider = TestKeys.outsider(a % 4);
        Observer fake = new Observer(outsider.publicKey(), o.network(), "sybil", 1000);
        yield TestNetwork.sign(
            TestNetwork.unsigned(net.networkId(), ROUND, fake, o.network(), agreeing, 0), outsider);
      }
      case OTHER_NETWORK_ID ->
          TestNetwork.sign(
              TestNetwork.unsigned("other-net", ROUND, o, o.network(), agreeing, 0), net.key(a));
      case FALSE_OBSERVER_NETWORK -> {
        String elsewhere = o.network().equals("AS1") ? "AS2" : "AS1";
        yield TestNetwork.sign(
            TestNetwork.unsigned(net.networkId(), ROUND, o, elsewhere, agreeing, 0), net.key(a));
      }
      case OTHER_ROUND -> net.report(a, ROUND + 1, agreeing);
      case OTHER_FRONT -> net.report(a, ROUND, Map.of(SECONDARY, status));
      case OPPOSITE_STATUS ->
          net.report(a, ROUND, Map.of(PRIMARY, status == Status.UP ? Status.DOWN : Status.UP));
      case FORGED_SIGNATURE -> {
        SignedReport genuine = net.report(a, ROUND, agreeing);
        yield new SignedReport(
            genuine.report(),
            Ed25519Signature.sign(TestKeys.outsider(0), genuine.report().signingInput()));
      }
    };
  }
}
