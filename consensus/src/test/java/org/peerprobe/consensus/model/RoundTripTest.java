package org.peerprobe.consensus.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.Fields;

/** decode(encode(x)) equals x for every record, and re-encodes to the same bytes. */
class RoundTripTest {
  private static JsonNode reparse(JsonNode json) {
    return CanonicalJson.parse(CanonicalJson.encode(json), 1 << 20);
  }

  private static Fields holder(String field, JsonNode value) {
    return Fields.of(CanonicalJson.object().set(field, value), "h", Set.of(field));
  }

  @Test
  void observationsWithAllAndWithSomeTimings() {
    for (Observation o : new Observation[] {Samples.up(), Samples.down()}) {
      Observation back = Observation.read(reparse(o.toJson()), "o");
      assertThat(back).isEqualTo(o);
      assertThat(CanonicalJson.encode(back.toJson())).isEqualTo(CanonicalJson.encode(o.toJson()));
    }
    assertThat(CanonicalJson.encodeToString(Samples.down().toJson()))
        .isEqualTo(
            "{\"failure\":\"CONNECT\",\"front\":\"cdn2-front\",\"httpStatus\":0,"
                + "\"observedAtMs\":1763424000128,\"status\":\"DOWN\","
                + "\"timings\":{\"connectUs\":5000000,\"dnsUs\":900,\"totalUs\":5001000}}");
  }

  @Test
  void phaseTimingsIncludingNone() {
    for (PhaseTimings t : new PhaseTimings[] {PhaseTimings.NONE, Samples.down().timings()}) {
      assertThat(PhaseTimings.read(holder("t", reparse(t.toJson())), "t")).isEqualTo(t);
    }
    assertThat(CanonicalJson.encodeToString(PhaseTimings.NONE.toJson())).isEqualTo("{}");
  }

  @Test
  void observersRatiosAndPolicies() {
    Observer o = Samples.roster().observers().get(0);
    assertThat(Observer.read(reparse(o.toJson()), "o")).isEqualTo(o);
    Ratio r = new Ratio(2, 3);
    assertThat(Ratio.read(holder("r", reparse(r.toJson())), "r")).isEqualTo(r);
    QuorumPolicy p = Samples.roster().policy();
    assertThat(QuorumPolicy.read(holder("p", reparse(p.toJson())), "p")).isEqualTo(p);
  }

  @Test
  void reports() {
    RoundReport r = Samples.report();
    assertThat(RoundReport.read(reparse(r.toJson()), "r")).isEqualTo(r);
    SignedReport s = Samples.signedReport();
    SignedReport back = SignedReport.decode(s.encode()).orElseThrow();
    assertThat(back).isEqualTo(s);
    assertThat(back.encode()).isEqualTo(s.encode());
    assertThat(back.signatureValid()).isTrue();
    assertThat(back.contentId()).isEqualTo(s.contentId());
  }

  @Test
  void rosters() {
    Roster r = Samples.roster();
    assertThat(Roster.read(reparse(r.toJson()), "r")).isEqualTo(r);
    SignedRoster s = Samples.signedRoster();
    SignedRoster back = SignedRoster.decode(s.encode()).orElseThrow();
    assertThat(back).isEqualTo(s);
    assertThat(back.encode()).isEqualTo(s.encode());
    assertThat(back.roster().signingInput()).isEqualTo(r.signingInput());
  }

  @Test
  void certificates() {
    QuorumCertificate c = Samples.certificate();
    QuorumCertificate back = QuorumCertificate.decode(c.encode()).orElseThrow();
    assertThat(back).isEqualTo(c);
    assertThat(back.encode()).isEqualTo(c.encode());
    assertThat(back.id()).isEqualTo(c.id());
  }

  @Test
  void decisions() {
    Decision d = Samples.decision();
    assertThat(Decision.read(reparse(d.toJson()), "d")).isEqualTo(d);
    SignedDecision s = Samples.signedDecision();
    SignedDecision back = SignedDecision.decode(s.encode()).orElseThrow();
    assertThat(back).isEqualTo(s);
    assertThat(back.encode()).isEqualTo(s.encode());
    assertThat(back.decision().id()).isEqualTo(d.id());
    assertThat(back.signatureValid()).isTrue();
  }

  /** Receivers verify over the canonical re-encoding, so insignificant whitespace is harmless. */
  @Test
  void nonCanonicalButEquivalentInputDecodesToTheSameRecord() {
    SignedReport s = Samples.signedReport();
    byte[] pretty = CanonicalJson.pretty(s.toJson());
    assertThat(pretty).isNotEqualTo(s.encode());
    SignedReport back = SignedReport.decode(pretty).orElseThrow();
    assertThat(back).isEqualTo(s);
    assertThat(back.signatureValid()).isTrue();
  }
}
