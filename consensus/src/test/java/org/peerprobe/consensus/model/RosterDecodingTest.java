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

class RosterDecodingTest {
  private static final String ROSTER = "signedRoster.roster";

  private static Validated<SignedRoster> edited(Consumer<ObjectNode> edit) {
    ObjectNode json = Samples.signedRoster().toJson().deepCopy();
    edit.accept((ObjectNode) json.get("roster"));
    return SignedRoster.decode(bytes(json));
  }

  private static ArrayNode observers(ObjectNode roster) {
    return (ArrayNode) roster.get("observers");
  }

  private static ObjectNode observer(ObjectNode roster, int i) {
    return (ObjectNode) observers(roster).get(i);
  }

  private static ObjectNode policy(ObjectNode roster) {
    return (ObjectNode) roster.get("policy");
  }

  @Test
  void observersAreSortedByKeyAndUnique() {
    assertMalformed(
        edited(r -> observers(r).insert(0, observers(r).remove(2))),
        ROSTER + ".observers[1]: observers must be sorted by key, keys unique");
    assertMalformed(
        edited(r -> observers(r).insert(0, observer(r, 0).deepCopy())),
        ROSTER + ".observers[1]: observers must be sorted by key, keys unique");
  }

  @Test
  void signersAreSortedAndUnique() {
    assertMalformed(
        edited(
            r -> {
              ArrayNode s = (ArrayNode) r.get("signers");
              s.insert(0, s.remove(1));
            }),
        ROSTER + ".signers[1]: signers must be sorted, keys unique");
  }

  @Test
  void checksObserverEntries() {
    assertMalformed(
        edited(r -> observer(r, 0).put("weight", 0)),
        ROSTER + ".observers[0].weight: must be in 1..1000, was 0");
    assertMalformed(
        edited(r -> observer(r, 1).put("label", "x".repeat(65))),
        ROSTER + ".observers[1].label: length must be 1..64");
    assertMalformed(
        edited(r -> observer(r, 1).put("network", "AS 3320")),
        ROSTER
            + ".observers[1].network: must be 1..64 characters of A-Z, a-z, 0-9, '.', '_', ':',"
            + " '/', '-' (e.g. AS3320)");
    assertMalformed(
        edited(r -> observers(r).removeAll()),
        ROSTER + ".observers: must have 1..16384 items, had 0");
  }

  @Test
  void namesThePathOfRatioAndPolicyInvariants() {
    assertMalformed(
        edited(r -> ((ObjectNode) policy(r).get("threshold")).put("num", 5)),
        ROSTER + ".policy.threshold: a ratio needs 0 < num <= den <= 1000000: 5/4");
    assertMalformed(
        edited(r -> ((ObjectNode) policy(r).get("threshold")).put("num", 2)),
        ROSTER + ".policy: threshold must exceed 1/2, was 2/4");
    assertMalformed(
        edited(r -> policy(r).put("minNetworks", 65)),
        ROSTER + ".policy.minNetworks: must be in 1..64, was 65");
    assertMalformed(edited(r -> r.remove("policy")), ROSTER + ".policy: missing");
  }

  @Test
  void versionStartsAtOne() {
    assertMalformed(
        edited(r -> r.put("version", 0)),
        ROSTER + ".version: must be in 1..9007199254740991, was 0");
  }

  @Test
  void limitsTheSize() {
    byte[] big = new byte[Roster.MAX_ENCODED_BYTES + 1];
    assertThat(SignedRoster.decode(big))
        .isEqualTo(
            Validated.invalid(
                Rejection.TOO_LARGE, "signedRoster has 8388609 bytes, limit 8388608"));
  }
}
