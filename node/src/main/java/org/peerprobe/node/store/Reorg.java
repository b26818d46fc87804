package org.peerprobe.node.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.SignedDecision;

/**
 * Replaces the tail of a router's log by a longer branch (or, after the fork choice's tie-break,
 * one of the same length) in one transaction, keeping every replaced decision in {@code
 * decision_forks}. Confined to the writer thread, like {@link Writes}.
 */
final class Reorg {
  private final Connection c;
  private final Writes writes;

  Reorg(Connection c, Writes writes) {
    this.c = c;
    this.writes = writes;
  }

  /**
   * See {@link Store#adoptBranch}. A branch that is not a contiguous, linked run of this router's
   * decisions starting at {@code forkSeq + 1} is the caller's bug ({@link
   * IllegalArgumentException}); a branch that does not fit the stored log is {@link
   * BranchWrite.Refused}.
   */
  BranchWrite adopt(
      String router,
      long forkSeq,
      List<SignedDecision> branch,
      Optional<String> replacingHead,
      long nowMs)
      throws SQLException {
    List<byte[]> encoded = checkShape(router, forkSeq, branch);
    writes.setSynchronous("FULL");
    try {
      return Transactions.run(
          c, () -> replace(router, forkSeq, branch, encoded, replacingHead, nowMs));
    } finally {
      writes.setSynchronous("NORMAL");
    }
  }

  private List<byte[]> checkShape(String router, long forkSeq, List<SignedDecision> branch) {
    if (branch.isEmpty() || branch.size() > Store.MAX_BRANCH) {
      throw new IllegalArgumentException(
          "a branch holds 1.." + Store.MAX_BRANCH + " decisions, not " + branch.size());
    }
    List<byte[]> encoded = new ArrayList<>();
    String prev = null;
    long seq = forkSeq;
    for (SignedDecision s : branch) {
      Decision d = s.decision();
      writes.requireNetwork(d.networkId(), "decision");
      if (!d.router().equals(router)
          || d.seq() != ++seq
          || (prev != null && !d.prev().equals(prev))) {
        throw new IllegalArgumentException(
            "decision " + d.router() + "#" + d.seq() + " does not continue the branch at " + seq);
      }
      prev = d.id();
      encoded.add(Writes.requireSize(s.encode(), SignedDecision.MAX_ENCODED_BYTES, "decision"));
    }
    return encoded;
  }

  private BranchWrite replace(
      String router,
      long forkSeq,
      List<SignedDecision> branch,
      List<byte[]> encoded,
      Optional<String> replacingHead,
      long nowMs)
      throws SQLException {
    String forkId = forkSeq == 0 ? Decision.GENESIS : idAt(router, forkSeq);
    if (forkId == null || !forkId.equals(branch.get(0).decision().prev())) {
      return new BranchWrite.Refused(
          "the branch starts after "
              + branch.get(0).decision().prev()
              + ", the log holds "
              + forkId);
    }
    List<StoredDecision> tail = tail(router, forkSeq);
    long headSeq = forkSeq + branch.size();
    long heldHead =
        tail.isEmpty() ? forkSeq : tail.get(tail.size() - 1).decision().decision().seq();
    boolean tieWon =
        headSeq == heldHead
            && !tail.isEmpty()
            && replacingHead.isPresent()
            && replacingHead.get().equals(tail.get(tail.size() - 1).decision().decision().id());
    if (headSeq < heldHead || (headSeq == heldHead && !tieWon)) {
      return new BranchWrite.Refused(
          "branch head "
              + headSeq
              + " is not above the held head "
              + heldHead
              + (replacingHead.isPresent() ? " (or the held head moved since the tie-break)" : ""));
    }
    List<SignedDecision> replaced = new ArrayList<>();
    for (StoredDecision held : tail) {
      Decision d = held.decision().decision();
      Decision by = branch.get((int) (d.seq() - forkSeq - 1)).decision();
      if (!by.id().equals(d.id())) {
        keepAsEvidence(held.decision(), by.id(), nowMs);
        replaced.add(held.decision());
      }
      execute("DELETE FROM decision_certificates WHERE decision_position = ?", held.position());
      execute("DELETE FROM decisions WHERE position = ?", held.position());
    }
    for (int i = 0; i < branch.size(); i++) {
      SignedDecision s = branch.get(i);
      writes.insertDecision(s, s.decision().id(), encoded.get(i), nowMs);
    }
    return new BranchWrite.Adopted(forkSeq, headSeq, replaced);
  }

  private String idAt(String router, long seq) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("SELECT id FROM decisions WHERE router = ? AND seq = ?")) {
      p.setString(1, router);
      p.setLong(2, seq);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** The held decisions after {@code forkSeq}, by seq; at most the branch's bound above it. */
  private List<StoredDecision> tail(String router, long forkSeq) throws SQLException {
    List<StoredDecision> out = new ArrayList<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT position, router, seq, id, stored_at_ms, length(bytes), bytes"
                + " FROM decisions WHERE router = ? AND seq > ? ORDER BY seq LIMIT ?")) {
      p.setString(1, router);
      p.setLong(2, forkSeq);
      p.setInt(3, Store.MAX_BRANCH + 1);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(Rows.decision(rs));
        }
      }
    }
    return out;
  }

  private void keepAsEvidence(SignedDecision held, String replacedBy, long nowMs)
      throws SQLException {
    Decision d = held.decision();
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT OR IGNORE INTO decision_forks (id, router, seq, signer, replaced_by,"
                + " replaced_at_ms, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      p.setString(1, d.id());
      p.setString(2, d.router());
      p.setLong(3, d.seq());
      p.setString(4, held.signer().hex());
      p.setString(5, replacedBy);
      p.setLong(6, nowMs);
      p.setBytes(7, held.encode());
      p.executeUpdate();
    }
  }

  private void execute(String sql, long position) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setLong(1, position);
      p.executeUpdate();
    }
  }
}
