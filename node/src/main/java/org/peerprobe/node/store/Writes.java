package org.peerprobe.node.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.peerprobe.consensus.canonical.Domain;
import org.peerprobe.consensus.crypto.Sha256;
import org.peerprobe.consensus.model.ApplyReceipt;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedApplyReceipt;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.quorum.Equivocation;

/**
 * The write statements, each one transaction on the writer connection. Confined to the writer
 * thread: not thread-safe. Arguments that break the store's contract (another network, an oversized
 * encoding) are the caller's bug and throw {@link IllegalArgumentException}.
 */
final class Writes {

  /** Most rows one retention batch deletes, so that other writes interleave with a long prune. */
  static final int PRUNE_BATCH_ROWS = 5_000;

  /** What retention deletes, in the order it deletes it. */
  enum PruneTarget {
    CERTIFICATES(
        "DELETE FROM certificates WHERE rowid IN (SELECT c.rowid FROM certificates c"
            + " WHERE c.stored_at_ms < ? AND NOT EXISTS (SELECT 1 FROM decision_certificates d"
            + " WHERE d.certificate_id = c.id) LIMIT ?)"),
    VERDICTS(
        "DELETE FROM verdicts WHERE rowid IN"
            + " (SELECT rowid FROM verdicts WHERE stored_at_ms < ? LIMIT ?)"),
    EQUIVOCATIONS(
        "DELETE FROM equivocations WHERE rowid IN"
            + " (SELECT rowid FROM equivocations WHERE stored_at_ms < ? LIMIT ?)"),
    REPORTS(
        "DELETE FROM reports WHERE rowid IN"
            + " (SELECT rowid FROM reports WHERE received_at_ms < ? LIMIT ?)");

    private final String sql;

    PruneTarget(String sql) {
      this.sql = sql;
    }
  }

  private final Connection c;
  private final String networkId;

  Writes(Connection c, String networkId) {
    this.c = c;
    this.networkId = networkId;
  }

