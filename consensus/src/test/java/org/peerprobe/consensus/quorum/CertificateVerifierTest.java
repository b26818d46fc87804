package org.peerprobe.consensus.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.consensus.testing.TestNetwork.PRIMARY;
import static org.peerprobe.consensus.testing.TestNetwork.SECONDARY;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.crypto.Ed25519Signature;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.RoundReport;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/** Each way a certificate can be wrong is caught, and names the right rejection. */
class CertificateVerifierTest {
  private static final long ROUND = 12;

  /** Six observers of weight 1 over three networks: four agreeing observers are a quorum. */
  private final TestNetwork net = TestNetwork.of(6, 3);

  private List<SignedReport> upReports(int count) {
    List<SignedReport> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(net.report(i, ROUND, PRIMARY, Status.UP));
    }
    return out;
  }

  private QuorumCertificate cert(List<SignedReport> reports) {
    return new QuorumCertificate(TestNetwork.NETWORK_ID, 1, PRIMARY, ROUND, Verdict.UP, reports);
  }

  private Rejection rejection(QuorumCertificate c) {
    Validated<VerifiedCertificate> v = CertificateVerifier.verify(c, net.roster());
    assertThat(v).isInstanceOf(Validated.Invalid.class);
    return ((Validated.Invalid<VerifiedCertificate>) v).rejection();
  }

  private List<SignedReport> withExtra(SignedReport extra) {
    List<SignedReport> reports = upReports(5);
    reports.add(extra);
    return reports;
  }

  @Test
  void aQuorumCertificateVerifiesAndKeepsItsId() {
    QuorumCertificate c = cert(upReports(4));
    VerifiedCertificate v = CertificateVerifier.verify(c, net.roster()).orElseThrow();
    assertThat(v.id()).isEqualTo(c.id());
    assertThat(v.front()).isEqualTo(PRIMARY);
    assertThat(v.round()).isEqualTo(ROUND);
    assertThat(v.verdict()).isEqualTo(Verdict.UP);
    assertThat(v.support().rawWeight()).isEqualTo(4);
    assertThat(v.certificate()).isEqualTo(c);
  }

  @Test
  void tooFewReportsDoNotMeetTheQuorum() {
    assertThat(rejection(cert(upReports(3)))).isEqualTo(Rejection.QUORUM_NOT_MET);
  }

  @Test
  void reportsFromOneNetworkDoNotMeetTheQuorum() {
    // Observers 0 and 3 share network 0: one network counts nothing at share 1/2.
    List<SignedReport> sameNetwork =
        List.of(net.report(0, ROUND, PRIMARY, Status.UP), net.report(3, ROUND, PRIMARY, Status.UP));
    assertThat(rejection(cert(sameNetwork))).isEqualTo(Rejection.QUORUM_NOT_MET);
  }

  @Test
  void aCertificateOfAnotherNetworkIsRejected() {
    QuorumCertificate c =
        new QuorumCertificate("other-net", 1, PRIMARY, ROUND, Verdict.UP, upReports(4));
    assertThat(rejection(c)).isEqualTo(Rejection.WRONG_NETWORK);
  }

  @Test
  void aCertificateOfAnotherRosterVersionIsRejected() {
    QuorumCertificate c =
        new QuorumCertificate(TestNetwork.NETWORK_ID, 2, PRIMARY, ROUND, Verdict.UP, upReports(4));
    assertThat(rejection(c)).isEqualTo(Rejection.WRONG_ROSTER_VERSION);
  }

  @Test
  void aCertificateForAnotherRoundThanItsReportsIsRejected() {
    QuorumCertificate c =
        new QuorumCertificate(
            TestNetwork.NETWORK_ID, 1, PRIMARY, ROUND + 1, Verdict.UP, upReports(4));
    assertThat(rejection(c)).isEqualTo(Rejection.WRONG_ROUND);
  }

  @Test
  void aCertificateForAFrontItsReportsDoNotCoverIsRejected() {
    QuorumCertificate c =
        new QuorumCertificate(
            TestNetwork.NETWORK_ID, 1, SECONDARY, ROUND, Verdict.UP, upReports(4));
    assertThat(rejection(c)).isEqualTo(Rejection.WRONG_FRONT);
  }

  @Test
  void aCertificateWhoseReportsSayTheOppositeIsRejected() {
    QuorumCertificate c =
        new QuorumCertificate(
            TestNetwork.NETWORK_ID, 1, PRIMARY, ROUND, Verdict.DOWN, upReports(4));
    assertThat(rejection(c)).isEqualTo(Rejection.VERDICT_MISMATCH);
  }

  @Test
  void oneDissentingReportSpoilsTheCertificate() {
    assertThat(rejection(cert(withExtra(net.report(5, ROUND, PRIMARY, Status.DOWN)))))
        .isEqualTo(Rejection.VERDICT_MISMATCH);
  }

  @Test
  void theSameReportTwiceIsADuplicateObserver() {
    List<SignedReport> reports = upReports(3);
    reports.add(reports.get(0));
    assertThat(rejection(cert(reports))).isEqualTo(Rejection.DUPLICATE_OBSERVER);
  }

  @Test
  void twoReportsOfOneObserverAreADuplicateObserver() {
    SignedReport variant = net.report(0, ROUND, Map.of(PRIMARY, Status.UP), 1);
    List<SignedReport> reports = upReports(3);
    reports.add(variant);
    assertThat(rejection(cert(reports))).isEqualTo(Rejection.DUPLICATE_OBSERVER);
  }

  @Test
  void aNonMembersReportIsRejected() {
    var outsider = TestKeys.outsider(0);
    Observer fake = new Observer(outsider.publicKey(), TestNetwork.network(1), "mallory", 1000);
    RoundReport r =
        TestNetwork.unsigned(
            TestNetwork.NETWORK_ID, ROUND, fake, fake.network(), Map.of(PRIMARY, Status.UP), 0);
    assertThat(rejection(cert(withExtra(TestNetwork.sign(r, outsider)))))
        .isEqualTo(Rejection.NOT_A_MEMBER);
  }

  @Test
  void aReportDeclaringAnotherNetworkIsRejected() {
    Observer o = net.observer(5);
    RoundReport r =
        TestNetwork.unsigned(
            TestNetwork.NETWORK_ID, ROUND, o, "AS9", Map.of(PRIMARY, Status.UP), 0);
    assertThat(rejection(cert(withExtra(TestNetwork.sign(r, net.key(5))))))
        .isEqualTo(Rejection.WRONG_OBSERVER_NETWORK);
  }

  @Test
  void aReportOfAnotherNetworkIdIsRejected() {
    Observer o = net.observer(5);
    RoundReport r =
        TestNetwork.unsigned("other-net", ROUND, o, o.network(), Map.of(PRIMARY, Status.UP), 0);
    assertThat(rejection(cert(withExtra(TestNetwork.sign(r, net.key(5))))))
        .isEqualTo(Rejection.WRONG_NETWORK);
  }

  @Test
  void aReportOfAnotherRoundIsRejected() {
    assertThat(rejection(cert(withExtra(net.report(5, ROUND - 1, PRIMARY, Status.UP)))))
        .isEqualTo(Rejection.WRONG_ROUND);
  }

  @Test
  void aReportNotCoveringTheFrontIsRejected() {
    assertThat(rejection(cert(withExtra(net.report(5, ROUND, SECONDARY, Status.UP)))))
        .isEqualTo(Rejection.WRONG_FRONT);
  }

  @Test
  void aForgedSignatureIsRejected() {
    RoundReport r = net.report(5, ROUND, PRIMARY, Status.UP).report();
    SignedReport forged =
        new SignedReport(r, Ed25519Signature.sign(TestKeys.key(0), r.signingInput()));
    assertThat(rejection(cert(withExtra(forged)))).isEqualTo(Rejection.BAD_SIGNATURE);
  }
}
