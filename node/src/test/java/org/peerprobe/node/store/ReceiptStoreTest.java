package org.peerprobe.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.store.TestStores.await;
import static org.peerprobe.node.store.TestStores.failure;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.ApplyReceipt;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.ProviderResult;
import org.peerprobe.consensus.model.SignedApplyReceipt;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.testing.TestKeys;

/**
 * Apply receipts in the store: the latest per (decision, signer) is kept, read back per decision
 * and per router, checked against its row, and a v2 file gains the table without losing data.
 */
class ReceiptStoreTest {
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(TestStores.START_MS);

  static SignedApplyReceipt receipt(
      Decision d, Ed25519KeyPair signer, long issuedAtMs, ProviderResult... lines) {
    return SignedApplyReceipt.sign(
        new ApplyReceipt(
            d.networkId(),
            d.router(),
            d.seq(),
            d.id(),
            d.router() + ".example.test.",
            d.to() + ".example.test.",
            issuedAtMs,
            List.of(lines)),
        signer);
  }

  @Test
  void theLatestReceiptPerDecisionAndSignerIsKept() {
    List<SignedDecision> chain = TestStores.decisions("web-router", 2);
    Decision first = chain.get(0).decision();
    SignedApplyReceipt failing =
        receipt(
            first,
            TestKeys.signer(),
            2_000,
            ProviderResult.applied("bind", 1_000),
            ProviderResult.failed("desec", "HTTP 500", 2_000));
    SignedApplyReceipt recovered =
        receipt(
            first,
            TestKeys.signer(),
            9_000,
            ProviderResult.applied("bind", 8_000),
            ProviderResult.applied("desec", 9_000));
    SignedApplyReceipt standby =
        receipt(first, TestKeys.standbySigner(), 5_000, ProviderResult.alreadyThere("bind", 5_000));
    try (SqliteStore store = TestStores.open(dir, clock)) {
      assertThat(await(store.saveReceipt(failing))).isTrue();
      assertThat(await(store.saveReceipt(recovered))).isTrue();
      assertThat(await(store.saveReceipt(failing)))
          .as("an older receipt changes nothing")
          .isFalse();
      assertThat(await(store.saveReceipt(standby))).isTrue();

      List<SignedApplyReceipt> held = await(store.receipts(first.id()));
      assertThat(held).hasSize(2).contains(recovered, standby).doesNotContain(failing);
      assertThat(held.get(0).signer().hex()).isLessThan(held.get(1).signer().hex());
      assertThat(await(store.receipts(chain.get(1).decision().id()))).isEmpty();

      SignedApplyReceipt second =
          receipt(
              chain.get(1).decision(),
              TestKeys.signer(),
              3_000,
              ProviderResult.applied("bind", 3_000));
      await(store.saveReceipt(second));
      assertThat(await(store.latestReceipts())).containsExactly(second);
    }
  }

  @Test
  void aRowWhoseBytesHoldAnotherReceiptFailsTheRead() throws SQLException {
    Decision d = TestStores.decisions("web-router", 1).get(0).decision();
    SignedApplyReceipt a =
        receipt(d, TestKeys.signer(), 1_000, ProviderResult.applied("bind", 1_000));
    SignedApplyReceipt b =
        receipt(d, TestKeys.standbySigner(), 1_000, ProviderResult.applied("bind", 1_000));
    try (SqliteStore store = TestStores.open(dir, clock)) {
      await(store.saveReceipt(a));
      await(store.saveReceipt(b));
      try (Connection c = TestStores.rawConnection(dir);
          PreparedStatement p =
              c.prepareStatement("UPDATE receipts SET bytes = ? WHERE signer = ?")) {
        p.setBytes(1, b.encode());
        p.setString(2, a.signer().hex());
        p.executeUpdate();
      }
      assertThat(failure(store.receipts(d.id())))
          .isInstanceOf(StoreException.Corrupt.class)
          .hasMessageContaining("receipts");
    }
  }

  @Test
  void aVersionOneFileGainsTheReceiptsTableAndKeepsItsDecisions() throws SQLException {
    SignedDecision head = TestStores.decisions("web-router", 1).get(0);
    try (SqliteStore store = TestStores.open(dir, clock)) {
      await(store.saveDecision(head));
    }
    // Back to what a v2 build left: no receipts table, two migrations recorded.
    try (Connection c = TestStores.rawConnection(dir);
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE receipts");
      s.execute("DELETE FROM schema_version WHERE version = 3");
    }
    try (SqliteStore store = TestStores.open(dir, clock)) {
      assertThat(await(store.lastDecision("web-router"))).contains(head);
      SignedApplyReceipt r =
          receipt(head.decision(), TestKeys.signer(), 1_000, ProviderResult.applied("bind", 1_000));
      assertThat(await(store.saveReceipt(r))).isTrue();
      assertThat(await(store.receipts(head.decision().id()))).containsExactly(r);
    }
    assertThat(TestStores.count(dir, "schema_version")).isEqualTo(3);
  }
}
