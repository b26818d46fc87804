package org.peerprobe.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peerprobe.node.store.TestStores.NET;
import static org.peerprobe.node.store.TestStores.await;
import static org.peerprobe.node.store.TestStores.certificate;
import static org.peerprobe.node.store.TestStores.report;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.quorum.Equivocation;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;

class RetentionTest {
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
  void theDefaultRetentionIsSevenDays() {
    assertThat(TestStores.config(dir, clock).retention()).isEqualTo(Duration.ofDays(7));
    assertThat(StoreConfig.DEFAULT_RETENTION).isEqualTo(Duration.ofDays(7));
    assertThatThrownBy(
            () ->
                StoreConfig.builder()
                    .dataDir(dir)
                    .networkId(NET.networkId())
                    .clock(clock)
                    .retention(Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retention");
  }

  @Test
  void expiredRowsArePrunedButDecisionsAndTheCertificatesTheyCiteAreKept() throws SQLException {
    QuorumCertificate cited = certificate(1);
    QuorumCertificate uncited = certificate(2);
    saveRound(1, uncited, cited);
    Decision d =
        new Decision(
            NET.networkId(),
            TestDecisions.ROUTER,
            TestNetwork.PRIMARY,
            TestNetwork.SECONDARY,
            1,
            1,
            Decision.GENESIS,
            List.of(cited.id()),
            org.peerprobe.consensus.model.DecisionReason.FAILOVER);
    SignedDecision decision = SignedDecision.sign(d, TestKeys.signer());
    await(store.saveDecision(decision));

    clock.advance(StoreConfig.DEFAULT_RETENTION);
    QuorumCertificate fresh = certificate(3);
    saveRound(3, fresh, fresh);
    clock.advance(Duration.ofMillis(1));

    PruneResult pruned = await(store.pruneExpired());

    assertThat(pruned).isEqualTo(new PruneResult(4, 1, 1, 1));
    assertThat(await(store.reportsForRound(1))).isEmpty();
    assertThat(await(store.reportsForRound(3))).hasSize(4);
    assertThat(await(store.certificate(uncited.id()))).isEmpty();
    assertThat(await(store.certificate(cited.id()))).contains(cited);
    assertThat(await(store.certificate(fresh.id()))).contains(fresh);
    assertThat(await(store.verdicts(TestNetwork.PRIMARY, 0, 10)))
        .extracting(FrontVerdictRow::round)
        .containsExactly(3L);
    assertThat(await(store.equivocations(0, 10)))
        .extracting(Equivocation::round)
        .containsExactly(3L);
    assertThat(await(store.lastDecision(TestDecisions.ROUTER))).contains(decision);
    // The per-front rows went with their reports (foreign key cascade).
    assertThat(TestStores.count(dir, "report_fronts")).isEqualTo(4 * 2);
    assertThat(await(store.pruneExpired())).isEqualTo(new PruneResult(0, 0, 0, 0));
  }

  @Test
  void largePrunesRunInBatches() throws SQLException {
    int rows = 2 * Writes.PRUNE_BATCH_ROWS + 7;
    TestStores.execute(
        dir,
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
            + rows
            + ") INSERT INTO verdicts (front, round, verdict, up_weight, down_weight,"
            + " total_weight, networks, certificate_id, stored_at_ms)"
            + " SELECT 'cf-front', i, 'NO_QUORUM', 0, 0, 4, CAST('{}' AS BLOB), NULL, 0 FROM n");
    assertThat(await(store.verdicts(TestNetwork.PRIMARY, 0, Long.MAX_VALUE)))
        .hasSize(Store.MAX_PAGE);

    PruneResult pruned = await(store.pruneOlderThan(1));

    assertThat(pruned.verdicts()).isEqualTo(rows);
    assertThat(await(store.verdicts(TestNetwork.PRIMARY, 0, Long.MAX_VALUE))).isEmpty();
  }

  @Test
  void retentionRunsOnTheInjectedScheduler() {
    await(store.saveReport(report(0, 1), false, clock.getAsLong()));
    clock.advance(StoreConfig.DEFAULT_RETENTION.plusMinutes(1));
    ScheduledExecutorService scheduler = new ScheduledThreadPoolExecutor(1);
    try {
      ScheduledFuture<?> task = Retention.schedule(store, scheduler, Duration.ofMillis(1));
      Await.until(
          Duration.ofSeconds(10),
          () -> await(store.reportsForRound(1)).isEmpty(),
          "the scheduled retention pruned the expired report");
      task.cancel(false);
    } finally {
      scheduler.shutdownNow();
    }
  }

  private void saveRound(long round, QuorumCertificate c1, QuorumCertificate c2) {
    for (int i = 0; i < 4; i++) {
      await(store.saveReport(report(i, round), i == 0, clock.getAsLong()));
    }
    await(store.saveCertificate(c1));
    await(store.saveCertificate(c2));
    await(
        store.saveVerdict(
            new FrontVerdictRow(
                TestNetwork.PRIMARY,
                round,
                Verdict.UP,
                4,
                0,
                4,
                new TreeMap<>(),
                Optional.of(c1.id()))));
    await(
        store.saveEquivocation(
            new Equivocation(
                report(2, round),
                NET.report(2, round, Map.of(TestNetwork.PRIMARY, Status.DOWN), 1))));
  }
}
