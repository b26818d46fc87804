package org.peerprobe.consensus.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.Decoding;
import org.peerprobe.consensus.canonical.Fields;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.crypto.Ed25519Signature;
import org.peerprobe.consensus.crypto.Sha256;
import org.peerprobe.consensus.validation.Validated;

/**
 * A round report with its observer's signature over {@link RoundReport#signingInput()}.
 *
 * <p>Construction does not verify the signature (decoding cannot know the roster); {@link
 * #signatureValid()} does, and {@code quorum.ReportValidator} checks everything else.
 */
public record SignedReport(RoundReport report, Ed25519Signature signature) {

  /** Largest encoded signed report accepted from the network, in bytes. */
  public static final int MAX_ENCODED_BYTES = 32 * 1024;

  private static final Set<String> FIELDS = Set.of("report", "signature");

  public SignedReport {
    if (report == null || signature == null) {
      throw new IllegalArgumentException("report and signature are required");
    }
  }

  /** Signs {@code report} with the observer's key, which must be the report's observer. */
  public static SignedReport sign(RoundReport report, Ed25519KeyPair key) {
    if (!key.publicKey().equals(report.observer())) {
      throw new IllegalArgumentException("a report is signed by its own observer");
    }
    return new SignedReport(report, Ed25519Signature.sign(key, report.signingInput()));
  }

  public boolean signatureValid() {
    return signature.verifies(report.observer(), report.signingInput());
  }

  /**
   * The report's content id: SHA-256 of its signing input, hex. Two reports with the same id say
   * the same thing, whatever their signatures.
   */
  public String contentId() {
    return Sha256.hex(report.signingInput());
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.set("report", report.toJson());
    o.put("signature", signature.hex());
    return o;
  }

  public byte[] encode() {
    return CanonicalJson.encode(toJson());
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
}
