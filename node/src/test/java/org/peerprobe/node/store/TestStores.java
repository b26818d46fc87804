package org.peerprobe.node.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;

/** Shared setup of store tests: a four-observer network, stores in temp dirs, awaiting futures. */
final class TestStores {
  /** Four observers of weight 1 on four networks. */
  static final TestNetwork NET = TestNetwork.of(4, 4);

  static final long START_MS = TestNetwork.OBSERVED_AT_MS;

  /** Longest a test waits for one store future; far above what any takes. */
  static final Duration FUTURE_TIMEOUT = Duration.ofSeconds(20);

  private TestStores() {}

  static StoreConfig config(Path dir, ManualClock clock) {
    return StoreConfig.builder().dataDir(dir).networkId(NET.networkId()).clock(clock).build();
  }

  static SqliteStore open(Path dir, ManualClock clock) {
    return SqliteStore.open(config(dir, clock));
  }

  /** Observer {@code i}'s report of {@code round}: both fronts with the given statuses. */
  static SignedReport report(int i, long round, Status primary, Status secondary) {
    return NET.report(
        i, round, Map.of(TestNetwork.PRIMARY, primary, TestNetwork.SECONDARY, secondary));
  }

  static SignedReport report(int i, long round) {
    return report(i, round, Status.UP, Status.UP);
  }

  /** An UP certificate of the primary front for {@code round}, from all four observers' reports. */
  static QuorumCertificate certificate(long round) {
    return new QuorumCertificate(
        NET.networkId(),
        NET.roster().version(),
        TestNetwork.PRIMARY,
        round,
        Verdict.UP,
        java.util.stream.IntStream.range(0, NET.size()).mapToObj(i -> report(i, round)).toList());
  }

  /**
   * {@code length} chained decisions of {@code router} at rounds 10, 20, …, signed by the signer.
   */
  static List<SignedDecision> decisions(String router, int length) {
    List<SignedDecision> out = new ArrayList<>();
    Decision head = null;
    for (int i = 1; i <= length; i++) {
      Decision d = TestDecisions.after(head, 10L * i);
      head =
          new Decision(
              d.networkId(),
              router,
              d.from(),
              d.to(),
              d.round(),
              d.seq(),
              d.prev(),
              d.certificates(),
              d.reason());
      out.add(SignedDecision.sign(head, TestKeys.signer()));
    }
    return out;
  }

  /** The future's value; fails the test if it takes longer than {@link #FUTURE_TIMEOUT}. */
  static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(FUTURE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("store future did not complete within " + FUTURE_TIMEOUT, e);
    }
  }

  /** The failure of {@code f}, unwrapped. */
  static Throwable failure(CompletableFuture<?> f) {
    try {
      f.get(FUTURE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("store future did not complete within " + FUTURE_TIMEOUT, e);
    }
    throw new AssertionError("expected the future to fail");
  }

  /** A second connection to the store's file, as another process (or a damaged disk) would use. */
  static Connection rawConnection(Path dir) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(StoreConfig.FILE_NAME));
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout=10000");
    }
    return c;
  }

  static long count(Path dir, String table) throws SQLException {
    try (Connection c = rawConnection(dir);
        Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static void execute(Path dir, String sql) throws SQLException {
    try (Connection c = rawConnection(dir);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
