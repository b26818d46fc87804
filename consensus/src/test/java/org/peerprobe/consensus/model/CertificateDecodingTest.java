package org.peerprobe.consensus.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.consensus.model.Samples.assertMalformed;
import static org.peerprobe.consensus.model.Samples.bytes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

class CertificateDecodingTest {
  private static Validated<QuorumCertificate> edited(Consumer<ObjectNode> edit) {
    ObjectNode json = Samples.certificate().toJson().deepCopy();
    edit.accept(json);
    return QuorumCertificate.decode(bytes(json));
  }

  private static ArrayNode reports(ObjectNode cert) {
    return (ArrayNode) cert.get("reports");
  }

  @Test
  void reportsMustBeSortedByObserverKey() {
    assertMalformed(
        edited(c -> reports(c).insert(0, reports(c).remove(2))),
        "certificate.reports[1]: reports must be sorted by observer key");
  }

  @Test
  void aCertificateAttestsUpOrDown() {
    assertMalformed(
        edited(c -> c.put("verdict", "NO_QUORUM")),
        "certificate: a certificate attests UP or DOWN");
    assertMalformed(
        edited(c -> reports(c).removeAll()),
        "certificate.reports: must have 1..16384 items, had 0");
    assertMalformed(
        edited(c -> c.put("rosterVersion", 0)),
        "certificate.rosterVersion: must be in 1..9007199254740991, was 0");
  }

  @Test
  void namesPathsInsideNestedReports() {
    assertMalformed(
        edited(
            c ->
                ((ObjectNode) reports(c).get(1).get("report").get("observations").get(0))
                    .put("status", "SIDEWAYS")),
        "certificate.reports[1].report.observations[0].status: unknown value 'SIDEWAYS'");
  }

  @Test
  void limitsTheSize() {
    assertThat(QuorumCertificate.decode(new byte[QuorumCertificate.MAX_ENCODED_BYTES + 1]))
        .isEqualTo(
            Validated.invalid(
                Rejection.TOO_LARGE, "certificate has 33554433 bytes, limit 33554432"));
  }

  @Test
  void theIdCoversTheDomainPrefixAndTheCanonicalBytes() {
    QuorumCertificate c = Samples.certificate();
    byte[] framed = org.peerprobe.consensus.canonical.Domain.CERTIFICATE.frame(c.encode());
    assertThat(c.id()).isEqualTo(org.peerprobe.consensus.crypto.Sha256.hex(framed));
    assertThat(new String(framed, 0, 25, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("peerprobe:certificate:v1\n");
  }
}
