package org.peerprobe.consensus.vectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peerprobe.consensus.vectors.VectorFile.HEX;
import static org.peerprobe.consensus.vectors.VectorFile.canonical;
import static org.peerprobe.consensus.vectors.VectorFile.hex;
import static org.peerprobe.consensus.vectors.VectorFile.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.DecodeException;
import org.peerprobe.consensus.canonical.Domain;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.crypto.PeerIds;
import org.peerprobe.consensus.crypto.Sha256;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.SignedApplyReceipt;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedOperatorCommand;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.SignedRoster;

/**
 * The committed vectors are the contract: our implementation must reproduce every value in them
 * from its inputs (seeds, payloads, input texts). Rule-level vectors are checked in {@link
 * ProtocolRuleVectorsTest}.
 */
class ProtocolVectorsTest {
  private static final VectorFile FILE = VectorFile.load();

  @Test
  void theFileIsExactlyWhatTheGeneratorWrites() {
    // A checkout that converted line ends is still the same file.
    assertThat(new String(FILE.bytes, UTF_8).replace("\r\n", "\n"))
        .as("vectors.json is stale; regenerate with: " + VectorGenerator.REGENERATE)
        .isEqualTo(new String(VectorGenerator.render(), UTF_8));
  }

  @Test
  void domainPrefixes() {
    JsonNode domains = FILE.get("domains");
    assertThat(domains.size()).isEqualTo(Domain.values().length);
    for (Domain d : Domain.values()) {
      JsonNode v = domains.get(d.name().toLowerCase(Locale.ROOT));
      assertThat(text(v, "prefix")).isEqualTo(d.prefix()).endsWith(":v1\n");
      assertThat(d.frame(new byte[0])).isEqualTo(hex(v, "prefixHex"));
    }
  }

