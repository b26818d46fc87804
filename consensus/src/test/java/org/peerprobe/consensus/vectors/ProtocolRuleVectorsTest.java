package org.peerprobe.consensus.vectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peerprobe.consensus.vectors.VectorFile.canonical;
import static org.peerprobe.consensus.vectors.VectorFile.hex;
import static org.peerprobe.consensus.vectors.VectorFile.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.canonical.DecodeException;
import org.peerprobe.consensus.canonical.Domain;
import org.peerprobe.consensus.canonical.Fields;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.crypto.Sha256;
import org.peerprobe.consensus.failover.DecisionChain;
import org.peerprobe.consensus.failover.FailbackMode;
import org.peerprobe.consensus.failover.FailoverMachine;
import org.peerprobe.consensus.failover.FailoverState;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.failover.Step;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.QuorumPolicy;
import org.peerprobe.consensus.model.Ratio;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedOperatorCommand;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.SignedRoster;
import org.peerprobe.consensus.quorum.CertificateVerifier;
import org.peerprobe.consensus.quorum.Support;
import org.peerprobe.consensus.quorum.VerifiedCertificate;
import org.peerprobe.consensus.validation.Validated;

/** The vectors of the rules: certificates, quorum arithmetic, failover, decoding, key checks. */
class ProtocolRuleVectorsTest {
  private static final VectorFile FILE = VectorFile.load();

  private static Roster roster() {
    return SignedRoster.decode(text(FILE.get("roster"), "encoded").getBytes(UTF_8))
        .orElseThrow()
        .roster();
  }

  private static QuorumCertificate certificate(JsonNode v) {
    return QuorumCertificate.decode(canonical(v.get("payload"))).orElseThrow();
  }

  private static Ratio ratio(JsonNode r) {
    return new Ratio(r.get("num").asLong(), r.get("den").asLong());
  }

  @Test
  void certificatesHaveTheirIdsAndVerifyAgainstTheRoster() {
    List<JsonNode> vectors = FILE.list("certificates");
    assertThat(vectors).hasSize(5);
    Roster roster = roster();
    for (JsonNode v : vectors) {
      QuorumCertificate c = certificate(v);
      assertThat(text(v, "domain")).isEqualTo(Domain.CERTIFICATE.prefix());
      assertThat(c.encode()).isEqualTo(canonical(v.get("payload")));
      if (v.has("canonicalHex")) {
        assertThat(c.encode()).isEqualTo(hex(v, "canonicalHex"));
      }
      assertThat(Sha256.hex(Domain.CERTIFICATE.frame(c.encode()))).isEqualTo(text(v, "id"));
      assertThat(c.id()).isEqualTo(text(v, "id"));
      VerifiedCertificate verified = CertificateVerifier.verify(c, roster).orElseThrow();
      Support s = verified.support();
      JsonNode expected = v.get("support");
      assertThat(s.rawWeight()).isEqualTo(expected.get("rawWeight").asLong());
      assertThat(s.weightByNetwork()).isEqualTo(VectorFile.longs(expected.get("weightByNetwork")));
      assertThat(s.counted().num()).isEqualTo(expected.get("counted").get("num").asLong());
      assertThat(s.counted().den()).isEqualTo(expected.get("counted").get("den").asLong());
      assertThat(s.reached()).isEqualTo(expected.get("reached").asBoolean());
    }
  }

  @Test
  void supportArithmetic() {
    List<JsonNode> vectors = FILE.list("support");
    assertThat(vectors).hasSize(10);
    for (JsonNode v : vectors) {
      JsonNode p = v.get("policy");
      QuorumPolicy policy =
          new QuorumPolicy(
              ratio(p.get("threshold")),
              p.get("minNetworks").asInt(),
              ratio(p.get("maxNetworkShare")));
      Support s =
          Support.evaluate(
              policy,
              v.get("totalRosterWeight").asLong(),
              VectorFile.longs(v.get("agreeingWeightByNetwork")));
      String at = v.toString();
      assertThat(s.counted().num()).as(at).isEqualTo(v.get("counted").get("num").asLong());
      assertThat(s.counted().den()).as(at).isEqualTo(v.get("counted").get("den").asLong());
      assertThat(s.networks()).as(at).isEqualTo(v.get("networks").asInt());
      assertThat(s.reached()).as(at).isEqualTo(v.get("reached").asBoolean());
    }
  }

