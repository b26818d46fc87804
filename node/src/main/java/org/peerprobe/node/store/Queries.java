package org.peerprobe.node.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedApplyReceipt;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.quorum.Equivocation;

/**
 * The read statements, on the reader connection ({@code query_only}). Each is one statement, so it
 * sees one consistent WAL snapshot without an explicit transaction. Confined to the reader thread:
 * not thread-safe. Every list is bounded by a {@code LIMIT}.
 */
final class Queries {

  /** Maps the current row of a result set. */
  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Binds the parameters of a statement. */
  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement p) throws SQLException;
  }

  private static final String DECISION_COLUMNS =
      "position, router, seq, id, stored_at_ms, length(bytes), bytes";

  private static final String RECEIPT_COLUMNS =
      "decision_id, signer, router, seq, issued_at_ms, length(bytes), bytes";

  private final Connection c;

  Queries(Connection c) {
    this.c = c;
  }

  List<StoredReport> reportsForRound(long round) throws SQLException {
    return list(
        "SELECT content_id, own, received_at_ms, length(bytes), bytes FROM reports"
            + " WHERE round = ? ORDER BY observer, content_id LIMIT ?",
        p -> {
          p.setLong(1, round);
          p.setInt(2, Store.MAX_REPORTS_PER_ROUND);
        },
        Rows::report);
  }

  Optional<QuorumCertificate> certificate(String id) throws SQLException {
    return list(
            "SELECT id, length(bytes), bytes FROM certificates WHERE id = ?",
            p -> p.setString(1, id),
            Rows::certificate)
        .stream()
        .findFirst();
  }

  List<CertificateSummary> certificatesFor(String front, long from, long to) throws SQLException {
    return list(
        "SELECT id, front, round, verdict, roster_version, report_count, stored_at_ms"
            + " FROM certificates WHERE front = ? AND round BETWEEN ? AND ?"
            + " ORDER BY round, id LIMIT ?",
        p -> {
          p.setString(1, front);
          p.setLong(2, from);
          p.setLong(3, to);
          p.setInt(4, Store.MAX_PAGE);
        },
        rs -> {
          Verdict v = verdictColumn(rs.getString(4), "certificates", "id=" + rs.getString(1));
          return new CertificateSummary(
              rs.getString(1),
              rs.getString(2),
              rs.getLong(3),
              v,
              rs.getLong(5),
              rs.getInt(6),
              rs.getLong(7));
        });
  }

  List<StoredDecision> decisions(String router, long afterSeq, int limit) throws SQLException {
    return list(
        "SELECT "
            + DECISION_COLUMNS
            + " FROM decisions WHERE router = ? AND seq > ?"
            + " ORDER BY seq LIMIT ?",
        p -> {
          p.setString(1, router);
          p.setLong(2, afterSeq);
          p.setInt(3, limit);
        },
        Rows::decision);
  }

  Optional<StoredDecision> decision(String id) throws SQLException {
    return list(
            "SELECT " + DECISION_COLUMNS + " FROM decisions WHERE id = ?",
            p -> p.setString(1, id),
            Rows::decision)
        .stream()
        .findFirst();
  }

  /** Ordered by rowid: the store never vacuums, so a row's rowid is stable, a safe cursor. */
  List<ReplacedDecision> replacedDecisions(String router, long afterPosition, int limit)
      throws SQLException {
    return list(
        "SELECT rowid, router, seq, id, replaced_at_ms, length(bytes), bytes, replaced_by"
            + " FROM decision_forks WHERE router = ? AND rowid > ? ORDER BY rowid LIMIT ?",
        p -> {
          p.setString(1, router);
          p.setLong(2, afterPosition);
          p.setInt(3, limit);
        },
        rs -> {
          StoredDecision d = Rows.decision(rs);
          return new ReplacedDecision(d.position(), d.decision(), rs.getString(8), d.storedAtMs());
        });
  }

  List<StoredDecision> allDecisions(long afterPosition, int limit) throws SQLException {
    return list(
        "SELECT "
            + DECISION_COLUMNS
            + " FROM decisions WHERE position > ?"
            + " ORDER BY position LIMIT ?",
        p -> {
          p.setLong(1, afterPosition);
          p.setInt(2, limit);
        },
        Rows::decision);
  }

  Optional<SignedDecision> lastDecision(String router) throws SQLException {
    return list(
            "SELECT "
                + DECISION_COLUMNS
                + " FROM decisions WHERE router = ?"
                + " ORDER BY seq DESC LIMIT 1",
            p -> p.setString(1, router),
            rs -> Rows.decision(rs).decision())
        .stream()
        .findFirst();
  }

  List<SignedDecision> lastDecisions() throws SQLException {
    return list(
        "SELECT "
            + DECISION_COLUMNS
            + " FROM decisions d WHERE seq = (SELECT MAX(seq) FROM decisions WHERE router ="
            + " d.router) ORDER BY router LIMIT ?",
        p -> p.setInt(1, Store.MAX_PAGE),
        rs -> Rows.decision(rs).decision());
  }

  /** The latest receipt of each signer for {@code decisionId}, by signer key. */
  List<SignedApplyReceipt> receipts(String decisionId) throws SQLException {
    return list(
        "SELECT "
            + RECEIPT_COLUMNS
            + " FROM receipts WHERE decision_id = ? ORDER BY signer LIMIT ?",
        p -> {
          p.setString(1, decisionId);
          p.setInt(2, Store.MAX_PAGE);
        },
        Rows::receipt);
  }

  /**
   * Per router, the receipt of its highest seq issued last (ties: the lowest signer key), by
   * router.
   */
  List<SignedApplyReceipt> latestReceipts() throws SQLException {
    return list(
        "SELECT "
            + RECEIPT_COLUMNS
            + " FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY router"
            + " ORDER BY seq DESC, issued_at_ms DESC, signer) AS n FROM receipts)"
            + " WHERE n = 1 ORDER BY router LIMIT ?",
        p -> p.setInt(1, Store.MAX_PAGE),
        Rows::receipt);
  }

  List<FrontVerdictRow> verdicts(String front, long from, long to) throws SQLException {
    return list(
        "SELECT front, round, verdict, up_weight, down_weight, total_weight, length(networks),"
            + " networks, certificate_id FROM verdicts WHERE front = ? AND round BETWEEN ? AND ?"
            + " ORDER BY round LIMIT ?",
        p -> {
          p.setString(1, front);
          p.setLong(2, from);
          p.setLong(3, to);
          p.setInt(4, Store.MAX_PAGE);
        },
        Rows::verdict);
  }

  /**
   * Per observer: the latest round and network it reported, how many rounds, and how many of its
   * per-front observations agreed with a stored UP or DOWN verdict. Rounds in which the observer
   * equivocated are not judged.
   */
  List<ObserverStats> observerStats(long from, long to) throws SQLException {
    return list(
        """
        SELECT r.observer,
               (SELECT observer_network FROM reports l WHERE l.observer = r.observer
                  AND l.round BETWEEN ?1 AND ?2 ORDER BY l.round DESC LIMIT 1),
               MAX(r.round),
               COUNT(DISTINCT r.round),
               COUNT(v.verdict),
               SUM(CASE WHEN v.verdict = o.status THEN 1 ELSE 0 END)
        FROM reports r
        JOIN report_fronts o ON o.content_id = r.content_id
        LEFT JOIN verdicts v ON v.front = o.front AND v.round = r.round
             AND v.verdict IN ('UP', 'DOWN')
             AND NOT EXISTS (SELECT 1 FROM equivocations e
                             WHERE e.observer = r.observer AND e.round = r.round)
        WHERE r.round BETWEEN ?1 AND ?2
        GROUP BY r.observer
        ORDER BY r.observer
        LIMIT ?3""",
        p -> {
          p.setLong(1, from);
          p.setLong(2, to);
          p.setInt(3, Store.MAX_PAGE);
        },
        rs ->
            new ObserverStats(
                rs.getString(1),
                rs.getString(2),
                rs.getLong(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getLong(6)));
  }

  List<Equivocation> equivocations(long from, long to) throws SQLException {
    return list(
        "SELECT observer, round, length(first_bytes), first_bytes, length(second_bytes),"
            + " second_bytes FROM equivocations WHERE round BETWEEN ? AND ?"
            + " ORDER BY round, observer LIMIT ?",
        p -> {
          p.setLong(1, from);
          p.setLong(2, to);
          p.setInt(3, Store.MAX_PAGE);
        },
        Rows::equivocation);
  }

  List<String> integrityCheck() throws SQLException {
    return list("PRAGMA integrity_check", p -> {}, rs -> rs.getString(1));
  }

  private static Verdict verdictColumn(String value, String table, String key) {
    try {
      return Verdict.valueOf(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new StoreException.Corrupt(table, key, "verdict " + value);
    }
  }

  private <T> List<T> list(String sql, Binder binder, RowMapper<T> mapper) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      binder.bind(p);
      List<T> out = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
      }
      return out;
    }
  }
}