  @Test
  void keysAndPeerIds() {
    List<JsonNode> keys = FILE.list("keys");
    assertThat(keys).hasSize(6);
    for (JsonNode k : keys) {
      Ed25519KeyPair pair = Ed25519KeyPair.fromSeed(hex(k, "seed"));
      Ed25519PublicKey pub = pair.publicKey();
      assertThat(pub.hex()).isEqualTo(text(k, "publicKey"));
      assertThat(PeerIds.protobufPublicKey(pub)).isEqualTo(hex(k, "protobufPublicKey"));
      assertThat(PeerIds.multihash(pub)).isEqualTo(hex(k, "multihash"));
      assertThat(PeerIds.toBase58(pub)).isEqualTo(text(k, "peerId"));
      assertThat(PeerIds.toCid(pub)).isEqualTo(text(k, "peerIdCid"));
      assertThat(PeerIds.parse(text(k, "peerId"))).isEqualTo(pub);
      assertThat(PeerIds.parse(text(k, "peerIdCid"))).isEqualTo(pub);
    }
    assertThat(text(FILE.named("keys", "observer-b"), "peerId"))
        .isEqualTo("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
  }

  @Test
  void canonicalization() {
    List<JsonNode> vectors = FILE.list("canonicalization");
    assertThat(vectors).hasSizeGreaterThanOrEqualTo(14);
    for (JsonNode v : vectors) {
      byte[] out = CanonicalJson.encode(CanonicalJson.parse(VectorFile.input(v), 1 << 16));
      assertThat(new String(out, UTF_8)).as(text(v, "name")).isEqualTo(text(v, "canonical"));
      if (v.has("canonicalHex")) {
        assertThat(HEX.formatHex(out)).as(text(v, "name")).isEqualTo(text(v, "canonicalHex"));
      }
      assertThat(CanonicalJson.encode(CanonicalJson.parse(out, 1 << 16))).isEqualTo(out);
    }
  }

  @Test
  void rejectedJson() {
    List<JsonNode> vectors = FILE.list("rejectedJson");
    assertThat(vectors).hasSizeGreaterThanOrEqualTo(39);
    for (JsonNode v : vectors) {
      if (v.has("input") && v.has("inputHex")) {
        assertThat(text(v, "input").getBytes(UTF_8)).isEqualTo(hex(v, "inputHex"));
      }
      byte[] in = VectorFile.input(v);
      assertThatThrownBy(() -> CanonicalJson.parse(in, 1 << 16))
          .as(text(v, "name"))
          .isInstanceOf(DecodeException.class);
    }
  }

  /** Checks payload → canonical → signing input → signature → hash, and the encoded envelope. */
  private static void checkSigned(JsonNode v, Domain domain, String hashField) {
    String name = text(v, "name");
    assertThat(text(v, "domain")).isEqualTo(domain.prefix());
    byte[] canonical = canonical(v.get("payload"));
    assertThat(canonical).as(name).isEqualTo(hex(v, "canonicalHex"));
    assertThat(new String(canonical, UTF_8)).isEqualTo(text(v, "canonical"));
    byte[] input = domain.frame(canonical);
    assertThat(input).as(name).isEqualTo(hex(v, "signingInputHex"));
    Ed25519KeyPair key = FILE.key(text(v, "signer"));
    assertThat(HEX.formatHex(key.sign(input))).as(name).isEqualTo(text(v, "signature"));
    assertThat(key.publicKey().verify(input, hex(v, "signature"))).isTrue();
    assertThat(Sha256.hex(input)).as(name).isEqualTo(text(v, hashField));
  }

  @Test
  void reports() {
    List<JsonNode> vectors = FILE.list("reports");
    assertThat(vectors).hasSize(3);
    for (JsonNode v : vectors) {
      checkSigned(v, Domain.REPORT, "contentId");
      byte[] encoded = text(v, "encoded").getBytes(UTF_8);
      SignedReport r = SignedReport.decode(encoded).orElseThrow();
      assertThat(r.encode()).isEqualTo(encoded);
      assertThat(r.report().canonical()).isEqualTo(hex(v, "canonicalHex"));
      assertThat(r.signature().hex()).isEqualTo(text(v, "signature"));
      assertThat(r.contentId()).isEqualTo(text(v, "contentId"));
      assertThat(r.signatureValid()).isTrue();
      assertThat(r.report().observer()).isEqualTo(FILE.key(text(v, "signer")).publicKey());
    }
  }

  @Test
  void roster() {
    JsonNode v = FILE.get("roster");
    checkSigned(v, Domain.ROSTER, "signingInputSha256");
    byte[] encoded = text(v, "encoded").getBytes(UTF_8);
    SignedRoster r = SignedRoster.decode(encoded).orElseThrow();
    assertThat(r.encode()).isEqualTo(encoded);
    assertThat(r.roster().canonical()).isEqualTo(hex(v, "canonicalHex"));
    assertThat(r.verify(FILE.key("operator").publicKey(), java.util.Optional.empty()).isValid())
        .isTrue();
  }

  @Test
  void bundle() {
    JsonNode v = FILE.get("bundle");
    checkSigned(v, Domain.BUNDLE, "signingInputSha256");
    byte[] encoded = text(v, "encoded").getBytes(UTF_8);
    SignedBundle b = SignedBundle.decode(encoded).orElseThrow();
    assertThat(b.encode()).isEqualTo(encoded);
    assertThat(b.bundle().canonical()).isEqualTo(hex(v, "canonicalHex"));
    assertThat(b.bundle().roster().canonical())
        .isEqualTo(canonical(FILE.get("roster").get("payload")));
    assertThat(b.verify(FILE.key("operator").publicKey(), java.util.Optional.empty()).isValid())
        .isTrue();
  }

  @Test
  void decisionsFormAHashChain() {
    List<JsonNode> vectors = FILE.list("decisions");
    assertThat(vectors).hasSize(4);
    String prev = Decision.GENESIS;
    for (JsonNode v : vectors) {
      checkSigned(v, Domain.DECISION, "id");
      byte[] encoded = text(v, "encoded").getBytes(UTF_8);
      SignedDecision d = SignedDecision.decode(encoded).orElseThrow();
      assertThat(d.encode()).isEqualTo(encoded);
      assertThat(d.decision().id()).isEqualTo(text(v, "id"));
      assertThat(d.decision().prev()).isEqualTo(prev);
      assertThat(d.signatureValid()).isTrue();
      prev = d.decision().id();
    }
  }

  @Test
  void operatorCommands() {
    List<JsonNode> vectors = FILE.list("commands");
    assertThat(vectors).hasSize(3);
    Roster roster =
        SignedRoster.decode(text(FILE.get("roster"), "encoded").getBytes(UTF_8))
            .orElseThrow()
            .roster();
    for (JsonNode v : vectors) {
      checkSigned(v, Domain.COMMAND, "id");
      byte[] encoded = text(v, "encoded").getBytes(UTF_8);
      SignedOperatorCommand c = SignedOperatorCommand.decode(encoded).orElseThrow();
      assertThat(c.encode()).isEqualTo(encoded);
      assertThat(c.id()).isEqualTo(text(v, "id"));
      assertThat(c.verify(roster).isValid()).as(text(v, "name")).isTrue();
    }
    // the decisions made from commands carry them whole
    SignedDecision pinned =
        SignedDecision.decode(
                text(FILE.named("decisions", "decision-3"), "encoded").getBytes(UTF_8))
            .orElseThrow();
    assertThat(pinned.decision().command().orElseThrow().id())
        .isEqualTo(text(FILE.named("commands", "command-pin"), "id"));
  }

  @Test
  void receiptsAreSignedByRosterSignersForTheDecisionsTheyName() {
    List<JsonNode> vectors = FILE.list("receipts");
    assertThat(vectors).hasSize(3);
    Roster roster =
        SignedRoster.decode(text(FILE.get("roster"), "encoded").getBytes(UTF_8))
            .orElseThrow()
            .roster();
    for (JsonNode v : vectors) {
      checkSigned(v, Domain.RECEIPT, "id");
      byte[] encoded = text(v, "encoded").getBytes(UTF_8);
      SignedApplyReceipt r = SignedApplyReceipt.decode(encoded).orElseThrow();
      assertThat(r.encode()).isEqualTo(encoded);
      assertThat(r.receipt().id()).isEqualTo(text(v, "id"));
      assertThat(r.verify(roster).isValid()).as(text(v, "name")).isTrue();
      JsonNode decision = FILE.named("decisions", text(v, "decisionName"));
      assertThat(r.receipt().decision()).isEqualTo(text(decision, "id"));
      assertThat(r.receipt().seq()).isEqualTo(decision.get("payload").get("seq").asLong());
    }
  }

  @Test
  void limits() {
    JsonNode limits = FILE.get("limits");
    assertThat(limits.size()).isEqualTo(37);
    assertThat(canonical(RuleVectors.limits())).isEqualTo(canonical(limits));
    Map<String, Long> values = VectorFile.longs(limits);
    assertThat(values.get("SignedReport.MAX_ENCODED_BYTES")).isEqualTo(32_768L);
    assertThat(values.get("CanonicalJson.MAX_SAFE_INTEGER")).isEqualTo((1L << 53) - 1);
  }
}
