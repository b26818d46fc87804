package org.peerprobe.consensus.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/** One valid instance of every record, and helpers to break their JSON. */
final class Samples {
  static final Ed25519KeyPair A = TestKeys.key(0);
  static final Ed25519KeyPair B = TestKeys.key(1);
  static final Ed25519KeyPair C = TestKeys.key(2);
  static final long ROUND = 29_390_400;
  static final long AT_MS = 1_763_424_000_123L;

  private Samples() {}

  static Observation up() {
    return Observation.up("cf-front", 200, PhaseTimings.of(1200, 8300, 21000, 45000, 46000), AT_MS);
  }

  /** A failed connect: no TLS, no first byte. */
  static Observation down() {
    return Observation.down(
        "cdn2-front",
        FailureClass.CONNECT,
        0,
        new PhaseTimings(
            OptionalLong.of(900),
            OptionalLong.of(5_000_000),
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalLong.of(5_001_000)),
        AT_MS + 5);
  }

  static RoundReport report() {
    return RoundReport.of("example-de", ROUND, A.publicKey(), "AS3320", List.of(up(), down()));
  }

  static SignedReport signedReport() {
    return SignedReport.sign(report(), A);
  }

  static Roster roster() {
    return Roster.builder()
        .networkId("example-de")
        .version(3)
        .operator(TestKeys.operator().publicKey())
        .observer(A.publicKey(), "AS3320", "Zo\u00eb \"a\" \\ \u2603 \ud83d\ude00", 2)
        .observer(B.publicKey(), "AS13335", "b", 1)
        .observer(C.publicKey(), "AS64500", "c", 1)
        .signer(TestKeys.signer().publicKey())
        .signer(TestKeys.standbySigner().publicKey())
        .policy(new QuorumPolicy(new Ratio(3, 4), 2, new Ratio(2, 5)))
        .build();
  }

  static SignedRoster signedRoster() {
    return SignedRoster.sign(roster(), TestKeys.operator());
  }

  static QuorumCertificate certificate() {
    return TestNetwork.of(3, 3).certificate("cf-front", ROUND, Verdict.DOWN);
  }

  static Decision decision() {
    return new Decision(
        "example-de",
        "web-router",
        "cf-front",
        "cdn2-front",
        ROUND + 1,
        1,
        Decision.GENESIS,
        List.of(certificate().id(), "ab".repeat(32)),
        DecisionReason.FAILOVER);
  }

  static SignedDecision signedDecision() {
    return SignedDecision.sign(decision(), TestKeys.signer());
  }

  /** A mutable copy of a record's JSON. */
  static ObjectNode tree(ObjectNode json) {
    return json.deepCopy();
  }

  static byte[] bytes(ObjectNode json) {
    return CanonicalJson.encode(json);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static void assertMalformed(Validated<?> v, String detail) {
    assertThat(v).isEqualTo(Validated.invalid(Rejection.MALFORMED, detail));
  }
}
