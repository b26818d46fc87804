package org.peerprobe.consensus.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.consensus.testing.TestNetwork.PRIMARY;
import static org.peerprobe.consensus.testing.TestNetwork.SECONDARY;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.QuorumPolicy;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.quorum.RoundTally.AddResult;
import org.peerprobe.consensus.testing.TestNetwork;

class RoundTallyTest {
  private static final long ROUND = 7;

  /** Six observers of weight 1, two per network over three networks. */
  private final TestNetwork net = TestNetwork.of(6, 3);

  private final RoundTally tally = new RoundTally(net.roster(), ROUND);

  private AddResult add(SignedReport r) {
    return tally.add(net.verified(r));
  }

  private SignedReport up(int i) {
    return net.report(i, ROUND, PRIMARY, Status.UP);
  }

  @Test
  void aFirstReportIsAdded() {
    assertThat(add(up(0))).isInstanceOf(AddResult.Added.class);
    assertThat(tally.reports()).extracting(VerifiedReport::signed).containsExactly(up(0));
    assertThat(tally.round()).isEqualTo(ROUND);
    assertThat(tally.roster()).isEqualTo(net.roster());
  }

  @Test
  void anIdenticalCopyIsADuplicateAndChangesNothing() {
    add(up(0));
    FrontTally before = tally.tally(PRIMARY);
    assertThat(add(up(0))).isInstanceOf(AddResult.Duplicate.class);
    assertThat(tally.reports()).hasSize(1);
    assertThat(tally.tally(PRIMARY)).isEqualTo(before);
    assertThat(tally.equivocations()).isEmpty();
  }

  @Test
  void aDifferentReportFromTheSameObserverIsEquivocation() {
    SignedReport first = up(0);
    SignedReport second = net.report(0, ROUND, PRIMARY, Status.DOWN);
    add(first);
    AddResult result = add(second);
    assertThat(result).isInstanceOf(AddResult.Equivocated.class);
    Equivocation evidence = ((AddResult.Equivocated) result).evidence();
    assertThat(evidence.first()).isEqualTo(first);
    assertThat(evidence.second()).isEqualTo(second);
    assertThat(evidence.round()).isEqualTo(ROUND);
    assertThat(evidence.verify(net.roster()).isValid()).isTrue();
    assertThat(tally.reports()).isEmpty();
    assertThat(tally.equivocations()).containsExactly(evidence);
  }

  @Test
  void equivocationWithTheSameStatusesStillWithdrawsTheVote() {
    add(up(0));
    assertThat(add(net.report(0, ROUND, Map.of(PRIMARY, Status.UP), 1)))
        .isInstanceOf(AddResult.Equivocated.class);
    assertThat(tally.tally(PRIMARY).up().rawWeight()).isZero();
  }

  @Test
  void anEquivocatorIsNeverCountedAgainInThisRound() {
    add(up(0));
    add(net.report(0, ROUND, PRIMARY, Status.DOWN));
    assertThat(add(up(0))).isInstanceOf(AddResult.AlreadyEquivocated.class);
    assertThat(add(net.report(0, ROUND, Map.of(PRIMARY, Status.UP), 2)))
        .isInstanceOf(AddResult.AlreadyEquivocated.class);
    assertThat(tally.reports()).isEmpty();
    assertThat(tally.equivocations()).hasSize(1);
  }

  @Test
  void aReportOfAnotherRoundIsNotCounted() {
    SignedReport other = net.report(0, ROUND + 1, PRIMARY, Status.UP);
    assertThat(tally.add(net.verified(other))).isInstanceOf(AddResult.NotThisRound.class);
    assertThat(tally.reports()).isEmpty();
  }

  @Test
  void aReportVerifiedAgainstAnotherRosterIsNotCounted() {
    // Same keys and networks, but observer 0 weighs 1000 in the other roster.
    int[] weights = {1000, 1, 1, 1, 1, 1};
    String[] networks = new String[6];
    for (int i = 0; i < 6; i++) {
      networks[i] = TestNetwork.network(i % 3);
    }
    TestNetwork heavier = TestNetwork.of(weights, networks, QuorumPolicy.DEFAULT);
    VerifiedReport againstOther = heavier.verified(heavier.report(0, ROUND, PRIMARY, Status.UP));
    assertThat(tally.add(againstOther)).isInstanceOf(AddResult.NotThisRound.class);
    assertThat(tally.reports()).isEmpty();
  }

