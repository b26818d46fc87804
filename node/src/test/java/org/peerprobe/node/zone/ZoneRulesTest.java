package org.peerprobe.node.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peerprobe.node.zone.ZoneTesting.ZONE;
import static org.peerprobe.node.zone.ZoneTesting.rec;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;

/** The rules every declared zone follows, and the canonical form values are compared in. */
class ZoneRulesTest {
  @Test
  void namesAreRelativeToTheZoneOrAbsoluteInsideIt() {
    assertThat(ZoneRules.absoluteName(ZONE, "@")).isEqualTo(ZONE);
    assertThat(ZoneRules.absoluteName(ZONE, "WWW")).isEqualTo("www.example.test.");
    assertThat(ZoneRules.absoluteName(ZONE, "_dmarc.mail")).isEqualTo("_dmarc.mail.example.test.");
    assertThat(ZoneRules.absoluteName(ZONE, "*.wild")).isEqualTo("*.wild.example.test.");
    assertThat(ZoneRules.absoluteName(ZONE, "api.example.test.")).isEqualTo("api.example.test.");
    assertThat(ZoneRules.absoluteName(ZONE, "example.test.")).isEqualTo(ZONE);
    assertThatThrownBy(() -> ZoneRules.absoluteName(ZONE, "www.example.org."))
        .hasMessageContaining("outside the zone example.test.");
    assertThatThrownBy(() -> ZoneRules.absoluteName(ZONE, "www.example.test"))
        .hasMessageContaining("no trailing dot", "www.example.test.example.test.");
    assertThatThrownBy(() -> ZoneRules.absoluteName(ZONE, "bad name"))
        .hasMessageContaining("not a valid record name");
  }

  @Test
  void targetsMustBeAbsoluteAndValuesValid() {
    assertThat(ZoneRules.value(ZONE, "CNAME", " cdn.example.net. ")).isEqualTo("cdn.example.net.");
    assertThatThrownBy(() -> ZoneRules.value(ZONE, "CNAME", "cdn.example.net"))
        .hasMessageContaining("CNAME target 'cdn.example.net' has no trailing dot");
    assertThatThrownBy(() -> ZoneRules.value(ZONE, "NS", "ns1.example.net"))
        .hasMessageContaining("NS target");
    assertThatThrownBy(() -> ZoneRules.value(ZONE, "MX", "10 mail"))
        .hasMessageContaining("MX target 'mail' has no trailing dot");
    assertThatThrownBy(() -> ZoneRules.value(ZONE, "A", "192.0.2"))
        .hasMessageContaining("'192.0.2' is not a valid A value");
    assertThatThrownBy(() -> ZoneRules.type("SRV")).hasMessageContaining("not a record type");
    assertThat(ZoneRules.keyProblem(ZONE, RecordKey.of(ZONE, "CNAME")))
        .hasValueSatisfying(m -> assertThat(m).contains("apex"));
    assertThat(ZoneRules.keyProblem(ZONE, RecordKey.of("www." + ZONE, "CNAME"))).isEmpty();
  }

  @Test
  void duplicatesAndCnamesBesideOtherDataAreConflicts() {
    List<DeclaredRecord> records =
        List.of(
            rec("www", "A", 300, "192.0.2.1"),
            rec("www", "CNAME", 300, "cdn.example.net."),
            rec("api", "A", 300, "192.0.2.1"),
            rec("api", "A", 600, "192.0.2.2"));
    assertThat(ZoneRules.conflicts(records))
        .containsOnlyKeys(1, 3)
        .hasEntrySatisfying(1, m -> assertThat(m).contains("CNAME and also A (zone.yaml"))
        .hasEntrySatisfying(3, m -> assertThat(m).contains("declared twice (first at"));
    assertThatThrownBy(() -> ZoneTesting.spec(List.of(), records)).hasMessageContaining("1..");
  }

  @Test
  void valuesCompareInCanonicalForm() {
    RecordSet declared = RecordSet.of("v6." + ZONE, "AAAA", 300, "2001:db8::1");
    RecordSet served = RecordSet.of("v6." + ZONE, "AAAA", 300, "2001:db8:0:0:0:0:0:1");
    assertThat(ZoneRules.sameContent(declared, served)).isTrue();
    RecordSet cname = RecordSet.of("w." + ZONE, "CNAME", 300, "CDN.Example.NET.");
    assertThat(
            ZoneRules.sameContent(
                cname, RecordSet.of("w." + ZONE, "CNAME", 300, "cdn.example.net.")))
        .isTrue();
    assertThat(
            ZoneRules.sameContent(
                cname, RecordSet.of("w." + ZONE, "CNAME", 60, "cdn.example.net.")))
        .isFalse();
    RecordSet txt = RecordSet.of("t." + ZONE, "TXT", 300, "Case Matters");
    assertThat(ZoneRules.sameValues(txt, RecordSet.of("t." + ZONE, "TXT", 300, "case matters")))
        .isFalse();
  }
}
