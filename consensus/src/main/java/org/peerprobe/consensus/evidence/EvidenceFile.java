package org.peerprobe.consensus.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.DecodeException;
import org.peerprobe.consensus.canonical.Decoding;
import org.peerprobe.consensus.canonical.Fields;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.validation.Validated;

/**
 * Everything needed to re-verify one decision or one certificate offline: the operator-signed
 * bundles it was made under, the router's decision chain from seq 1 (empty for a certificate) and
 * the certificates the claim rests on. {@link EvidenceVerifier} checks it; nothing in it is trusted
 * because of where it came from.
 *
 * <p>Decoding is strict (unknown members, a wrong {@code kind}, counts over the limits are refused)
 * and bounded: {@value #MAX_ENCODED_BYTES} bytes before parsing, then each array's count before any
 * element is read.
 */
public record EvidenceFile(
    List<SignedBundle> bundles,
    List<SignedDecision> decisions,
    List<QuorumCertificate> certificates) {

  /** The {@code kind} member: names the format and its version. */
  public static final String KIND = "peerprobe-evidence/v1";

  /**
   * Largest encoded evidence file: room for a few certificates of a large roster with their
   * bundles. A realistic file (tens of observers, a handful of decisions) is under 100 KiB.
   */
  public static final int MAX_ENCODED_BYTES = 64 * 1024 * 1024;

  /** Most bundles: the roster versions one decision and its certificates span. */
  public static final int MAX_BUNDLES = 16;

  /**
   * Most decisions: a chain from seq 1, and routers switch rarely (one switch a day for 27 years).
   */
  public static final int MAX_DECISIONS = 10_000;

  /** Most certificates: those one decision may cite. */
  public static final int MAX_CERTIFICATES = Decision.MAX_CERTIFICATES;

  private static final Set<String> FIELDS = Set.of("kind", "bundles", "decisions", "certificates");

  public EvidenceFile {
    bundles = List.copyOf(bundles);
    decisions = List.copyOf(decisions);
    certificates = List.copyOf(certificates);
    if (bundles.isEmpty() || bundles.size() > MAX_BUNDLES) {
      throw new IllegalArgumentException("evidence holds 1.." + MAX_BUNDLES + " bundles");
    }
    if (decisions.size() > MAX_DECISIONS) {
      throw new IllegalArgumentException("evidence holds at most " + MAX_DECISIONS + " decisions");
    }
    if (certificates.size() > MAX_CERTIFICATES) {
      throw new IllegalArgumentException(
          "evidence holds at most " + MAX_CERTIFICATES + " certificates");
    }
  }

  /** The evidence of one certificate: it and the bundle of its roster version. */
  public static EvidenceFile forCertificate(SignedBundle bundle, QuorumCertificate certificate) {
    return new EvidenceFile(List.of(bundle), List.of(), List.of(certificate));
  }

  /** True when this is the evidence of a decision (the last of {@link #decisions()}). */
  public boolean isDecision() {
    return !decisions.isEmpty();
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.put("kind", KIND);
    ArrayNode b = o.putArray("bundles");
    bundles.forEach(x -> b.add(x.toJson()));
    ArrayNode d = o.putArray("decisions");
    decisions.forEach(x -> d.add(x.toJson()));
    ArrayNode c = o.putArray("certificates");
    certificates.forEach(x -> c.add(x.toJson()));
    return o;
  }

  /** The canonical encoding, as a feed serves it. */
  public byte[] encode() {
    return CanonicalJson.encode(toJson());
  }

  /** Decodes untrusted bytes (at most {@link #MAX_ENCODED_BYTES}); never throws. */
  public static Validated<EvidenceFile> decode(byte[] bytes) {
    return Decoding.decode(bytes, MAX_ENCODED_BYTES, "evidence", EvidenceFile::read);
  }

  static EvidenceFile read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    String kind = f.text("kind", 64);
    if (!kind.equals(KIND)) {
      throw new DecodeException(f.path("kind") + ": expected '" + KIND + "', was '" + kind + "'");
    }
    List<SignedBundle> bundles = f.array("bundles", 1, MAX_BUNDLES, SignedBundle::read);
    List<SignedDecision> decisions = f.array("decisions", 0, MAX_DECISIONS, SignedDecision::read);
    List<QuorumCertificate> certificates =
        f.array("certificates", 0, MAX_CERTIFICATES, QuorumCertificate::read);
    return f.construct(() -> new EvidenceFile(bundles, decisions, certificates));
  }
}
