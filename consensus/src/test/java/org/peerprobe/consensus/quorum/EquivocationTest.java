package org.peerprobe.consensus.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

class EquivocationTest {
  private static final long ROUND = 3;
  private final TestNetwork net = TestNetwork.of(4, 2);

  private Rejection rejection(SignedReport a, SignedReport b) {
    Validated<Equivocation> v = new Equivocation(a, b).verify(net.roster());
    assertThat(v).isInstanceOf(Validated.Invalid.class);
    return ((Validated.Invalid<Equivocation>) v).rejection();
  }

  @Test
  void twoDifferentSignedReportsOfOneRoundAreEvidence() {
    SignedReport a = net.report(0, ROUND, PRIMARY, Status.UP);
    SignedReport b = net.report(0, ROUND, PRIMARY, Status.DOWN);
    assertThat(new Equivocation(a, b).verify(net.roster()).isValid()).isTrue();
  }

  @Test
  void theSameReportTwiceIsNoEvidence() {
    SignedReport a = net.report(0, ROUND, PRIMARY, Status.UP);
    assertThat(rejection(a, a)).isEqualTo(Rejection.INCONSISTENT);
  }

  @Test
  void reportsOfTwoObserversAreNoEvidence() {
    assertThat(
            rejection(
                net.report(0, ROUND, PRIMARY, Status.UP),
                net.report(1, ROUND, PRIMARY, Status.DOWN)))
        .isEqualTo(Rejection.INCONSISTENT);
  }

  @Test
  void reportsOfTwoRoundsAreNoEvidence() {
    assertThat(
            rejection(
                net.report(0, ROUND, PRIMARY, Status.UP),
                net.report(0, ROUND + 1, PRIMARY, Status.DOWN)))
        .isEqualTo(Rejection.WRONG_ROUND);
  }

  @Test
  void reportsOfAnotherNetworkAreNoEvidence() {
    Observer o = net.observer(0);
    RoundReport foreign =
        TestNetwork.unsigned("other-net", ROUND, o, o.network(), Map.of(PRIMARY, Status.UP), 0);
    assertThat(
            rejection(
                TestNetwork.sign(foreign, net.key(0)), net.report(0, ROUND, PRIMARY, Status.DOWN)))
        .isEqualTo(Rejection.WRONG_NETWORK);
  }

  @Test
  void reportsOfANonMemberAreNoEvidence() {
    var outsider = TestKeys.outsider(0);
    Observer fake = new Observer(outsider.publicKey(), "AS1", "x", 1);
    SignedReport a =
        TestNetwork.sign(
            TestNetwork.unsigned(
                TestNetwork.NETWORK_ID, ROUND, fake, "AS1", Map.of(PRIMARY, Status.UP), 0),
            outsider);
    SignedReport b =
        TestNetwork.sign(
            TestNetwork.unsigned(
                TestNetwork.NETWORK_ID, ROUND, fake, "AS1", Map.of(PRIMARY, Status.DOWN), 0),
            outsider);
    assertThat(rejection(a, b)).isEqualTo(Rejection.NOT_A_MEMBER);
  }

  @Test
  void aForgedSecondReportIsNoEvidence() {
    SignedReport a = net.report(0, ROUND, PRIMARY, Status.UP);
    RoundReport framed = net.report(0, ROUND, PRIMARY, Status.DOWN).report();
    SignedReport forged =
        new SignedReport(framed, Ed25519Signature.sign(TestKeys.key(1), framed.signingInput()));
    assertThat(rejection(a, forged)).isEqualTo(Rejection.BAD_SIGNATURE);
    assertThat(rejection(forged, a)).isEqualTo(Rejection.BAD_SIGNATURE);
  }

  @Test
  void bothReportsAreRequired() {
    SignedReport a = net.report(0, ROUND, PRIMARY, Status.UP);
    assertThatThrownBy(() -> new Equivocation(a, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
