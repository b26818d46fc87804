package org.peerprobe.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.store.TestStores.NET;
import static org.peerprobe.node.store.TestStores.await;
import static org.peerprobe.node.store.TestStores.certificate;
import static org.peerprobe.node.store.TestStores.failure;
import static org.peerprobe.node.store.TestStores.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.quorum.Equivocation;
import org.peerprobe.consensus.quorum.FrontTally;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.store.FrontVerdictRow.NetworkWeights;

class StoreRoundTripTest {
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(TestStores.START_MS);
  private SqliteStore store;

  @BeforeEach
  void open() {
    store = TestStores.open(dir, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void reportsRoundTripWithOwnFlagAndArrivalTime() {
    SignedReport own = report(0, 7);
    SignedReport received = report(1, 7, Status.DOWN, Status.UP);
    assertThat(await(store.saveReport(own, true, 1000))).isTrue();
    assertThat(await(store.saveReport(received, false, 2000))).isTrue();
    await(store.saveReport(report(2, 8), false, 3000));

    List<StoredReport> round7 = await(store.reportsForRound(7));

    assertThat(round7)
        .containsExactlyInAnyOrder(
            new StoredReport(own, true, 1000), new StoredReport(received, false, 2000));
    assertThat(round7)
        .allSatisfy(
            s -> assertThat(s.report().encode()).isEqualTo((s.own() ? own : received).encode()));
    assertThat(await(store.reportsForRound(9))).isEmpty();
  }

  @Test
  void savingAReportTwiceIsIdempotent() {
    SignedReport r = report(0, 7);
    assertThat(await(store.saveReport(r, true, 1000))).isTrue();
    assertThat(await(store.saveReport(r, false, 5000))).isFalse();
    assertThat(await(store.reportsForRound(7))).containsExactly(new StoredReport(r, true, 1000));
  }

  @Test
  void aReportOfAnotherNetworkIsTheCallersBug() {
    TestNetwork other =
        TestNetwork.of("other-net", 1, new int[] {1}, new String[] {"AS1"}, NET.roster().policy());
    SignedReport foreign = other.report(0, 7, TestNetwork.PRIMARY, Status.UP);
    assertThat(failure(store.saveReport(foreign, false, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other-net");
  }

  @Test
  void certificatesRoundTripAndAreDedupedById() {
    QuorumCertificate c7 = certificate(7);
    QuorumCertificate c8 = certificate(8);
    assertThat(await(store.saveCertificate(c7))).isTrue();
    assertThat(await(store.saveCertificate(c7))).isFalse();
    clock.advance(java.time.Duration.ofSeconds(1));
    await(store.saveCertificate(c8));

    assertThat(await(store.certificate(c7.id()))).contains(c7);
    assertThat(await(store.certificate(c7.id())).orElseThrow().encode()).isEqualTo(c7.encode());
    assertThat(await(store.certificate("00".repeat(32)))).isEmpty();
    assertThat(await(store.certificatesFor(TestNetwork.PRIMARY, 0, 100)))
        .containsExactly(
            new CertificateSummary(
                c7.id(), TestNetwork.PRIMARY, 7, Verdict.UP, 1, 4, TestStores.START_MS),
            new CertificateSummary(
                c8.id(), TestNetwork.PRIMARY, 8, Verdict.UP, 1, 4, TestStores.START_MS + 1000));
    assertThat(await(store.certificatesFor(TestNetwork.PRIMARY, 8, 8))).hasSize(1);
    assertThat(await(store.certificatesFor(TestNetwork.SECONDARY, 0, 100))).isEmpty();
  }

  @Test
  void verdictRowsRoundTripAndTheLatestTallyWins() {
    FrontTally tally =
        NET.unanimous(7, TestNetwork.PRIMARY, Status.DOWN).tally(TestNetwork.PRIMARY);
    String certId = NET.certificate(TestNetwork.PRIMARY, 7, Verdict.DOWN).id();
    FrontVerdictRow fromTally = FrontVerdictRow.of(tally, Optional.of(certId));
    FrontVerdictRow noQuorum =
        new FrontVerdictRow(
            TestNetwork.PRIMARY,
            8,
            Verdict.NO_QUORUM,
            1,
            1,
            4,
            new TreeMap<>(Map.of("AS1", new NetworkWeights(1, 0), "AS2", new NetworkWeights(0, 1))),
            Optional.empty());
    await(store.saveVerdict(noQuorum));
    await(store.saveVerdict(fromTally));

    assertThat(fromTally.verdict()).isEqualTo(Verdict.DOWN);
    assertThat(fromTally.downWeight()).isEqualTo(4);
    assertThat(fromTally.networks()).hasSize(4);
    assertThat(await(store.verdicts(TestNetwork.PRIMARY, 0, 100)))
        .containsExactly(fromTally, noQuorum);

    FrontVerdictRow later =
        new FrontVerdictRow(
            TestNetwork.PRIMARY, 8, Verdict.UP, 3, 1, 4, new TreeMap<>(), Optional.of(certId));
    await(store.saveVerdict(later));
    assertThat(await(store.verdicts(TestNetwork.PRIMARY, 8, 8))).containsExactly(later);
  }

  @Test
  void equivocationEvidenceRoundTripsOncePerObserverAndRound() {
    Equivocation e =
        new Equivocation(
            NET.report(2, 9, Map.of(TestNetwork.PRIMARY, Status.UP), 0),
            NET.report(2, 9, Map.of(TestNetwork.PRIMARY, Status.UP), 1));
    assertThat(await(store.saveEquivocation(e))).isTrue();
    assertThat(await(store.saveEquivocation(e))).isFalse();

    List<Equivocation> held = await(store.equivocations(0, 100));

    assertThat(held).containsExactly(e);
    assertThat(held.get(0).verify(NET.roster()).isValid()).isTrue();
    assertThat(await(store.equivocations(10, 100))).isEmpty();
  }

  @Test
  void observerStatsCountAgreementWithVerdictsAndSkipEquivocatedRounds() {
    // Rounds 1 and 2: primary UP by verdict; observer 3 saw it DOWN in round 2.
    for (long round = 1; round <= 2; round++) {
      for (int i = 0; i < 4; i++) {
        Status primary = i == 3 && round == 2 ? Status.DOWN : Status.UP;
        await(store.saveReport(report(i, round, primary, Status.UP), false, round));
      }
      await(store.saveVerdict(upVerdict(TestNetwork.PRIMARY, round)));
    }
    // Round 3: observer 0 alone, no verdict stored. Observer 1 equivocated in round 1.
    await(store.saveReport(report(0, 3), false, 3));
    await(
        store.saveEquivocation(
            new Equivocation(
                report(1, 1), NET.report(1, 1, Map.of(TestNetwork.PRIMARY, Status.DOWN), 1))));

    Map<String, ObserverStats> stats = new TreeMap<>();
    await(store.observerStats(0, 10)).forEach(s -> stats.put(s.observer(), s));

    assertThat(stats).hasSize(4);
    ObserverStats o0 = stats.get(NET.key(0).publicKey().hex());
    assertThat(o0).isEqualTo(new ObserverStats(o0.observer(), "AS64500", 3, 3, 2, 2));
    ObserverStats o1 = stats.get(NET.key(1).publicKey().hex());
    assertThat(o1.judged()).isEqualTo(1);
    ObserverStats o3 = stats.get(NET.key(3).publicKey().hex());
    assertThat(o3.lastSeenRound()).isEqualTo(2);
    assertThat(o3.agreed()).isEqualTo(1);
    assertThat(o3.agreementShare()).hasValue(0.5);
    assertThat(await(store.observerStats(3, 3))).hasSize(1);
  }

  private static FrontVerdictRow upVerdict(String front, long round) {
    return new FrontVerdictRow(
        front, round, Verdict.UP, 4, 0, 4, new TreeMap<>(), Optional.empty());
  }
}