  boolean saveReport(SignedReport r, boolean own, long receivedAtMs) throws SQLException {
    requireNetwork(r.report().networkId(), "report");
    byte[] bytes = requireSize(r.encode(), SignedReport.MAX_ENCODED_BYTES, "report");
    return Transactions.run(
        c,
        () -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT OR IGNORE INTO reports (content_id, round, observer, observer_network,"
                      + " own, received_at_ms, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, r.contentId());
            p.setLong(2, r.report().round());
            p.setString(3, r.report().observer().hex());
            p.setString(4, r.report().network());
            p.setInt(5, own ? 1 : 0);
            p.setLong(6, receivedAtMs);
            p.setBytes(7, bytes);
            if (p.executeUpdate() == 0) {
              return false;
            }
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO report_fronts (content_id, front, status) VALUES (?, ?, ?)")) {
            for (Observation o : r.report().observations()) {
              p.setString(1, r.contentId());
              p.setString(2, o.front());
              p.setString(3, o.status().name());
              p.addBatch();
            }
            p.executeBatch();
          }
          return true;
        });
  }

  boolean saveCertificate(QuorumCertificate cert, long nowMs) throws SQLException {
    requireNetwork(cert.networkId(), "certificate");
    byte[] bytes = requireSize(cert.encode(), QuorumCertificate.MAX_ENCODED_BYTES, "certificate");
    String id = Sha256.hex(Domain.CERTIFICATE.frame(bytes));
    return Transactions.run(
        c,
        () -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT OR IGNORE INTO certificates (id, front, round, verdict, roster_version,"
                      + " report_count, stored_at_ms, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, id);
            p.setString(2, cert.front());
            p.setLong(3, cert.round());
            p.setString(4, cert.verdict().name());
            p.setLong(5, cert.rosterVersion());
            p.setInt(6, cert.reports().size());
            p.setLong(7, nowMs);
            p.setBytes(8, bytes);
            return p.executeUpdate() == 1;
          }
        });
  }

  /**
   * Appends to the router's log with {@code synchronous=FULL} for this one commit, so that the
   * decision is on disk (not only in the OS cache) before the caller may publish it: a power loss
   * after publishing must not let the signer reuse the seq. The fsync of the WAL also makes every
   * earlier commit durable.
   */
  DecisionWrite saveDecision(SignedDecision signed, long nowMs) throws SQLException {
    Decision d = signed.decision();
    requireNetwork(d.networkId(), "decision");
    byte[] bytes = requireSize(signed.encode(), SignedDecision.MAX_ENCODED_BYTES, "decision");
    String id = d.id();
    setSynchronous("FULL");
    try {
      return Transactions.run(c, () -> appendDecision(signed, id, bytes, nowMs));
    } finally {
      setSynchronous("NORMAL");
    }
  }

  private DecisionWrite appendDecision(SignedDecision signed, String id, byte[] bytes, long nowMs)
      throws SQLException {
    Decision d = signed.decision();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT position, router, seq, id, stored_at_ms, length(bytes), bytes"
                + " FROM decisions WHERE router = ? AND seq = ?")) {
      p.setString(1, d.router());
      p.setLong(2, d.seq());
      try (ResultSet rs = p.executeQuery()) {
        if (rs.next()) {
          return rs.getString(4).equals(id)
              ? new DecisionWrite.AlreadyStored(rs.getLong(1))
              : new DecisionWrite.Conflict(Rows.decision(rs).decision());
        }
      }
    }
    long headSeq = 0;
    String headId = Decision.GENESIS;
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT seq, id FROM decisions WHERE router = ? ORDER BY seq DESC LIMIT 1")) {
      p.setString(1, d.router());
      try (ResultSet rs = p.executeQuery()) {
        if (rs.next()) {
          headSeq = rs.getLong(1);
          headId = rs.getString(2);
        }
      }
    }
    if (d.seq() != headSeq + 1) {
      return new DecisionWrite.NotNext(headSeq, "seq " + d.seq() + " after head " + headSeq);
    }
    if (!d.prev().equals(headId)) {
      return new DecisionWrite.NotNext(headSeq, "prev " + d.prev() + " is not head " + headId);
    }
    return new DecisionWrite.Stored(insertDecision(signed, id, bytes, nowMs));
  }

  /** Inserts a decision row and its certificate links; the caller checked that it is next. */
  long insertDecision(SignedDecision signed, String id, byte[] bytes, long nowMs)
      throws SQLException {
    Decision d = signed.decision();
    long position;
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO decisions (router, seq, id, prev, round, from_front, to_front, signer,"
                + " stored_at_ms, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      p.setString(1, d.router());
      p.setLong(2, d.seq());
      p.setString(3, id);
      p.setString(4, d.prev());
      p.setLong(5, d.round());
      p.setString(6, d.from());
      p.setString(7, d.to());
      p.setString(8, signed.signer().hex());
      p.setLong(9, nowMs);
      p.setBytes(10, bytes);
      p.executeUpdate();
      try (ResultSet keys = p.getGeneratedKeys()) {
        keys.next();
        position = keys.getLong(1);
      }
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT OR IGNORE INTO decision_certificates (certificate_id, decision_position)"
                + " VALUES (?, ?)")) {
      for (String cert : d.certificates()) {
        p.setString(1, cert);
        p.setLong(2, position);
        p.addBatch();
      }
      p.executeBatch();
    }
    return position;
  }

  /**
   * Keeps the receipt unless one of the same (decision, signer) issued at the same time or later is
   * held: receipts are not chained, the latest one is current.
   */
  boolean saveReceipt(SignedApplyReceipt signed, long nowMs) throws SQLException {
    ApplyReceipt r = signed.receipt();
    requireNetwork(r.networkId(), "receipt");
    byte[] bytes = requireSize(signed.encode(), SignedApplyReceipt.MAX_ENCODED_BYTES, "receipt");
    return Transactions.run(
        c,
        () -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO receipts (decision_id, signer, router, seq, issued_at_ms,"
                      + " stored_at_ms, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (decision_id, signer) DO UPDATE SET"
                      + " issued_at_ms = excluded.issued_at_ms,"
                      + " stored_at_ms = excluded.stored_at_ms, bytes = excluded.bytes"
                      + " WHERE excluded.issued_at_ms > receipts.issued_at_ms")) {
            p.setString(1, r.decision());
            p.setString(2, signed.signer().hex());
            p.setString(3, r.router());
            p.setLong(4, r.seq());
            p.setLong(5, r.issuedAtMs());
            p.setLong(6, nowMs);
            p.setBytes(7, bytes);
            return p.executeUpdate() == 1;
          }
        });
  }

  boolean saveEquivocation(Equivocation e, long nowMs) throws SQLException {
    requireNetwork(e.first().report().networkId(), "equivocation");
    requireNetwork(e.second().report().networkId(), "equivocation");
    if (!e.first().report().observer().equals(e.second().report().observer())
        || e.first().report().round() != e.second().report().round()) {
      throw new IllegalArgumentException("evidence reports differ in observer or round");
    }
    int max = SignedReport.MAX_ENCODED_BYTES;
    byte[] first = requireSize(e.first().encode(), max, "report");
    byte[] second = requireSize(e.second().encode(), max, "report");
    return Transactions.run(
        c,
        () -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT OR IGNORE INTO equivocations (observer, round, first_bytes,"
                      + " second_bytes, stored_at_ms) VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, e.first().report().observer().hex());
            p.setLong(2, e.round());
            p.setBytes(3, first);
            p.setBytes(4, second);
            p.setLong(5, nowMs);
            return p.executeUpdate() == 1;
          }
        });
  }

  Void saveVerdict(FrontVerdictRow row, long nowMs) throws SQLException {
    byte[] networks = Rows.networksJson(row.networks());
    return Transactions.run(
        c,
        () -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO verdicts (front, round, verdict, up_weight,"
                      + " down_weight, total_weight, networks, certificate_id, stored_at_ms)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, row.front());
            p.setLong(2, row.round());
            p.setString(3, row.verdict().name());
            p.setLong(4, row.upWeight());
            p.setLong(5, row.downWeight());
            p.setLong(6, row.totalWeight());
            p.setBytes(7, networks);
            p.setString(8, row.certificateId().orElse(null));
            p.setLong(9, nowMs);
            p.executeUpdate();
            return null;
          }
        });
  }

  /** Deletes at most {@link #PRUNE_BATCH_ROWS} rows of {@code target} older than the cutoff. */
  long pruneBatch(PruneTarget target, long cutoffMs) throws SQLException {
    return Transactions.run(
        c,
        () -> {
          try (PreparedStatement p = c.prepareStatement(target.sql)) {
            p.setLong(1, cutoffMs);
            p.setInt(2, PRUNE_BATCH_ROWS);
            return (long) p.executeUpdate();
          }
        });
  }

  void setSynchronous(String level) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA synchronous=" + level);
    }
  }

  void requireNetwork(String actual, String what) {
    if (!networkId.equals(actual)) {
      throw new IllegalArgumentException(
          what + " is for network " + actual + ", this store holds " + networkId);
    }
  }

  static byte[] requireSize(byte[] bytes, int max, String what) {
    if (bytes.length > max) {
      throw new IllegalArgumentException(
          what + " encodes to " + bytes.length + " bytes, more than " + max);
    }
    return bytes;
  }
}
