package org.peerprobe.consensus.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.consensus.testing.TestNetwork.PRIMARY;
import static org.peerprobe.consensus.testing.TestNetwork.SECONDARY;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/** Every signed kind decodes from its own encoding to an equal value with the same bytes. */
class SignedEncodingRoundTripTest {
  private final TestNetwork net = TestNetwork.of(4, 2);

  private static Rejection rejection(Validated<?> v) {
    assertThat(v).isInstanceOf(Validated.Invalid.class);
    return ((Validated.Invalid<?>) v).rejection();
  }

  @Test
  void aSignedReport() {
    SignedReport r = net.report(2, 9, Map.of(PRIMARY, Status.DOWN, SECONDARY, Status.UP));
    SignedReport back = SignedReport.decode(r.encode()).orElseThrow();
    assertThat(back).isEqualTo(r);
    assertThat(back.encode()).isEqualTo(r.encode());
    assertThat(back.contentId()).isEqualTo(r.contentId());
    assertThat(back.signatureValid()).isTrue();
  }

  @Test
  void aSignedReportsSplicedCanonicalFormIsTheEncoderOutput() {
    for (int i = 0; i < net.size(); i++) {
      for (Status primary : Status.values()) {
        SignedReport r = net.report(i, 9 + i, Map.of(PRIMARY, primary, SECONDARY, Status.UP));
        assertThat(r.canonicalJson())
            .isEqualTo(org.peerprobe.consensus.canonical.CanonicalJson.encodeToString(r.toJson()));
        SignedReport decoded = SignedReport.decode(r.encode()).orElseThrow();
        assertThat(decoded.canonicalJson()).isEqualTo(r.canonicalJson());
      }
    }
  }

  @Test
  void aCertificatesSplicedEncodingIsTheEncoderOutput() {
    for (Verdict v : List.of(Verdict.UP, Verdict.DOWN)) {
      QuorumCertificate c = net.certificate(PRIMARY, 9, v);
      byte[] encoded = c.encode();
      assertThat(encoded)
          .isEqualTo(org.peerprobe.consensus.canonical.CanonicalJson.encode(c.toJson()));
      assertThat(c.encodedSize()).isEqualTo(encoded.length);
      assertThat(c.id())
          .isEqualTo(
              org.peerprobe.consensus.crypto.Sha256.hex(
                  org.peerprobe.consensus.canonical.Domain.CERTIFICATE.frame(encoded)));
      encoded[0] = 'x'; // a copy: the certificate's own bytes are untouched
      assertThat(c.encode()[0]).isEqualTo((byte) '{');
    }
  }

  @Test
  void aCertificateKeepsItsIdAndSortsItsReports() {
    QuorumCertificate c = net.certificate(PRIMARY, 9, Verdict.UP);
    QuorumCertificate back = QuorumCertificate.decode(c.encode()).orElseThrow();
    assertThat(back).isEqualTo(c);
    assertThat(back.id()).isEqualTo(c.id());
    List<SignedReport> reports = new ArrayList<>(c.reports());
    Collections.reverse(reports);
    QuorumCertificate reversed =
        new QuorumCertificate(
            c.networkId(), c.rosterVersion(), c.front(), c.round(), c.verdict(), reports);
    assertThat(reversed.id()).isEqualTo(c.id());
  }

  @Test
  void aSignedRosterVerifiesOnlyForItsOperatorAndWhenNewer() {
    SignedRoster s = net.signedRoster();
    SignedRoster back = SignedRoster.decode(s.encode()).orElseThrow();
    assertThat(back).isEqualTo(s);
    assertThat(back.encode()).isEqualTo(s.encode());
    var operator = TestKeys.operator().publicKey();
    assertThat(back.verify(operator, Optional.empty()).orElseThrow()).isEqualTo(net.roster());

    assertThat(rejection(back.verify(TestKeys.signer().publicKey(), Optional.empty())))
        .isEqualTo(Rejection.NOT_THE_OPERATOR);
    assertThat(rejection(back.verify(operator, Optional.of(net.roster()))))
        .isEqualTo(Rejection.STALE_VERSION);
    Roster v2 = net.roster().toBuilder().version(2).build();
    assertThat(
            SignedRoster.sign(v2, TestKeys.operator())
                .verify(operator, Optional.of(net.roster()))
                .isValid())
        .isTrue();
    Roster elsewhere = net.roster().toBuilder().networkId("other-net").version(3).build();
    assertThat(
            rejection(
                SignedRoster.sign(elsewhere, TestKeys.operator())
                    .verify(operator, Optional.of(net.roster()))))
        .isEqualTo(Rejection.WRONG_NETWORK);
    SignedRoster forged = new SignedRoster(v2, s.signature());
    assertThat(rejection(forged.verify(operator, Optional.empty())))
        .isEqualTo(Rejection.BAD_SIGNATURE);
  }

  @Test
  void aSignedDecision() {
    List<SignedDecision> chain = TestDecisions.chain(2, TestKeys.signer());
    for (SignedDecision d : chain) {
      SignedDecision back = SignedDecision.decode(d.encode()).orElseThrow();
      assertThat(back).isEqualTo(d);
      assertThat(back.encode()).isEqualTo(d.encode());
      assertThat(back.decision().id()).isEqualTo(d.decision().id());
      assertThat(back.signatureValid()).isTrue();
    }
    assertThat(chain.get(1).decision().prev()).isEqualTo(chain.get(0).decision().id());
  }

  @Test
  void oversizedInputIsRefusedBeforeParsing() {
    assertThat(rejection(SignedReport.decode(new byte[SignedReport.MAX_ENCODED_BYTES + 1])))
        .isEqualTo(Rejection.TOO_LARGE);
    assertThat(rejection(SignedDecision.decode(new byte[SignedDecision.MAX_ENCODED_BYTES + 1])))
        .isEqualTo(Rejection.TOO_LARGE);
  }
}
