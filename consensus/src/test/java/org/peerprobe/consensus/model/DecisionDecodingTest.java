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

class DecisionDecodingTest {
  private static final String D = "signedDecision.decision";

  private static Validated<SignedDecision> edited(Consumer<ObjectNode> edit) {
    ObjectNode json = Samples.signedDecision().toJson().deepCopy();
    edit.accept((ObjectNode) json.get("decision"));
    return SignedDecision.decode(bytes(json));
  }

  @Test
  void prevIsGenesisExactlyForTheFirstDecision() {
    assertMalformed(
        edited(d -> d.put("prev", "11".repeat(32))), D + ": prev is GENESIS exactly for seq 1");
    assertMalformed(edited(d -> d.put("seq", 2)), D + ": prev is GENESIS exactly for seq 1");
    assertMalformed(
        edited(d -> d.put("seq", 0)), D + ".seq: must be in 1..9007199254740991, was 0");
    assertThat(edited(d -> d.put("seq", 2).put("prev", "11".repeat(32))).isValid()).isTrue();
  }

  @Test
  void aDecisionChangesTheTarget() {
    assertMalformed(edited(d -> d.put("to", "cf-front")), D + ": a decision changes the target");
  }

  @Test
  void certificateIdsAreDistinctLowercaseHashes() {
    assertMalformed(
        edited(d -> ((ArrayNode) d.get("certificates")).add("ab".repeat(32))),
        D + ".certificates: duplicate certificate id");
    assertMalformed(
        edited(d -> ((ArrayNode) d.get("certificates")).set(1, "AB".repeat(32))),
        D + ".certificates[1]: expected 64 lowercase hex characters");
    assertMalformed(
        edited(
            d -> {
              ArrayNode a = ((ArrayNode) d.get("certificates")).removeAll();
              for (int i = 0; i <= Decision.MAX_CERTIFICATES; i++) {
                a.add(String.format("%064x", i));
              }
            }),
        D + ".certificates: must have 0..64 items, had 65");
  }

  @Test
  void reasonAndSignerAreChecked() {
    assertMalformed(edited(d -> d.put("reason", "PANIC")), D + ".reason: unknown value 'PANIC'");
    ObjectNode json = Samples.signedDecision().toJson().deepCopy();
    json.put("signer", "01" + "00".repeat(31));
    assertMalformed(
        SignedDecision.decode(bytes(json)),
        "signedDecision.signer: not a valid Ed25519 public key");
  }

  @Test
  void limitsTheSize() {
    assertThat(SignedDecision.decode(new byte[SignedDecision.MAX_ENCODED_BYTES + 1]))
        .isEqualTo(
            Validated.invalid(Rejection.TOO_LARGE, "signedDecision has 16385 bytes, limit 16384"));
  }
}
