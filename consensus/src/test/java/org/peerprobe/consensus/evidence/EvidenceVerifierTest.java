package org.peerprobe.consensus.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.crypto.Ed25519Signature;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.TestEvidence;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.consensus.validation.Rejection;

/** {@link EvidenceVerifier} on evidence made by real tallies, failover machine and signer. */
class EvidenceVerifierTest {
  static final TestEvidence V1 = TestEvidence.version(1);

  static EvidenceResult verify(EvidenceFile file) {
    return EvidenceVerifier.verify(file, TestKeys.operator().publicKey(), Optional.empty());
  }

  static EvidenceResult.Invalid invalid(EvidenceFile file) {
    EvidenceResult r = verify(file);
    assertThat(r).isInstanceOf(EvidenceResult.Invalid.class);
    return (EvidenceResult.Invalid) r;
  }

  static EvidenceFile withDecisions(EvidenceFile f, List<SignedDecision> decisions) {
    return new EvidenceFile(f.bundles(), decisions, f.certificates());
  }

  static EvidenceFile withCertificates(EvidenceFile f, List<QuorumCertificate> certs) {
    return new EvidenceFile(f.bundles(), f.decisions(), certs);
  }

  @Test
  void aFailbackWithItsChainAndCertificatesIsValid() {
    EvidenceFile f = V1.failbackEvidence();
    String id = f.decisions().get(1).decision().id();
    EvidenceResult r = EvidenceVerifier.verify(f, TestKeys.operator().publicKey(), Optional.of(id));
    assertThat(r.line())
        .startsWith("valid: decision web-router seq 2 (cdn2-front→cf-front, FAILBACK at round 14)")
        .contains("signed by " + TestKeys.signer().publicKey().peerId())
        .contains("chain 1..2, 3 certificates, weakest quorum weight 5 of 5 over 3 networks")
        .endsWith("roster v1 of example-de");
  }

  @Test
  void theFirstDecisionAndAPinnedDecisionAreValid() {
    assertThat(verify(V1.failoverEvidence())).isInstanceOf(EvidenceResult.Valid.class);
    EvidenceFile pinned = new EvidenceFile(List.of(V1.bundle()), V1.pinChain(), List.of());
    assertThat(verify(pinned).line())
        .contains("seq 2 (cdn2-front→cf-front, PINNED at round 20)")
        .contains("0 certificates")
        .contains("operator command");
  }

  @Test
  void oneCertificateWithItsBundleIsValid() {
    QuorumCertificate c = V1.certificate(TestNetwork.PRIMARY, 10, Verdict.DOWN);
    EvidenceResult r =
        EvidenceVerifier.verify(
            EvidenceFile.forCertificate(V1.bundle(), c),
            TestKeys.operator().publicKey(),
            Optional.of(c.id()));
    assertThat(r.line())
        .isEqualTo(
            "valid: certificate "
                + c.id()
                + ": cf-front DOWN at round 10, 5 signed reports, quorum weight 5 of 5 over 3"
                + " networks (policy 2/3, at least 2 networks), roster v1 of example-de");
  }

  @Test
  void evidenceOfAnotherItemThanTheOneAskedForIsRefused() {
    EvidenceFile f = V1.failbackEvidence();
    String other = f.decisions().get(0).decision().id();
    EvidenceResult r =
        EvidenceVerifier.verify(f, TestKeys.operator().publicKey(), Optional.of(other));
    assertThat(((EvidenceResult.Invalid) r).rejection()).isEqualTo(Rejection.INCONSISTENT);
    assertThat(r.line()).contains("not the one asked for");
  }

  @Test
  void aTamperedDecisionSignatureIsRefusedNamingTheDecision() {
    EvidenceFile f = V1.failbackEvidence();
    SignedDecision d = f.decisions().get(0);
    SignedDecision forged =
        new SignedDecision(d.decision(), d.signer(), forgedSignature(d.signature()));
    EvidenceResult.Invalid r = invalid(withDecisions(f, List.of(forged, f.decisions().get(1))));
    assertThat(r.rejection()).isEqualTo(Rejection.BAD_SIGNATURE);
    assertThat(r.item()).isEqualTo("decisions[0] (seq 1)");
  }

