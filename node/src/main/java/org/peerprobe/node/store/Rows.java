package org.peerprobe.node.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.DecodeException;
import org.peerprobe.consensus.model.ApplyReceipt;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedApplyReceipt;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.quorum.Equivocation;
import org.peerprobe.consensus.validation.Validated;
import org.peerprobe.node.store.FrontVerdictRow.NetworkWeights;

/**
 * Turns rows back into values, trusting nothing: sizes are checked before a blob is read, blobs are
 * decoded with the consensus decoders, and what they decode to must match the row's key columns.
 * Signatures that no key covers (reports, decisions, evidence: their ids exclude the signature) are
 * verified again, about 0.1 ms each; a certificate's id covers all of its bytes. Any failure is
 * {@link StoreException.Corrupt} naming the row.
 */
final class Rows {

  /** Largest per-network JSON of a verdict row: {@link FrontVerdictRow#MAX_NETWORKS} entries. */
  static final int MAX_NETWORKS_JSON_BYTES = 2 * 1024 * 1024;

  private Rows() {}

  /** Columns: content_id, own, received_at_ms, length(bytes), bytes. */
  static StoredReport report(ResultSet rs) throws SQLException {
    String id = rs.getString(1);
    String key = "content_id=" + id;
    SignedReport r =
        decode(rs, 4, SignedReport.MAX_ENCODED_BYTES, SignedReport::decode, "reports", key);
    if (!r.contentId().equals(id)) {
      throw new StoreException.Corrupt("reports", key, "bytes hold report " + r.contentId());
    }
    requireSignature(r.signatureValid(), "reports", key);
    return new StoredReport(r, rs.getInt(2) == 1, rs.getLong(3));
  }

  /** Columns: id, length(bytes), bytes. */
  static QuorumCertificate certificate(ResultSet rs) throws SQLException {
    String id = rs.getString(1);
    String key = "id=" + id;
    QuorumCertificate c =
        decode(
            rs,
            2,
            QuorumCertificate.MAX_ENCODED_BYTES,
            QuorumCertificate::decode,
            "certificates",
            key);
    if (!c.id().equals(id)) {
      throw new StoreException.Corrupt("certificates", key, "bytes hold certificate " + c.id());
    }
    return c;
  }

  /** Columns: position, router, seq, id, stored_at_ms, length(bytes), bytes. */
  static StoredDecision decision(ResultSet rs) throws SQLException {
    long position = rs.getLong(1);
    String router = rs.getString(2);
    long seq = rs.getLong(3);
    String id = rs.getString(4);
    String key = "position=" + position + " router=" + router + " seq=" + seq;
    SignedDecision d =
        decode(rs, 6, SignedDecision.MAX_ENCODED_BYTES, SignedDecision::decode, "decisions", key);
    if (!d.decision().id().equals(id)
        || !d.decision().router().equals(router)
        || d.decision().seq() != seq) {
      throw new StoreException.Corrupt(
          "decisions", key, "bytes hold decision " + d.decision().id() + " of another row");
    }
    requireSignature(d.signatureValid(), "decisions", key);
    return new StoredDecision(position, d, rs.getLong(5));
  }

  /** Columns: decision_id, signer, router, seq, issued_at_ms, length(bytes), bytes. */
  static SignedApplyReceipt receipt(ResultSet rs) throws SQLException {
    String decision = rs.getString(1);
    String signer = rs.getString(2);
    String key = "decision_id=" + decision + " signer=" + signer;
    SignedApplyReceipt r =
        decode(
            rs,
            6,
            SignedApplyReceipt.MAX_ENCODED_BYTES,
            SignedApplyReceipt::decode,
            "receipts",
            key);
    ApplyReceipt a = r.receipt();
    if (!a.decision().equals(decision)
        || !r.signer().hex().equals(signer)
        || !a.router().equals(rs.getString(3))
        || a.seq() != rs.getLong(4)
        || a.issuedAtMs() != rs.getLong(5)) {
      throw new StoreException.Corrupt(
          "receipts", key, "bytes hold receipt " + a.id() + " of another row");
    }
    requireSignature(r.signatureValid(), "receipts", key);
    return r;
  }

