package org.peerprobe.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peerprobe.node.store.TestStores.await;
import static org.peerprobe.node.store.TestStores.failure;
import static org.peerprobe.node.store.TestStores.report;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, migrating, refusing the wrong file, closing, and overload. */
class StoreLifecycleTest {
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(TestStores.START_MS);

  @Test
  void anEmptyDirectoryIsMigratedToTheLatestSchemaInWalMode() throws SQLException {
    Path nested = dir.resolve("a/b");
    try (SqliteStore store = TestStores.open(nested, clock)) {
      assertThat(await(store.integrityCheck())).containsExactly("ok");
    }

    try (Connection c = TestStores.rawConnection(nested);
        Statement s = c.createStatement()) {
      assertThat(single(s, "PRAGMA journal_mode")).isEqualTo("wal");
      assertThat(single(s, "SELECT group_concat(version) FROM schema_version")).isEqualTo("1,2,3");
      assertThat(single(s, "SELECT value FROM meta WHERE key = 'network_id'"))
          .isEqualTo(TestStores.NET.networkId());
      assertThat(single(s, "SELECT applied_at_ms FROM schema_version"))
          .isEqualTo(Long.toString(TestStores.START_MS));
    }
    assertThat(Schema.LATEST).isEqualTo(3);
  }

  @Test
  void reopeningKeepsDataAndDoesNotMigrateAgain() throws SQLException {
    try (SqliteStore store = TestStores.open(dir, clock)) {
      await(store.saveReport(report(0, 1), true, 5));
    }
    try (SqliteStore store = TestStores.open(dir, clock)) {
      assertThat(await(store.reportsForRound(1))).hasSize(1);
    }
    assertThat(TestStores.count(dir, "schema_version")).isEqualTo(3);
  }

  @Test
  void aNewerSchemaIsRefusedWithoutTouchingTheFile() throws SQLException {
    TestStores.open(dir, clock).close();
    TestStores.execute(
        dir, "INSERT INTO schema_version (version, description, applied_at_ms) VALUES (9, 'x', 0)");

    assertThatThrownBy(() -> TestStores.open(dir, clock))
        .isInstanceOf(StoreException.Incompatible.class)
        .hasMessageContaining("schema v9")
        .hasMessageContaining("newer than this build's v3");
    assertThat(TestStores.count(dir, "schema_version")).isEqualTo(4);
  }

  @Test
  void anotherNetworksDatabaseIsRefused() {
    TestStores.open(dir, clock).close();
    StoreConfig other =
        StoreConfig.builder().dataDir(dir).networkId("other-net").clock(clock).build();

    assertThatThrownBy(() -> SqliteStore.open(other))
        .isInstanceOf(StoreException.Incompatible.class)
        .hasMessageContaining("holds network " + TestStores.NET.networkId() + ", not other-net");
  }

  @Test
  void foreignKeysAreEnforced() {
    try (SqliteStore store = TestStores.open(dir, clock)) {
      // A cascade needs foreign keys on the writer's connection: prune must take the front rows.
      await(store.saveReport(report(0, 1), false, 0));
      await(store.pruneOlderThan(1));
    }
    assertThat(uncheckedCount("report_fronts")).isZero();
  }

  @Test
  void requestsAfterCloseFailAsClosedAndCloseIsIdempotent() {
    SqliteStore store = TestStores.open(dir, clock);
    store.close();
    store.close();

    assertThat(store.state()).isEqualTo(SqliteStore.State.CLOSED);
    assertThat(failure(store.saveReport(report(0, 1), false, 0)))
        .isInstanceOf(StoreException.Closed.class);
    assertThat(failure(store.reportsForRound(1))).isInstanceOf(StoreException.Closed.class);
  }

  @Test
  void closeLetsQueuedWritesFinish() {
    SqliteStore store = TestStores.open(dir, clock);
    List<CompletableFuture<Boolean>> writes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      writes.add(store.saveReport(report(i, 1), false, 0));
    }
    store.close();

    assertThat(writes).allSatisfy(w -> assertThat(w).isCompletedWithValue(true));
    try (SqliteStore reopened = TestStores.open(dir, clock)) {
      assertThat(await(reopened.reportsForRound(1))).hasSize(4);
    }
  }

  @Test
  void aFullWriteQueueFailsAtOnceAsOverloaded() throws SQLException {
    StoreConfig config =
        StoreConfig.builder()
            .dataDir(dir)
            .networkId(TestStores.NET.networkId())
            .clock(clock)
            .maxPendingWrites(1)
            .build();
    try (SqliteStore store = SqliteStore.open(config);
        Connection blocker = TestStores.rawConnection(dir);
        Statement s = blocker.createStatement()) {
      // Another connection holds the write lock: the writer thread waits in its busy timeout.
      s.execute("BEGIN IMMEDIATE");
      List<CompletableFuture<Boolean>> writes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        writes.add(store.saveReport(report(i, 1), false, 0));
      }
      long overloaded =
          writes.stream()
              .filter(CompletableFuture::isCompletedExceptionally)
              .map(TestStores::failure)
              .filter(StoreException.Overloaded.class::isInstance)
              .count();
      // At most one write runs and one waits in the queue.
      assertThat(overloaded).isGreaterThanOrEqualTo(2);
      s.execute("ROLLBACK");
      assertThat(writes.stream().filter(w -> !w.isCompletedExceptionally()).map(TestStores::await))
          .containsOnly(true);
    }
  }

  private long uncheckedCount(String table) {
    try {
      return TestStores.count(dir, table);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static String single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
