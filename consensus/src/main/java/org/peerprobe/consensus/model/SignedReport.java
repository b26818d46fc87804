package org.peerprobe.consensus.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.Decoding;
import org.peerprobe.consensus.canonical.Domain;
import org.peerprobe.consensus.canonical.Fields;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.crypto.Ed25519Signature;
import org.peerprobe.consensus.crypto.Sha256;
import org.peerprobe.consensus.validation.Validated;

/**
 * A round report with its observer's signature over {@link RoundReport#signingInput()}.
 *
 * <p>Construction does not verify the signature (decoding cannot know the roster); {@link
 * #signatureValid()} does, and {@code quorum.ReportValidator} checks everything else. The signing
 * input and content id are computed once, on construction, because every report is verified and
 * counted many times over. Immutable; equal when report and signature are equal.
 */
public final class SignedReport {

  /** Largest encoded signed report accepted from the network, in bytes. */
  public static final int MAX_ENCODED_BYTES = 32 * 1024;

  private static final Set<String> FIELDS = Set.of("report", "signature");

  private final RoundReport report;
  private final Ed25519Signature signature;
  private final byte[] signingInput;
  private final String contentId;
  private volatile String canonical;

  public SignedReport(RoundReport report, Ed25519Signature signature) {
    if (report == null || signature == null) {
      throw new IllegalArgumentException("report and signature are required");
    }
    this.report = report;
    this.signature = signature;
    this.signingInput = report.signingInput();
    this.contentId = Sha256.hex(signingInput);
  }

  /** Signs {@code report} with the observer's key, which must be the report's observer. */
  public static SignedReport sign(RoundReport report, Ed25519KeyPair key) {
    if (!key.publicKey().equals(report.observer())) {
      throw new IllegalArgumentException("a report is signed by its own observer");
    }
    return new SignedReport(report, Ed25519Signature.sign(key, report.signingInput()));
  }

  public RoundReport report() {
    return report;
  }

  public Ed25519Signature signature() {
    return signature;
  }

  /** Verifies the signature under the report's observer key. */
  public boolean signatureValid() {
    return signature.verifies(report.observer(), signingInput);
  }

  /**
   * The report's content id: SHA-256 of its signing input, hex. Two reports with the same id say
   * the same thing, whatever their signatures.
   */
  public String contentId() {
    return contentId;
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.set("report", report.toJson());
    o.put("signature", signature.hex());
    return o;
  }

  /**
   * The canonical JSON of this signed report, computed once. It is spliced from the report's
   * canonical bytes, already held in the signing input, rather than encoded again: the two keys
   * sort as {@code report < signature} and the hex signature needs no escaping, so this is exactly
   * {@code CanonicalJson.encode(toJson())} (a certificate at 10,000 observers embeds thousands).
   */
  public String canonicalJson() {
    String c = canonical;
    if (c == null) {
      int prefix = Domain.REPORT.prefix().length();
      c =
          "{\"report\":"
              + new String(
                  signingInput, prefix, signingInput.length - prefix, StandardCharsets.UTF_8)
              + ",\"signature\":\""
              + signature.hex()
              + "\"}";
      canonical = c;
    }
    return c;
  }

  public byte[] encode() {
    return canonicalJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Decodes untrusted bytes (shape only; see {@link #signatureValid()}). */
  public static Validated<SignedReport> decode(byte[] bytes) {
    return Decoding.decode(bytes, MAX_ENCODED_BYTES, "signedReport", SignedReport::read);
  }

  static SignedReport read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    return new SignedReport(
        RoundReport.read(node.get("report"), f.path("report")), f.signature("signature"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedReport other
        && contentId.equals(other.contentId)
        && signature.equals(other.signature);
  }

  @Override
  public int hashCode() {
    return contentId.hashCode() * 31 + signature.hashCode();
  }

  @Override
  public String toString() {
    return "SignedReport{" + report.observer().peerId() + " round " + report.round() + "}";
  }
}