  /** Columns: observer, round, length(first), first, length(second), second. */
  static Equivocation equivocation(ResultSet rs) throws SQLException {
    String observer = rs.getString(1);
    long round = rs.getLong(2);
    String key = "observer=" + observer + " round=" + round;
    int max = SignedReport.MAX_ENCODED_BYTES;
    SignedReport first = decode(rs, 3, max, SignedReport::decode, "equivocations", key);
    SignedReport second = decode(rs, 5, max, SignedReport::decode, "equivocations", key);
    for (SignedReport r : new SignedReport[] {first, second}) {
      if (!r.report().observer().hex().equals(observer) || r.report().round() != round) {
        throw new StoreException.Corrupt("equivocations", key, "bytes hold " + r);
      }
      requireSignature(r.signatureValid(), "equivocations", key);
    }
    return new Equivocation(first, second);
  }

  /**
   * Columns: front, round, verdict, up_weight, down_weight, total_weight, length(networks),
   * networks, certificate_id.
   */
  static FrontVerdictRow verdict(ResultSet rs) throws SQLException {
    String front = rs.getString(1);
    long round = rs.getLong(2);
    String key = "front=" + front + " round=" + round;
    if (rs.getLong(7) > MAX_NETWORKS_JSON_BYTES) {
      throw new StoreException.Corrupt("verdicts", key, "networks larger than the limit");
    }
    try {
      return new FrontVerdictRow(
          front,
          round,
          Verdict.valueOf(rs.getString(3)),
          rs.getLong(4),
          rs.getLong(5),
          rs.getLong(6),
          parseNetworks(rs.getBytes(8)),
          Optional.ofNullable(rs.getString(9)));
    } catch (IllegalArgumentException | NullPointerException | DecodeException e) {
      throw new StoreException.Corrupt("verdicts", key, e.getMessage());
    }
  }

  /** Canonical JSON {@code {"AS1":{"down":0,"up":2},…}}. */
  static byte[] networksJson(SortedMap<String, NetworkWeights> networks) {
    ObjectNode o = CanonicalJson.object();
    networks.forEach(
        (n, w) -> {
          ObjectNode e = o.putObject(n);
          e.put("up", w.up());
          e.put("down", w.down());
        });
    return CanonicalJson.encode(o);
  }

  static SortedMap<String, NetworkWeights> parseNetworks(byte[] bytes) {
    JsonNode root = CanonicalJson.parse(bytes, MAX_NETWORKS_JSON_BYTES, "networks");
    if (!root.isObject()) {
      throw new DecodeException("networks: not an object");
    }
    SortedMap<String, NetworkWeights> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode w = e.getValue();
      if (!w.isObject() || w.size() != 2 || !w.path("up").isIntegralNumber()) {
        throw new DecodeException("networks." + e.getKey() + ": not {up, down}");
      }
      if (!w.path("down").isIntegralNumber()) {
        throw new DecodeException("networks." + e.getKey() + ": not {up, down}");
      }
      out.put(e.getKey(), new NetworkWeights(w.get("up").asLong(), w.get("down").asLong()));
    }
    return out;
  }

  private static void requireSignature(boolean valid, String table, String key) {
    if (!valid) {
      throw new StoreException.Corrupt(table, key, "the signature does not verify");
    }
  }

  private static <T> T decode(
      ResultSet rs,
      int lengthColumn,
      int maxBytes,
      java.util.function.Function<byte[], Validated<T>> decoder,
      String table,
      String key)
      throws SQLException {
    long length = rs.getLong(lengthColumn);
    if (length > maxBytes) {
      throw new StoreException.Corrupt(table, key, length + " bytes, more than " + maxBytes);
    }
    byte[] bytes = rs.getBytes(lengthColumn + 1);
    if (bytes == null) {
      throw new StoreException.Corrupt(table, key, "bytes are missing");
    }
    Validated<T> v = decoder.apply(bytes);
    if (v instanceof Validated.Invalid<T> invalid) {
      throw new StoreException.Corrupt(table, key, invalid.toString());
    }
    return v.orElseThrow();
  }
}
