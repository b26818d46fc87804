package org.peerprobe.node.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Opens connections with the store's pragmas and brings the schema to {@link #LATEST} with
 * forward-only migrations, each applied in its own transaction and recorded in {@code
 * schema_version}. A database with a newer schema than this build knows is refused, never
 * downgraded.
 */
final class Schema {

  /** One forward step of the schema. */
  record Migration(int version, String description, List<String> statements) {}

  static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              1,
              "reports, certificates, decisions, verdicts, equivocations",
              List.of(
                  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                  """
                  CREATE TABLE reports (
                    content_id TEXT PRIMARY KEY,
                    round INTEGER NOT NULL,
                    observer TEXT NOT NULL,
                    observer_network TEXT NOT NULL,
                    own INTEGER NOT NULL CHECK (own IN (0, 1)),
                    received_at_ms INTEGER NOT NULL,
                    bytes BLOB NOT NULL)""",
                  "CREATE INDEX reports_by_round ON reports (round, observer)",
                  "CREATE INDEX reports_by_observer ON reports (observer, round)",
                  "CREATE INDEX reports_by_received ON reports (received_at_ms)",
                  """
                  CREATE TABLE report_fronts (
                    content_id TEXT NOT NULL REFERENCES reports (content_id) ON DELETE CASCADE,
                    front TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('UP', 'DOWN')),
                    PRIMARY KEY (content_id, front)) WITHOUT ROWID""",
                  """
                  CREATE TABLE certificates (
                    id TEXT PRIMARY KEY,
                    front TEXT NOT NULL,
                    round INTEGER NOT NULL,
                    verdict TEXT NOT NULL CHECK (verdict IN ('UP', 'DOWN')),
                    roster_version INTEGER NOT NULL,
                    report_count INTEGER NOT NULL,
                    stored_at_ms INTEGER NOT NULL,
                    bytes BLOB NOT NULL)""",
                  "CREATE INDEX certificates_by_front ON certificates (front, round)",
                  "CREATE INDEX certificates_by_stored ON certificates (stored_at_ms)",
                  """
                  CREATE TABLE decisions (
                    position INTEGER PRIMARY KEY AUTOINCREMENT,
                    router TEXT NOT NULL,
                    seq INTEGER NOT NULL CHECK (seq >= 1),
                    id TEXT NOT NULL UNIQUE,
                    prev TEXT NOT NULL,
                    round INTEGER NOT NULL,
                    from_front TEXT NOT NULL,
                    to_front TEXT NOT NULL,
                    signer TEXT NOT NULL,
                    stored_at_ms INTEGER NOT NULL,
                    bytes BLOB NOT NULL,
                    UNIQUE (router, seq))""",
                  """
                  CREATE TABLE decision_certificates (
                    certificate_id TEXT NOT NULL,
                    decision_position INTEGER NOT NULL REFERENCES decisions (position),
                    PRIMARY KEY (certificate_id, decision_position)) WITHOUT ROWID""",
                  """
                  CREATE TABLE verdicts (
                    front TEXT NOT NULL,
                    round INTEGER NOT NULL,
                    verdict TEXT NOT NULL CHECK (verdict IN ('UP', 'DOWN', 'NO_QUORUM')),
                    up_weight INTEGER NOT NULL,
                    down_weight INTEGER NOT NULL,
                    total_weight INTEGER NOT NULL,
                    networks BLOB NOT NULL,
                    certificate_id TEXT,
                    stored_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (front, round))""",
                  "CREATE INDEX verdicts_by_stored ON verdicts (stored_at_ms)",
                  """
                  CREATE TABLE equivocations (
                    observer TEXT NOT NULL,
                    round INTEGER NOT NULL,
                    first_bytes BLOB NOT NULL,
                    second_bytes BLOB NOT NULL,
                    stored_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (observer, round))""",
                  "CREATE INDEX equivocations_by_round ON equivocations (round)",
                  "CREATE INDEX equivocations_by_stored ON equivocations (stored_at_ms)")),
          new Migration(
              2,
              "decision_forks: decisions replaced by a longer branch, kept as fork evidence",
              List.of(
                  """
                  CREATE TABLE decision_forks (
                    id TEXT PRIMARY KEY,
                    router TEXT NOT NULL,
                    seq INTEGER NOT NULL CHECK (seq >= 1),
                    signer TEXT NOT NULL,
                    replaced_by TEXT NOT NULL,
                    replaced_at_ms INTEGER NOT NULL,
                    bytes BLOB NOT NULL)""",
                  "CREATE INDEX decision_forks_by_router ON decision_forks (router, seq)")),
          new Migration(
              3,
              "apply receipts: the latest per (decision, signer)",
              List.of(
                  """
                  CREATE TABLE receipts (
                    decision_id TEXT NOT NULL,
                    signer TEXT NOT NULL,
                    router TEXT NOT NULL,
                    seq INTEGER NOT NULL CHECK (seq >= 1),
                    issued_at_ms INTEGER NOT NULL,
                    stored_at_ms INTEGER NOT NULL,
                    bytes BLOB NOT NULL,
                    PRIMARY KEY (decision_id, signer)) WITHOUT ROWID""",
                  "CREATE INDEX receipts_by_router ON receipts (router, seq, issued_at_ms)")));

  /** The schema version this build writes. */
  static final int LATEST = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

  private Schema() {}

  /**
   * The writer's connection: WAL (readers never block the writer, and a crash mid-commit leaves the
   * previous state), synchronous NORMAL (commits survive a killed process; {@link
   * Writes#saveDecision} raises it to FULL for its own commit), foreign keys enforced.
   */
  static Connection openWriter(StoreConfig config) throws SQLException {
    Connection c = open(config);
    try (Statement s = c.createStatement()) {
      String mode;
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
        mode = rs.next() ? rs.getString(1) : "";
      }
      if (!"wal".equalsIgnoreCase(mode)) {
        throw new StoreException.Incompatible(
            config.databaseFile() + ": the file system does not support WAL (got " + mode + ")");
      }
      s.execute("PRAGMA synchronous=NORMAL");
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** A reader's connection: the same file, refusing writes ({@code query_only}). */
  static Connection openReader(StoreConfig config) throws SQLException {
    Connection c = open(config);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA query_only=ON");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private static Connection open(StoreConfig config) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + config.databaseFile());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA foreign_keys=ON");
      s.execute("PRAGMA busy_timeout=" + config.busyTimeout().toMillis());
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /**
   * Applies the missing migrations and binds the database to the configured network.
   *
   * @return the version found before migrating (0 for a new file)
   * @throws StoreException.Incompatible for a newer schema or another network's database
   */
  static int migrate(Connection c, StoreConfig config) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
              + " description TEXT NOT NULL, applied_at_ms INTEGER NOT NULL)");
    }
    int found = currentVersion(c);
    if (found > LATEST) {
      throw new StoreException.Incompatible(
          config.databaseFile()
              + " has schema v"
              + found
              + ", newer than this build's v"
              + LATEST
              + ": run a newer peerprobe");
    }
    for (Migration m : MIGRATIONS) {
      if (m.version() > found) {
        apply(c, m, config.nowMillis().getAsLong());
      }
    }
    bindNetwork(c, config);
    return found;
  }

  static int currentVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void apply(Connection c, Migration m, long nowMs) throws SQLException {
    Transactions.run(
        c,
        () -> {
          try (Statement s = c.createStatement()) {
            for (String sql : m.statements()) {
              s.execute(sql);
            }
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO schema_version (version, description, applied_at_ms)"
                      + " VALUES (?, ?, ?)")) {
            p.setInt(1, m.version());
            p.setString(2, m.description());
            p.setLong(3, nowMs);
            p.executeUpdate();
          }
          return null;
        });
  }

  private static void bindNetwork(Connection c, StoreConfig config) throws SQLException {
    String held;
    try (PreparedStatement p = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
      p.setString(1, "network_id");
      try (ResultSet rs = p.executeQuery()) {
        held = rs.next() ? rs.getString(1) : null;
      }
    }
    if (held == null) {
      try (PreparedStatement p =
          c.prepareStatement("INSERT INTO meta (key, value) VALUES (?, ?)")) {
        p.setString(1, "network_id");
        p.setString(2, config.networkId());
        p.executeUpdate();
      }
    } else if (!held.equals(config.networkId())) {
      throw new StoreException.Incompatible(
          config.databaseFile()
              + " holds network "
              + held
              + ", not "
              + config.networkId()
              + ": use another data directory");
    }
  }
}
