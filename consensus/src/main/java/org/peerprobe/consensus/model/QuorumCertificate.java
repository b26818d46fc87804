package org.peerprobe.consensus.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.DecodeException;
import org.peerprobe.consensus.canonical.Decoding;
import org.peerprobe.consensus.canonical.Domain;
import org.peerprobe.consensus.canonical.Fields;
import org.peerprobe.consensus.crypto.Sha256;
import org.peerprobe.consensus.validation.Validated;

/**
 * The evidence that a quorum saw {@code front} as {@code verdict} in {@code round}: the signed
 * reports that justify it, sorted by observer key so that the same evidence always has the same id.
 * The constructor sorts; the decoder rejects reports out of order, as for every sorted array.
 *
 * <p>A certificate is not itself signed; its authority is the signatures inside it, which {@code
 * quorum.CertificateVerifier} re-checks from scratch against the roster named by {@code
 * rosterVersion}.
 *
 * <p>Immutable. Not a record so that its canonical encoding — megabytes at 10,000 observers, asked
 * for by the id, the verifier, the store and the publisher in turn — is computed once.
 */
public final class QuorumCertificate {

  /** Largest encoded certificate accepted, in bytes. */
  public static final int MAX_ENCODED_BYTES = 32 * 1024 * 1024;

  private static final String EMPTY_REPORTS = "\"reports\":[]";

  private static final byte[] CERTIFICATE_PREFIX =
      Domain.CERTIFICATE.prefix().getBytes(StandardCharsets.US_ASCII);

  private static final Set<String> FIELDS =
      Set.of("networkId", "rosterVersion", "front", "round", "verdict", "reports");

  private static final Comparator<SignedReport> BY_OBSERVER =
      Comparator.comparing(r -> r.report().observer());

  private final String networkId;
  private final long rosterVersion;
  private final String front;
  private final long round;
  private final Verdict verdict;
  private final List<SignedReport> reports;
  private volatile byte[] encoded;
  private volatile String id;

  /** Checks the fields and sorts {@code reports} by observer key. */
  public QuorumCertificate(
      String networkId,
      long rosterVersion,
      String front,
      long round,
      Verdict verdict,
      List<SignedReport> reports) {
    Ids.requireName(networkId, "networkId");
    Ids.requireName(front, "front");
    if (rosterVersion < 1 || rosterVersion > CanonicalJson.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("rosterVersion must be 1..2^53-1: " + rosterVersion);
    }
    if (round < 0 || round > CanonicalJson.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("round must be 0..2^53-1: " + round);
    }
    if (verdict == null || verdict == Verdict.NO_QUORUM) {
      throw new IllegalArgumentException("a certificate attests UP or DOWN");
    }
    if (reports.isEmpty() || reports.size() > Roster.MAX_OBSERVERS) {
      throw new IllegalArgumentException(
          "a certificate has 1.." + Roster.MAX_OBSERVERS + " reports");
    }
    this.networkId = networkId;
    this.rosterVersion = rosterVersion;
    this.front = front;
    this.round = round;
    this.verdict = verdict;
    this.reports = reports.stream().sorted(BY_OBSERVER).toList();
  }

  public String networkId() {
    return networkId;
  }

  public long rosterVersion() {
    return rosterVersion;
  }

  public String front() {
    return front;
  }

  public long round() {
    return round;
  }

  public Verdict verdict() {
    return verdict;
  }

  /** The reports, sorted by observer key (unmodifiable). */
  public List<SignedReport> reports() {
    return reports;
  }

  public ObjectNode toJson() {
    ObjectNode o = fields();
    ArrayNode arr = o.putArray("reports");
    for (SignedReport r : reports) {
      arr.add(r.toJson());
    }
    return o;
  }

  /** Every field but the reports. */
  private ObjectNode fields() {
    ObjectNode o = CanonicalJson.object();
    o.put("networkId", networkId);
    o.put("rosterVersion", rosterVersion);
    o.put("front", front);
    o.put("round", round);
    o.put("verdict", verdict.name());
    return o;
  }

  /**
   * Canonical bytes (a copy; computed once): each report's cached canonical form is embedded, not
   * re-encoded.
   */
  public byte[] encode() {
    return encoded().clone();
  }