  /** Replays the failover machine's inputs and gets exactly the decisions in the file. */
  @Test
  void failoverReplay() {
    JsonNode f = FILE.get("failover");
    JsonNode r = f.get("router");
    RouterPolicy policy =
        RouterPolicy.builder(text(r, "name"), text(r, "primary"), text(r, "secondary"))
            .downRounds(r.get("downRounds").asInt())
            .upRounds(r.get("upRounds").asInt())
            .failback(FailbackMode.valueOf(text(r, "failback")))
            .cooldownRounds(r.get("cooldownRounds").asInt())
            .build();
    Roster roster = roster();
    FailoverState state = FailoverState.initial(text(f, "networkId"), policy);
    assertThat(state.active()).isEqualTo(text(f, "initialActive"));
    List<Decision> made = new ArrayList<>();
    for (JsonNode input : f.get("inputs")) {
      Step step;
      if (input.has("certificate")) {
        step =
            FailoverMachine.onCertificate(
                state,
                CertificateVerifier.verify(
                        certificate(FILE.named("certificates", text(input, "certificate"))), roster)
                    .orElseThrow());
      } else if (input.has("command")) {
        SignedOperatorCommand c =
            SignedOperatorCommand.decode(
                    text(FILE.named("commands", text(input, "command")), "encoded").getBytes(UTF_8))
                .orElseThrow();
        step =
            FailoverMachine.onCommand(
                state, c.verify(roster).orElseThrow(), input.get("round").asLong());
      } else {
        step = FailoverMachine.onManualFailback(state, input.get("manualFailbackRound").asLong());
      }
      assertThat(step).isNotInstanceOf(Step.Refused.class);
      if (step instanceof Step.Switched s) {
        made.add(s.decision());
      }
      state = step.state();
    }
    List<JsonNode> expected = new ArrayList<>();
    f.get("decisions").forEach(expected::add);
    assertThat(made).hasSize(expected.size());
    for (int i = 0; i < made.size(); i++) {
      JsonNode d = FILE.named("decisions", text(expected.get(i), "name"));
      assertThat(made.get(i).reason().name()).isEqualTo(text(expected.get(i), "reason"));
      assertThat(made.get(i).round()).isEqualTo(expected.get(i).get("round").asLong());
      assertThat(made.get(i).id()).isEqualTo(text(d, "id"));
    }
  }

  @Test
  void signedDecisionsAppendToTheChain() {
    Roster roster = roster();
    DecisionChain chain = new DecisionChain("example-de", "web-router");
    for (JsonNode v : FILE.list("decisions")) {
      SignedDecision d = SignedDecision.decode(text(v, "encoded").getBytes(UTF_8)).orElseThrow();
      assertThat(chain.append(d, roster).isValid()).as(text(v, "name")).isTrue();
    }
    assertThat(chain.decisions()).hasSize(4);
  }

  @Test
  void decoding() {
    List<JsonNode> vectors = FILE.list("decoding");
    assertThat(vectors).hasSizeGreaterThanOrEqualTo(30);
    Map<String, Integer> outcomes = new LinkedHashMap<>();
    for (JsonNode v : vectors) {
      Validated<?> result = DecodingVectors.decode(text(v, "kind"), VectorFile.input(v));
      String outcome = result instanceof Validated.Invalid<?> i ? i.rejection().name() : "VALID";
      assertThat(outcome).as(text(v, "name") + ": " + result).isEqualTo(text(v, "expect"));
      outcomes.merge(outcome, 1, Integer::sum);
      if (v.has("sameAs")) {
        JsonNode same = FILE.named("reports", text(v, "sameAs"));
        SignedReport r = (SignedReport) result.orElseThrow();
        assertThat(r.contentId()).isEqualTo(text(same, "contentId"));
        assertThat(r.signature().hex()).isEqualTo(text(same, "signature"));
        assertThat(r.signatureValid()).isTrue();
      }
    }
    assertThat(outcomes).containsKeys("VALID", "MALFORMED", "TOO_LARGE");
  }

  @Test
  void rejectedPublicKeys() {
    List<JsonNode> vectors = FILE.list("rejectedPublicKeys");
    assertThat(vectors).hasSize(7);
    for (JsonNode v : vectors) {
      String hex = text(v, "publicKey");
      assertThatThrownBy(() -> Fields.publicKey(TextNode.valueOf(hex), "k"))
          .as(hex)
          .isInstanceOf(DecodeException.class);
      if (hex.equals(hex.toLowerCase(java.util.Locale.ROOT))) {
        assertThat(Ed25519PublicKey.parseHex(hex)).as(hex).isEmpty();
      }
    }
  }

  @Test
  void rejectedSignatures() {
    List<JsonNode> vectors = FILE.list("rejectedSignatures");
    assertThat(vectors).hasSize(5);
    for (JsonNode v : vectors) {
      Ed25519PublicKey key = Ed25519PublicKey.fromHex(text(v, "publicKey"));
      assertThat(key.verify(hex(v, "messageHex"), hex(v, "signature")))
          .as(text(v, "name"))
          .isFalse();
    }
    // the S + L vector is the valid signature of report-a with L added to S: only S differs
    JsonNode sl = FILE.named("rejectedSignatures", "s-plus-l");
    JsonNode a = FILE.named("reports", "report-a");
    assertThat(text(sl, "signature").substring(0, 64))
        .isEqualTo(text(a, "signature").substring(0, 64));
    assertThat(hex(sl, "messageHex")).isEqualTo(hex(a, "signingInputHex"));
  }
}
