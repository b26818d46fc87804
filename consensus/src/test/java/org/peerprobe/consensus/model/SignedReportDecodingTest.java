package org.peerprobe.consensus.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.consensus.model.Samples.assertMalformed;
import static org.peerprobe.consensus.model.Samples.bytes;
import static org.peerprobe.consensus.model.Samples.utf8;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

class SignedReportDecodingTest {
  private static final String OBS0 = "signedReport.report.observations[0]";

  /** Decodes the sample signed report after {@code edit} changed its JSON. */
  private static Validated<SignedReport> edited(Consumer<ObjectNode> edit) {
    ObjectNode json = Samples.signedReport().toJson().deepCopy();
    edit.accept(json);
    return SignedReport.decode(bytes(json));
  }

  private static ObjectNode report(ObjectNode signed) {
    return (ObjectNode) signed.get("report");
  }

  private static ArrayNode observations(ObjectNode signed) {
    return (ArrayNode) report(signed).get("observations");
  }

  private static ObjectNode obs(ObjectNode signed, int i) {
    return (ObjectNode) observations(signed).get(i);
  }

  /** The sample's canonical text with one substring replaced, for what a tree cannot hold. */
  private static Validated<SignedReport> replaced(String from, String to) {
    String text =
        new String(Samples.signedReport().encode(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    return SignedReport.decode(utf8(text.replaceFirst(java.util.regex.Pattern.quote(from), to)));
  }

  @Test
  void namesTheFieldOfAnUnknownEnumValue() {
    // observations are sorted by front: [0] is cdn2-front (DOWN), [1] is cf-front (UP)
    assertMalformed(
        edited(j -> obs(j, 1).put("status", "up")),
        "signedReport.report.observations[1].status: unknown value 'up'");
  }

  @Test
  void failureIsPresentExactlyWhenDown() {
    assertMalformed(
        edited(j -> obs(j, 0).remove("failure")),
        OBS0 + ".failure: present exactly when status is DOWN");
    assertMalformed(
        edited(j -> obs(j, 1).put("failure", "TLS")),
        "signedReport.report.observations[1].failure: present exactly when status is DOWN");
    assertMalformed(
        edited(j -> obs(j, 0).put("failure", "REFUSED")),
        OBS0 + ".failure: unknown value 'REFUSED'");
  }

  @Test
  void checksRangesOfIntegers() {
    assertMalformed(
        edited(j -> obs(j, 0).put("httpStatus", 1000)),
        OBS0 + ".httpStatus: must be in 0..999, was 1000");
    assertMalformed(
        edited(j -> ((ObjectNode) obs(j, 0).get("timings")).put("dnsUs", -1)),
        OBS0 + ".timings.dnsUs: must be in 0..3600000000, was -1");
    assertMalformed(
        edited(j -> report(j).put("round", -1)),
        "signedReport.report.round: must be in 0..9007199254740991, was -1");
  }

  @Test
  void rejectsFloatsNullsAndHugeIntegersWithTheirPath() {
    assertMalformed(
        replaced("\"httpStatus\":0", "\"httpStatus\":0.0"),
        OBS0 + ".httpStatus: floating-point numbers are not allowed");
    assertMalformed(
        replaced("\"httpStatus\":0", "\"httpStatus\":null"),
        OBS0 + ".httpStatus: null values are not allowed");
    assertMalformed(
        replaced("\"observedAtMs\":1763424000128", "\"observedAtMs\":9007199254740992"),
        OBS0 + ".observedAtMs: integer outside ±(2^53-1)");
  }

  @Test
  void rejectsDuplicateKeys() {
    assertMalformed(
        replaced("\"round\":29390400", "\"round\":29390400,\"round\":29390401"),
        "signedReport.report.round: not valid JSON: Duplicate field 'round'");
  }

  @Test
  void rejectsUnknownFieldsAtEveryLevel() {
    assertMalformed(edited(j -> j.put("extra", 1)), "signedReport.extra: unknown field");
    assertMalformed(
        edited(j -> report(j).put("version", 2)), "signedReport.report.version: unknown field");
    assertMalformed(
        edited(j -> ((ObjectNode) obs(j, 0).get("timings")).put("sslUs", 1)),
        OBS0 + ".timings.sslUs: unknown field");
  }

  @Test
  void rejectsMissingParts() {
    assertMalformed(edited(j -> j.remove("signature")), "signedReport.signature: missing");
    assertMalformed(edited(j -> j.remove("report")), "signedReport.report: expected an object");
    assertMalformed(edited(j -> obs(j, 0).remove("timings")), OBS0 + ".timings: missing");
  }

  @Test
  void observationsAreSortedByFrontAndUnique() {
    assertMalformed(
        edited(
            j -> {
              ArrayNode a = observations(j);
              a.insert(0, a.remove(1));
            }),
        "signedReport.report.observations: must be sorted by front");
    assertMalformed(
        edited(j -> obs(j, 1).put("front", "cdn2-front")),
        "signedReport.report.observations[1]: duplicate front");
    assertMalformed(
        edited(j -> observations(j).removeAll()),
        "signedReport.report.observations: must have 1..64 items, had 0");
  }

  @Test
  void checksNamesKeysAndSignatures() {
    assertMalformed(
        edited(j -> obs(j, 0).put("front", "CDN2")),
        OBS0
            + ".front: must be 1..63 characters of a-z, 0-9, '.', '_', '-', starting with a"
            + " letter or digit");
    assertMalformed(
        edited(
            j ->
                report(j)
                    .put(
                        "observer",
                        Samples.A.publicKey().hex().toUpperCase(java.util.Locale.ROOT))),
        "signedReport.report.observer: expected 64 lowercase hex characters");
    assertMalformed(
        edited(j -> j.put("signature", "00")),
        "signedReport.signature: expected 128 hex characters");
  }

  @Test
  void limitsTheSizeBeforeParsing() {
    byte[] canonical = Samples.signedReport().encode();
    byte[] atLimit = Arrays.copyOf(canonical, SignedReport.MAX_ENCODED_BYTES);
    Arrays.fill(atLimit, canonical.length, atLimit.length, (byte) ' ');
    assertThat(SignedReport.decode(atLimit).orElseThrow()).isEqualTo(Samples.signedReport());
    byte[] over = Arrays.copyOf(atLimit, SignedReport.MAX_ENCODED_BYTES + 1);
    over[over.length - 1] = ' ';
    assertThat(SignedReport.decode(over))
        .isEqualTo(
            Validated.invalid(Rejection.TOO_LARGE, "signedReport has 32769 bytes, limit 32768"));
  }

  @Test
  void decodingDoesNotVerifyTheSignature() {
    Validated<SignedReport> v = edited(j -> report(j).put("round", Samples.ROUND + 1));
    assertThat(v.orElseThrow().signatureValid()).isFalse();
    assertThat(CanonicalJson.encodeToString(v.orElseThrow().report().toJson()))
        .contains("29390401");
  }
}