  @Test
  void aTamperedReportSignatureIsRefused() {
    QuorumCertificate c = V1.certificate(TestNetwork.PRIMARY, 10, Verdict.DOWN);
    List<SignedReport> reports = new ArrayList<>(c.reports());
    SignedReport r = reports.get(2);
    reports.set(2, new SignedReport(r.report(), forgedSignature(r.signature())));
    QuorumCertificate tampered = withReports(c, reports);
    EvidenceResult.Invalid bad = invalid(EvidenceFile.forCertificate(V1.bundle(), tampered));
    assertThat(bad.rejection()).isEqualTo(Rejection.BAD_SIGNATURE);
    assertThat(bad.line()).contains("certificates[0] (cf-front round 10)", "reports[2]");

    // Inside a decision's evidence the tampered certificate is not the one the decision cites.
    EvidenceFile f = V1.failoverEvidence();
    EvidenceResult.Invalid cited =
        invalid(withCertificates(f, List.of(tampered, f.certificates().get(1))));
    assertThat(cited.rejection()).isEqualTo(Rejection.INCONSISTENT);
    assertThat(cited.detail()).contains("is not cited by the decision");
  }

  @Test
  void aCertificateWithAReportFromANonMemberIsRefused() {
    QuorumCertificate c = V1.certificate(TestNetwork.PRIMARY, 10, Verdict.DOWN);
    Ed25519KeyPair outsider = TestKeys.outsider(0);
    Observer stranger = new Observer(outsider.publicKey(), TestNetwork.network(0), "stranger", 1);
    SignedReport foreign =
        TestNetwork.sign(
            TestNetwork.unsigned(
                TestNetwork.NETWORK_ID,
                10,
                stranger,
                stranger.network(),
                Map.of(TestNetwork.PRIMARY, Status.DOWN),
                0),
            outsider);
    List<SignedReport> reports = new ArrayList<>(c.reports());
    reports.add(foreign);
    EvidenceResult.Invalid r =
        invalid(EvidenceFile.forCertificate(V1.bundle(), withReports(c, reports)));
    assertThat(r.rejection()).isEqualTo(Rejection.NOT_A_MEMBER);
    assertThat(r.detail()).contains(outsider.publicKey().peerId());
  }

  @Test
  void aMissingDecisionIsAGap() {
    EvidenceFile f = V1.failbackEvidence();
    EvidenceResult.Invalid r = invalid(withDecisions(f, List.of(f.decisions().get(1))));
    assertThat(r.rejection()).isEqualTo(Rejection.CHAIN_GAP);
    assertThat(r.item()).isEqualTo("decisions[0] (seq 2)");
  }

  @Test
  void reorderedDecisionsAreRefused() {
    EvidenceFile f = V1.failbackEvidence();
    List<SignedDecision> swapped = List.of(f.decisions().get(1), f.decisions().get(0));
    // Now seq 1 is the decision under test, with its own certificates.
    EvidenceFile reordered =
        new EvidenceFile(f.bundles(), swapped, V1.failoverEvidence().certificates());
    EvidenceResult.Invalid r = invalid(reordered);
    assertThat(r.rejection()).isEqualTo(Rejection.CHAIN_GAP);
    assertThat(r.item()).isEqualTo("decisions[0] (seq 2)");
  }

  @Test
  void aDecisionWithTheWrongPrevIsAFork() {
    EvidenceFile f = V1.failbackEvidence();
    Decision d = f.decisions().get(1).decision();
    Decision relinked =
        new Decision(
            d.networkId(),
            d.router(),
            d.from(),
            d.to(),
            d.round(),
            d.seq(),
            "ab".repeat(32),
            d.certificates(),
            d.reason());
    SignedDecision signed = SignedDecision.sign(relinked, TestKeys.signer());
    EvidenceResult.Invalid r = invalid(withDecisions(f, List.of(f.decisions().get(0), signed)));
    assertThat(r.rejection()).isEqualTo(Rejection.CHAIN_FORK);
    assertThat(r.item()).isEqualTo("decisions[1] (seq 2)");
  }

  @Test
  void aDecisionByANonSignerIsRefused() {
    EvidenceFile f = V1.failoverEvidence();
    SignedDecision bySomeone =
        SignedDecision.sign(f.decisions().get(0).decision(), TestKeys.outsider(1));
    EvidenceResult.Invalid r = invalid(withDecisions(f, List.of(bySomeone)));
    assertThat(r.rejection()).isEqualTo(Rejection.NOT_A_SIGNER);
  }

