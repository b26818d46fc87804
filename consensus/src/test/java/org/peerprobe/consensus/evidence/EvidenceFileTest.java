package org.peerprobe.consensus.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.testing.TestEvidence;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/** The strict, bounded codec of {@link EvidenceFile}. */
class EvidenceFileTest {
  static final TestEvidence V1 = TestEvidence.version(1);

  static Validated.Invalid<EvidenceFile> refused(String json) {
    Validated<EvidenceFile> v = EvidenceFile.decode(json.getBytes(StandardCharsets.UTF_8));
    assertThat(v).isInstanceOf(Validated.Invalid.class);
    return (Validated.Invalid<EvidenceFile>) v;
  }

  @Test
  void encodeThenDecodeGivesTheSameEvidenceWhichStillVerifies() {
    EvidenceFile f = V1.failbackEvidence();
    byte[] bytes = f.encode();
    EvidenceFile back = EvidenceFile.decode(bytes).orElseThrow();
    assertThat(back).isEqualTo(f);
    assertThat(back.encode()).isEqualTo(bytes);
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .startsWith("{\"bundles\":[{\"bundle\":")
        .contains("\"kind\":\"peerprobe-evidence/v1\"");
    assertThat(EvidenceVerifier.verify(back, TestKeys.operator().publicKey(), Optional.empty()))
        .isInstanceOf(EvidenceResult.Valid.class);
  }

  @Test
  void anotherKindOrAnUnknownMemberIsMalformed() {
    String bundle = new String(V1.bundle().encode(), StandardCharsets.UTF_8);
    String body = "\"bundles\":[" + bundle + "],\"decisions\":[],\"certificates\":[]";
    assertThat(refused("{\"kind\":\"peerprobe-evidence/v2\"," + body + "}").detail())
        .isEqualTo("evidence.kind: expected 'peerprobe-evidence/v1', was 'peerprobe-evidence/v2'");
    assertThat(refused("{\"kind\":\"peerprobe-evidence/v1\",\"extra\":1," + body + "}").detail())
        .isEqualTo("evidence.extra: unknown field");
    assertThat(refused("{\"kind\":\"peerprobe-evidence/v1\"," + body.replace(bundle, "") + "}"))
        .extracting(Validated.Invalid::detail)
        .isEqualTo("evidence.bundles: must have 1..16 items, had 0");
  }

  @Test
  void countsAreCheckedBeforeAnyElementIsRead() {
    String seventeen = "{}" + ",{}".repeat(EvidenceFile.MAX_BUNDLES);
    Validated.Invalid<EvidenceFile> r =
        refused(
            "{\"kind\":\"peerprobe-evidence/v1\",\"bundles\":["
                + seventeen
                + "],\"decisions\":[],\"certificates\":[]}");
    assertThat(r.rejection()).isEqualTo(Rejection.MALFORMED);
    assertThat(r.detail()).isEqualTo("evidence.bundles: must have 1..16 items, had 17");
  }

  @Test
  void moreBytesThanTheLimitAreRefusedBeforeParsing() {
    Validated<EvidenceFile> v = EvidenceFile.decode(new byte[EvidenceFile.MAX_ENCODED_BYTES + 1]);
    assertThat(((Validated.Invalid<EvidenceFile>) v).rejection()).isEqualTo(Rejection.TOO_LARGE);
  }
}
