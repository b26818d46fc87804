package org.peerprobe.consensus.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.crypto.Ed25519Signature;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/** The apply receipt's encoding, its strict decoder and limits, and who may sign it. */
class SignedApplyReceiptTest {
  static final Roster ROSTER = TestNetwork.of(4, 2).roster();
  static final String DECISION = "ab".repeat(32);
  static final ApplyReceipt RECEIPT =
      receipt(
          List.of(
              ProviderResult.applied("bind", 1_000),
              ProviderResult.failed("desec", "HTTP 500 from deSEC", 1_500),
              ProviderResult.fenced("pdns", 4, 1_200)));

  static ApplyReceipt receipt(List<ProviderResult> providers) {
    return new ApplyReceipt(
        TestNetwork.NETWORK_ID,
        "web-router",
        3,
        DECISION,
        "www.example.com.",
        "cdn2.example.net.",
        2_000,
        providers);
  }

  private static Rejection rejection(Validated<?> v) {
    assertThat(v).isInstanceOf(Validated.Invalid.class);
    return ((Validated.Invalid<?>) v).rejection();
  }

  @Test
  void aSignersReceiptVerifiesAndRoundTripsCanonically() {
    SignedApplyReceipt r = SignedApplyReceipt.sign(RECEIPT, TestKeys.signer());
    assertThat(r.verify(ROSTER).isValid()).isTrue();
    SignedApplyReceipt back = SignedApplyReceipt.decode(r.encode()).orElseThrow();
    assertThat(back).isEqualTo(r);
    assertThat(back.encode()).isEqualTo(r.encode());
    assertThat(back.receipt().id()).isEqualTo(RECEIPT.id()).hasSize(64);
    assertThat(new String(r.encode(), UTF_8))
        .startsWith("{\"receipt\":{\"decision\":\"abab")
        .contains(
            "{\"checkedAtMs\":1500,\"detail\":\"HTTP 500 from deSEC\",\"outcome\":\"FAILED\","
                + "\"provider\":\"desec\"}")
        .contains("{\"checkedAtMs\":1200,\"heldSeq\":4,\"outcome\":\"FENCED\"");
    assertThat(RECEIPT.signingInput()).startsWith("peerprobe:receipt:v1\n".getBytes(UTF_8));
    assertThat(RECEIPT.converged()).isFalse();
  }

  @Test
  void onlyARosterSignersValidSignatureForThisNetworkCounts() {
    assertThat(rejection(SignedApplyReceipt.sign(RECEIPT, TestKeys.operator()).verify(ROSTER)))
        .isEqualTo(Rejection.NOT_A_SIGNER);
    assertThat(rejection(SignedApplyReceipt.sign(RECEIPT, TestKeys.outsider(2)).verify(ROSTER)))
        .isEqualTo(Rejection.NOT_A_SIGNER);
    SignedApplyReceipt forged =
        new SignedApplyReceipt(
            RECEIPT,
            TestKeys.signer().publicKey(),
            Ed25519Signature.sign(TestKeys.outsider(2), RECEIPT.signingInput()));
    assertThat(rejection(forged.verify(ROSTER))).isEqualTo(Rejection.BAD_SIGNATURE);
    ApplyReceipt other =
        new ApplyReceipt(
            "other-net",
            "web-router",
            3,
            DECISION,
            "www.example.com.",
            "cdn2.example.net.",
            2_000,
            RECEIPT.providers());
    assertThat(rejection(SignedApplyReceipt.sign(other, TestKeys.signer()).verify(ROSTER)))
        .isEqualTo(Rejection.WRONG_NETWORK);
  }