  @Test
  void aBundleNotSignedByTheTrustedOperatorIsRefused() {
    EvidenceFile f = V1.failbackEvidence();
    SignedBundle b = V1.bundle();
    SignedBundle forged = new SignedBundle(b.bundle(), forgedSignature(b.signature()));
    EvidenceResult.Invalid r =
        invalid(new EvidenceFile(List.of(forged), f.decisions(), f.certificates()));
    assertThat(r.rejection()).isEqualTo(Rejection.BAD_SIGNATURE);
    assertThat(r.item()).isEqualTo("bundles[0] (v1)");

    EvidenceResult other =
        EvidenceVerifier.verify(f, TestKeys.outsider(2).publicKey(), Optional.empty());
    assertThat(((EvidenceResult.Invalid) other).rejection()).isEqualTo(Rejection.NOT_THE_OPERATOR);
  }

  @Test
  void aCertificateWhoseRosterVersionIsMissingIsRefused() {
    QuorumCertificate c = V1.certificate(TestNetwork.PRIMARY, 10, Verdict.DOWN);
    EvidenceResult.Invalid r =
        invalid(EvidenceFile.forCertificate(TestEvidence.version(2).bundle(), c));
    assertThat(r.rejection()).isEqualTo(Rejection.MISSING_EVIDENCE);
    assertThat(r.detail()).contains("names roster v1");
  }

  @Test
  void aCitedCertificateMissingFromTheEvidenceIsRefused() {
    EvidenceFile f = V1.failbackEvidence();
    EvidenceResult.Invalid r = invalid(withCertificates(f, f.certificates().subList(0, 2)));
    assertThat(r.rejection()).isEqualTo(Rejection.MISSING_EVIDENCE);
    assertThat(r.item()).isEqualTo("decisions[1] (seq 2)");
  }

  @Test
  void bundlesOutOfOrderOrOfAnotherNetworkAreRefused() {
    EvidenceFile f = V1.failoverEvidence();
    SignedBundle v2 = TestEvidence.version(2).bundle();
    EvidenceResult.Invalid stale =
        invalid(new EvidenceFile(List.of(v2, V1.bundle()), f.decisions(), f.certificates()));
    assertThat(stale.rejection()).isEqualTo(Rejection.STALE_VERSION);
    assertThat(stale.item()).isEqualTo("bundles[1] (v1)");
    EvidenceFile both = new EvidenceFile(List.of(V1.bundle(), v2), f.decisions(), f.certificates());
    assertThat(verify(both)).isInstanceOf(EvidenceResult.Valid.class);
  }

  @Test
  void aDecisionThatDoesNotFollowFromItsCertificatesIsRefused() {
    EvidenceFile f = V1.failoverEvidence();
    Decision d = f.decisions().get(0).decision();
    List<QuorumCertificate> certs = V1.failbackCertificates();
    Decision unjustified =
        new Decision(
            d.networkId(),
            d.router(),
            d.from(),
            d.to(),
            d.round(),
            d.seq(),
            d.prev(),
            certs.stream().map(QuorumCertificate::id).toList(),
            d.reason());
    EvidenceResult.Invalid r =
        invalid(
            new EvidenceFile(
                f.bundles(), List.of(SignedDecision.sign(unjustified, TestKeys.signer())), certs));
    assertThat(r.rejection()).isEqualTo(Rejection.INCONSISTENT);
    assertThat(r.detail())
        .isEqualTo(
            "certificates[0] is cf-front UP at round 12, the rule needs cf-front DOWN at round 10");
  }

  @Test
  void noDecisionAndTwoCertificatesIsMalformed() {
    EvidenceFile f = V1.failoverEvidence();
    EvidenceResult.Invalid r =
        invalid(new EvidenceFile(f.bundles(), List.of(), f.certificates().subList(0, 2)));
    assertThat(r.rejection()).isEqualTo(Rejection.MALFORMED);
  }

  /** {@code s} with one bit of R flipped: well-formed, but it verifies nothing. */
  static Ed25519Signature forgedSignature(Ed25519Signature s) {
    byte[] b = s.bytes().clone();
    b[5] ^= 0x01;
    return Ed25519Signature.of(b);
  }

  static QuorumCertificate withReports(QuorumCertificate c, List<SignedReport> reports) {
    return new QuorumCertificate(
        c.networkId(), c.rosterVersion(), c.front(), c.round(), c.verdict(), reports);
  }
}