  /** The canonical encoding's length in bytes, without copying it. */
  public int encodedSize() {
    return encoded().length;
  }

  private byte[] encoded() {
    byte[] e = encoded;
    if (e == null) {
      e = splice();
      encoded = e;
    }
    return e;
  }

  /**
   * The canonical form, as {@code CanonicalJson.encode(toJson())} writes it, built without a tree
   * of thousands of nodes: the certificate's canonical form with an empty {@code reports} array,
   * and each report's cached canonical bytes copied into that array. Valid because the other fields
   * are names, numbers and an enum, so {@code "reports":[]} occurs in the shell exactly once.
   */
  private byte[] splice() {
    ObjectNode shell = fields();
    shell.putArray("reports");
    String text = CanonicalJson.encodeToString(shell);
    int at = text.indexOf(EMPTY_REPORTS);
    if (at < 0 || at != text.lastIndexOf(EMPTY_REPORTS)) {
      throw new IllegalStateException("certificate shell without one reports array: " + text);
    }
    at += EMPTY_REPORTS.length() - 1;
    byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
    byte[] tail = text.substring(at).getBytes(StandardCharsets.UTF_8);
    List<byte[]> parts = new ArrayList<>(reports.size());
    long size = head.length + tail.length + Math.max(0, reports.size() - 1);
    for (SignedReport r : reports) {
      byte[] b = r.canonicalJson().getBytes(StandardCharsets.UTF_8);
      parts.add(b);
      size += b.length;
    }
    if (size > MAX_ENCODED_BYTES) {
      throw new IllegalArgumentException(
          "certificate encodes to " + size + " bytes, more than " + MAX_ENCODED_BYTES);
    }
    byte[] out = new byte[(int) size];
    System.arraycopy(head, 0, out, 0, head.length);
    int pos = head.length;
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        out[pos++] = ',';
      }
      byte[] b = parts.get(i);
      System.arraycopy(b, 0, out, pos, b.length);
      pos += b.length;
    }
    System.arraycopy(tail, 0, out, pos, tail.length);
    return out;
  }

  /** SHA-256 of {@code "peerprobe:certificate:v1\n" ‖ canonical}, hex: how decisions cite it. */
  public String id() {
    String i = id;
    if (i == null) {
      i = Sha256.hex(CERTIFICATE_PREFIX, encoded());
      id = i;
    }
    return i;
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || o instanceof QuorumCertificate other
            && rosterVersion == other.rosterVersion
            && round == other.round
            && networkId.equals(other.networkId)
            && front.equals(other.front)
            && verdict == other.verdict
            && reports.equals(other.reports);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(networkId, rosterVersion, front, round, verdict, reports);
  }

  /** A summary: the reports are many and long. */
  @Override
  public String toString() {
    return "QuorumCertificate["
        + networkId
        + " v"
        + rosterVersion
        + " "
        + front
        + "@"
        + round
        + " "
        + verdict
        + ", "
        + reports.size()
        + " reports]";
  }

  public static Validated<QuorumCertificate> decode(byte[] bytes) {
    return Decoding.decode(bytes, MAX_ENCODED_BYTES, "certificate", QuorumCertificate::read);
  }

  public static QuorumCertificate read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    Verdict verdict = f.enumValue("verdict", Verdict.class);
    List<SignedReport> reports = f.array("reports", 1, Roster.MAX_OBSERVERS, SignedReport::read);
    for (int i = 1; i < reports.size(); i++) {
      // Equal keys pass here: the verifier rejects them as DUPLICATE_OBSERVER.
      if (BY_OBSERVER.compare(reports.get(i - 1), reports.get(i)) > 0) {
        throw new DecodeException(
            f.path("reports") + "[" + i + "]: reports must be sorted by observer key");
      }
    }
    return f.construct(
        () ->
            new QuorumCertificate(
                f.text("networkId", 63, Ids.NAME, Ids.NAME_DESCRIPTION),
                f.integer("rosterVersion", 1, CanonicalJson.MAX_SAFE_INTEGER),
                f.text("front", 63, Ids.NAME, Ids.NAME_DESCRIPTION),
                f.integer("round", 0, CanonicalJson.MAX_SAFE_INTEGER),
                verdict,
                reports));
  }
}