  @Test
  void theLargestReceiptFitsTheLimitAndOneByteMoreIsTooLarge() {
    List<ProviderResult> providers = new ArrayList<>();
    for (int i = 0; i < ApplyReceipt.MAX_PROVIDERS; i++) {
      String id = String.format("%02d", i) + "p".repeat(61);
      providers.add(
          ProviderResult.failed(
              id, "x".repeat(ProviderResult.MAX_DETAIL_CHARS), CanonicalJson.MAX_SAFE_INTEGER));
    }
    String label = "a".repeat(63) + ".";
    String longName = label.repeat(4).substring(0, 253) + ".";
    ApplyReceipt max =
        new ApplyReceipt(
            "n".repeat(63),
            "r".repeat(63),
            CanonicalJson.MAX_SAFE_INTEGER,
            DECISION,
            longName.replace("a.a", "a.b"),
            longName,
            CanonicalJson.MAX_SAFE_INTEGER,
            providers);
    byte[] encoded = SignedApplyReceipt.sign(max, TestKeys.signer()).encode();
    assertThat(encoded.length).isLessThanOrEqualTo(SignedApplyReceipt.MAX_ENCODED_BYTES);
    assertThat(SignedApplyReceipt.decode(encoded).isValid()).isTrue();

    byte[] padded = Arrays.copyOf(encoded, SignedApplyReceipt.MAX_ENCODED_BYTES + 1);
    Arrays.fill(padded, encoded.length, padded.length, (byte) ' ');
    assertThat(rejection(SignedApplyReceipt.decode(padded))).isEqualTo(Rejection.TOO_LARGE);
  }

  @Test
  void theDecoderRefusesEveryBrokenRule() {
    SignedApplyReceipt r = SignedApplyReceipt.sign(RECEIPT, TestKeys.signer());
    assertMalformed(r, j -> lines(j).insert(0, lines(j).remove(1)), "sorted");
    assertMalformed(r, j -> lines(j).add(lines(j).get(0).deepCopy()), "sorted");
    assertMalformed(r, j -> line(j, 0).put("heldSeq", 9), "heldSeq");
    assertMalformed(r, j -> line(j, 2).remove("heldSeq"), "heldSeq");
    assertMalformed(r, j -> line(j, 2).put("heldSeq", 3), "FENCED by seq 3");
    assertMalformed(r, j -> line(j, 1).remove("detail"), "detail");
    assertMalformed(r, j -> line(j, 0).put("detail", "why"), "detail");
    assertMalformed(r, j -> line(j, 1).put("detail", "line\nbreak"), "printable");
    assertMalformed(r, j -> line(j, 1).put("detail", "x".repeat(201)), "length");
    assertMalformed(r, j -> line(j, 1).put("checkedAtMs", 2_001), "checked after");
    assertMalformed(r, j -> line(j, 0).put("outcome", "applied"), "unknown value");
    assertMalformed(r, j -> line(j, 0).put("extra", 1), "unknown field");
    assertMalformed(r, j -> receiptOf(j).put("name", "www.example.com"), "DNS name");
    assertMalformed(r, j -> receiptOf(j).put("target", "CDN2.example.net."), "DNS name");
    assertMalformed(r, j -> receiptOf(j).put("seq", 0), "seq");
    assertMalformed(r, j -> lines(j).removeAll(), "providers");
    assertMalformed(
        r,
        j -> {
          for (int i = 3; i <= ApplyReceipt.MAX_PROVIDERS; i++) {
            lines(j).addObject().put("provider", "z" + (100 + i));
          }
        },
        "must have 1..16 items, had 17");
  }

  @Test
  void detailsAreMadePrintableAndShort() {
    assertThat(ProviderResult.detailOf("bad\tgateway é")).isEqualTo("bad?gateway ?");
    assertThat(ProviderResult.detailOf("")).isEqualTo("?");
    String cut = ProviderResult.detailOf("y".repeat(500));
    assertThat(cut).hasSize(ProviderResult.MAX_DETAIL_CHARS).endsWith("yyy...");
    assertThat(ProviderResult.detailOf("y".repeat(200))).isEqualTo("y".repeat(200));
    assertThatThrownBy(() -> ProviderResult.failed("desec", "\u0007", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertMalformed(
      SignedApplyReceipt r, Consumer<ObjectNode> change, String detail) {
    ObjectNode j = r.toJson().deepCopy();
    change.accept(j);
    Validated<SignedApplyReceipt> v =
        SignedApplyReceipt.decode(CanonicalJson.encodeToString(j).getBytes(UTF_8));
    assertThat(rejection(v)).as(j.toString()).isEqualTo(Rejection.MALFORMED);
    assertThat(((Validated.Invalid<?>) v).detail()).contains(detail);
  }

  private static ObjectNode receiptOf(ObjectNode signed) {
    return (ObjectNode) signed.get("receipt");
  }

  private static ArrayNode lines(ObjectNode signed) {
    return (ArrayNode) receiptOf(signed).get("providers");
  }

  private static ObjectNode line(ObjectNode signed, int i) {
    return (ObjectNode) lines(signed).get(i);
  }
}