  @Test
  void aReportOfAnotherNetworkWithAnIdenticalMemberEntryIsNotCounted() {
    // The same volunteer, with the same entry, in the roster of another peerprobe network.
    int[] weights = {1, 1, 1, 1, 1, 1};
    String[] networks = new String[6];
    for (int i = 0; i < 6; i++) {
      networks[i] = TestNetwork.network(i % 3);
    }
    TestNetwork other = TestNetwork.of("other-net", 1, weights, networks, QuorumPolicy.DEFAULT);
    assertThat(other.observer(0)).isEqualTo(net.observer(0));
    VerifiedReport foreign = other.verified(other.report(0, ROUND, PRIMARY, Status.UP));
    assertThat(tally.add(foreign)).isInstanceOf(AddResult.NotThisRound.class);
    assertThat(tally.reports()).isEmpty();
  }

  @Test
  void aQuorumAcrossNetworksReachesAVerdictAndItsCertificateVerifies() {
    for (int i = 0; i < 4; i++) {
      add(net.report(i, ROUND, Map.of(PRIMARY, Status.DOWN, SECONDARY, Status.UP)));
    }
    FrontTally primary = tally.tally(PRIMARY);
    assertThat(primary.verdict()).isEqualTo(Verdict.DOWN);
    assertThat(primary.down().rawWeight()).isEqualTo(4);
    assertThat(primary.up().rawWeight()).isZero();
    assertThat(primary.totalWeight()).isEqualTo(6);
    assertThat(tally.tally(SECONDARY).verdict()).isEqualTo(Verdict.UP);

    QuorumCertificate cert = tally.certificate(PRIMARY).orElseThrow();
    assertThat(cert.verdict()).isEqualTo(Verdict.DOWN);
    assertThat(cert.round()).isEqualTo(ROUND);
    assertThat(cert.reports()).hasSize(4);
    assertThat(CertificateVerifier.verify(cert, net.roster()).isValid()).isTrue();
  }

  @Test
  void tooLittleWeightIsNoQuorumAndHasNoCertificate() {
    // Three of six: 3 < 2/3 × 6.
    for (int i = 0; i < 3; i++) {
      add(up(i));
    }
    assertThat(tally.tally(PRIMARY).verdict()).isEqualTo(Verdict.NO_QUORUM);
    assertThat(tally.certificate(PRIMARY)).isEmpty();
  }

  @Test
  void anEquivocatorStillCountsInTheTotalButNotInTheSupport() {
    // Observers 0..3 say UP; observer 3 then equivocates: 3 of 6 remain, below 2/3.
    for (int i = 0; i < 4; i++) {
      add(up(i));
    }
    assertThat(tally.tally(PRIMARY).verdict()).isEqualTo(Verdict.UP);
    add(net.report(3, ROUND, PRIMARY, Status.DOWN));
    FrontTally t = tally.tally(PRIMARY);
    assertThat(t.verdict()).isEqualTo(Verdict.NO_QUORUM);
    assertThat(t.up().rawWeight()).isEqualTo(3);
    assertThat(t.down().rawWeight()).isZero();
    assertThat(t.totalWeight()).isEqualTo(6);
  }

  @Test
  void aReportThatDoesNotCoverTheFrontDoesNotCountForIt() {
    for (int i = 0; i < 6; i++) {
      add(net.report(i, ROUND, SECONDARY, Status.UP));
    }
    FrontTally t = tally.tally(PRIMARY);
    assertThat(t.verdict()).isEqualTo(Verdict.NO_QUORUM);
    assertThat(t.up().rawWeight()).isZero();
    assertThat(t.down().rawWeight()).isZero();
  }

  @Test
  void theCertificateCitesOnlyAgreeingCountedReports() {
    for (int i = 0; i < 5; i++) {
      add(up(i));
    }
    add(net.report(5, ROUND, PRIMARY, Status.DOWN));
    QuorumCertificate cert = tally.certificate(PRIMARY).orElseThrow();
    assertThat(cert.reports())
        .hasSize(5)
        .doesNotContain(net.report(5, ROUND, PRIMARY, Status.DOWN));
  }

  @Test
  void aWithdrawnVoteLeavesTheTallyAsIfItHadNeverBeenCounted() {
    // observers 0 and 3 share network 0; 0 then equivocates, 3's DOWN vote stays
    add(up(0));
    add(up(1));
    add(net.report(3, ROUND, PRIMARY, Status.DOWN));
    add(net.report(0, ROUND, PRIMARY, Status.DOWN));

    RoundTally fresh = new RoundTally(net.roster(), ROUND);
    fresh.add(net.verified(up(1)));
    fresh.add(net.verified(net.report(3, ROUND, PRIMARY, Status.DOWN)));
    assertThat(tally.tally(PRIMARY)).isEqualTo(fresh.tally(PRIMARY));
    assertThat(tally.tally(PRIMARY).up().weightByNetwork())
        .containsOnlyKeys(net.observer(1).network());
  }
}
