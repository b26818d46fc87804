package org.peerprobe.consensus.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.consensus.testing.TestNetwork.PRIMARY;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.crypto.Ed25519Signature;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.consensus.model.RoundReport;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

class ReportValidatorTest {
  private static final long ROUND = 100;
  private final TestNetwork net = TestNetwork.of(4, 2);

  private static Rejection rejection(Validated<?> v) {
    assertThat(v).isInstanceOf(Validated.Invalid.class);
    return ((Validated.Invalid<?>) v).rejection();
  }

  private Validated<VerifiedReport> validate(SignedReport r) {
    return ReportValidator.validate(r, net.roster(), RoundWindow.around(ROUND));
  }

  private SignedReport signedAs(int signerIndex, RoundReport r) {
    return TestNetwork.sign(r, TestKeys.key(signerIndex));
  }

  @Test
  void acceptsAMembersReportInsideTheWindow() {
    for (long round : new long[] {ROUND - 1, ROUND, ROUND + 1}) {
      SignedReport r = net.report(1, round, PRIMARY, Status.UP);
      VerifiedReport v = validate(r).orElseThrow();
      assertThat(v.signed()).isEqualTo(r);
      assertThat(v.member()).isEqualTo(net.observer(1));
      assertThat(v.round()).isEqualTo(round);
      assertThat(v.contentId()).isEqualTo(r.contentId());
    }
  }

  @Test
  void rejectsAnotherNetworkId() {
    Observer o = net.observer(0);
    RoundReport r =
        TestNetwork.unsigned("other-net", ROUND, o, o.network(), Map.of(PRIMARY, Status.UP), 0);
    assertThat(rejection(validate(signedAs(0, r)))).isEqualTo(Rejection.WRONG_NETWORK);
  }

  @Test
  void rejectsAKeyOutsideTheRoster() {
    var outsider = TestKeys.outsider(0);
    Observer fake = new Observer(outsider.publicKey(), TestNetwork.network(0), "mallory", 1000);
    RoundReport r =
        TestNetwork.unsigned(
            TestNetwork.NETWORK_ID, ROUND, fake, fake.network(), Map.of(PRIMARY, Status.UP), 0);
    assertThat(rejection(validate(TestNetwork.sign(r, outsider))))
        .isEqualTo(Rejection.NOT_A_MEMBER);
  }

  @Test
  void rejectsADeclaredNetworkOtherThanTheAdmittedOne() {
    Observer o = net.observer(0);
    RoundReport r =
        TestNetwork.unsigned(
            TestNetwork.NETWORK_ID, ROUND, o, "AS1", Map.of(PRIMARY, Status.UP), 0);
    assertThat(rejection(validate(signedAs(0, r)))).isEqualTo(Rejection.WRONG_OBSERVER_NETWORK);
  }

  @Test
  void rejectsRoundsOutsideTheWindow() {
    assertThat(rejection(validate(net.report(0, ROUND - 2, PRIMARY, Status.UP))))
        .isEqualTo(Rejection.WRONG_ROUND);
    assertThat(rejection(validate(net.report(0, ROUND + 2, PRIMARY, Status.UP))))
        .isEqualTo(Rejection.WRONG_ROUND);
    assertThat(
            rejection(
                ReportValidator.validate(
                    net.report(0, ROUND + 1, PRIMARY, Status.UP),
                    net.roster(),
                    RoundWindow.exactly(ROUND))))
        .isEqualTo(Rejection.WRONG_ROUND);
  }

  @Test
  void rejectsASignatureByAnotherKey() {
    RoundReport r = net.report(0, ROUND, PRIMARY, Status.UP).report();
    SignedReport forged =
        new SignedReport(r, Ed25519Signature.sign(TestKeys.key(1), r.signingInput()));
    assertThat(rejection(validate(forged))).isEqualTo(Rejection.BAD_SIGNATURE);
  }

  @Test
  void rejectsASignatureOverOtherContent() {
    SignedReport up = net.report(0, ROUND, PRIMARY, Status.UP);
    SignedReport down = net.report(0, ROUND, PRIMARY, Status.DOWN);
    assertThat(rejection(validate(new SignedReport(down.report(), up.signature()))))
        .isEqualTo(Rejection.BAD_SIGNATURE);
  }

  @Test
  void rejectsAReportSignatureReplayedFromAnotherDomain() {
    RoundReport r = net.report(0, ROUND, PRIMARY, Status.UP).report();
    // The same canonical bytes signed without the report prefix, e.g. as a gossip payload.
    SignedReport replayed =
        new SignedReport(r, Ed25519Signature.sign(TestKeys.key(0), r.canonical()));
    assertThat(rejection(validate(replayed))).isEqualTo(Rejection.BAD_SIGNATURE);
  }

  @Test
  void checksMembershipBeforeTheSignature() {
    var outsider = TestKeys.outsider(1);
    Observer fake = new Observer(outsider.publicKey(), TestNetwork.network(0), "mallory", 1);
    RoundReport r =
        TestNetwork.unsigned(
            TestNetwork.NETWORK_ID, ROUND, fake, fake.network(), Map.of(PRIMARY, Status.UP), 0);
    SignedReport badlySigned =
        new SignedReport(r, Ed25519Signature.sign(TestKeys.key(0), r.signingInput()));
    assertThat(rejection(validate(badlySigned))).isEqualTo(Rejection.NOT_A_MEMBER);
  }
}
