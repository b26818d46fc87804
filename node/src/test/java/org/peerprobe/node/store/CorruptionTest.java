package org.peerprobe.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.store.TestStores.await;
import static org.peerprobe.node.store.TestStores.certificate;
import static org.peerprobe.node.store.TestStores.failure;
import static org.peerprobe.node.store.TestStores.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestNetwork;

/** A damaged row fails the read that meets it, names the row, and harms nothing else. */
class CorruptionTest {
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
  void aGarbledReportFailsItsRoundWithTheRowNamedAndTheStoreKeepsWorking() throws SQLException {
    SignedReport damaged = report(0, 5);
    await(store.saveReport(damaged, false, 0));
    await(store.saveReport(report(1, 5), false, 0));
    await(store.saveReport(report(0, 6), false, 0));
    byte[] garbled = damaged.encode();
    garbled[garbled.length / 2] ^= 0x20;
    update("UPDATE reports SET bytes = ? WHERE content_id = ?", garbled, damaged.contentId());

    Throwable error = failure(store.reportsForRound(5));

    assertThat(error).isInstanceOf(StoreException.Corrupt.class);
    StoreException.Corrupt corrupt = (StoreException.Corrupt) error;
    assertThat(corrupt.table()).isEqualTo("reports");
    assertThat(corrupt.key()).isEqualTo("content_id=" + damaged.contentId());
    assertThat(corrupt.getMessage()).contains("corrupt row in reports", damaged.contentId());
    // Other rows, writes and the file itself are fine.
    assertThat(await(store.reportsForRound(6))).hasSize(1);
    assertThat(await(store.saveReport(report(2, 6), false, 0))).isTrue();
    assertThat(await(store.reportsForRound(6))).hasSize(2);
    assertThat(await(store.integrityCheck())).containsExactly("ok");
    assertThat(store.state()).isEqualTo(SqliteStore.State.OPEN);
  }

  @Test
  void validBytesUnderAnotherKeyAreCorruptToo() throws SQLException {
    SignedReport a = report(0, 5);
    SignedReport b = report(1, 5);
    await(store.saveReport(a, false, 0));
    update("UPDATE reports SET bytes = ? WHERE content_id = ?", b.encode(), a.contentId());

    assertThat(failure(store.reportsForRound(5)))
        .isInstanceOf(StoreException.Corrupt.class)
        .hasMessageContaining("content_id=" + a.contentId())
        .hasMessageContaining("bytes hold report " + b.contentId());
  }

  @Test
  void aSwappedSignatureIsCaughtAlthoughTheContentIdStillMatches() throws SQLException {
    SignedReport a = report(0, 5);
    SignedReport other = report(0, 6);
    await(store.saveReport(a, false, 0));
    String forged = a.canonicalJson().replace(a.signature().hex(), other.signature().hex());
    update(
        "UPDATE reports SET bytes = ? WHERE content_id = ?",
        forged.getBytes(StandardCharsets.UTF_8),
        a.contentId());

    assertThat(failure(store.reportsForRound(5)))
        .isInstanceOf(StoreException.Corrupt.class)
        .hasMessageContaining("content_id=" + a.contentId())
        .hasMessageContaining("signature does not verify");
  }

  @Test
  void aTruncatedCertificateIsReportedByItsId() throws SQLException {
    QuorumCertificate c = certificate(5);
    await(store.saveCertificate(c));
    byte[] truncated = java.util.Arrays.copyOf(c.encode(), 100);
    update("UPDATE certificates SET bytes = ? WHERE id = ?", truncated, c.id());

    assertThat(failure(store.certificate(c.id())))
        .isInstanceOf(StoreException.Corrupt.class)
        .hasMessageContaining("certificates (id=" + c.id() + ")");
    // The listing does not read the bytes and still works.
    assertThat(await(store.certificatesFor(TestNetwork.PRIMARY, 0, 10))).hasSize(1);
  }

  @Test
  void aDamagedDecisionIsNamedByRouterAndSeq() throws SQLException {
    List<SignedDecision> chain = TestStores.decisions(TestDecisions.ROUTER, 2);
    await(store.saveDecision(chain.get(0)));
    await(store.saveDecision(chain.get(1)));
    update(
        "UPDATE decisions SET bytes = ? WHERE seq = ?",
        "{\"decision\":".getBytes(StandardCharsets.UTF_8),
        "2");

    assertThat(failure(store.lastDecision(TestDecisions.ROUTER)))
        .isInstanceOf(StoreException.Corrupt.class)
        .hasMessageContaining("decisions (position=2 router=web-router seq=2)");
    assertThat(await(store.decisions(TestDecisions.ROUTER, 0, 1)))
        .extracting(StoredDecision::decision)
        .containsExactly(chain.get(0));
  }

  @Test
  void aVerdictRowWithBadJsonOrVerdictIsNamed() throws SQLException {
    await(
        store.saveVerdict(
            new FrontVerdictRow(
                TestNetwork.PRIMARY, 5, Verdict.UP, 4, 0, 4, new TreeMap<>(), Optional.empty())));
    update("UPDATE verdicts SET networks = ? WHERE round = ?", new byte[] {'[', '1'}, "5");

    assertThat(failure(store.verdicts(TestNetwork.PRIMARY, 0, 10)))
        .isInstanceOf(StoreException.Corrupt.class)
        .hasMessageContaining("verdicts (front=cf-front round=5)");
  }

  @Test
  void anOversizedBlobIsRefusedBeforeItIsRead() throws SQLException {
    SignedReport r = report(0, 5);
    await(store.saveReport(r, false, 0));
    update(
        "UPDATE reports SET bytes = ? WHERE content_id = ?",
        new byte[SignedReport.MAX_ENCODED_BYTES + 1],
        r.contentId());

    assertThat(failure(store.reportsForRound(5)))
        .isInstanceOf(StoreException.Corrupt.class)
        .hasMessageContaining("more than " + SignedReport.MAX_ENCODED_BYTES);
  }

  private void update(String sql, byte[] bytes, String key) throws SQLException {
    try (Connection c = TestStores.rawConnection(dir);
        PreparedStatement p = c.prepareStatement(sql)) {
      p.setBytes(1, bytes);
      p.setString(2, key);
      assertThat(p.executeUpdate()).isEqualTo(1);
    }
  }
}
