package org.peerprobe.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.config.ConfigTesting.errors;
import static org.peerprobe.node.config.ConfigTesting.file;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.zone.DeclaredRecord;
import org.peerprobe.node.zone.ZoneSpec;

/** zone.yaml: names, defaults, and every rule reported at its line before any provider is asked. */
class ZoneConfigFileTest {
  static final Map<String, String> NO_ENV = Map.of();
  static final String HEAD = "zone: example.com.";
  static final String PROVIDERS = "providers: [{id: local, type: zonefile, file: z.zone}]";

  @TempDir Path dir;

  @Test
  void recordsAreReadWithTheirNamesMadeAbsoluteAndTheirSource() {
    Path f =
        file(
            dir,
            "zone.yaml",
            HEAD,
            PROVIDERS,
            "records:",
            "  - {name: '@', type: mx, values: ['10 mail.example.com.']}",
            "  - {name: www, type: CNAME, ttl: 1h, values: cdn.example.net.}",
            "  - {name: api.example.com., type: A, ttl: 60, values: [192.0.2.1, 192.0.2.2]}",
            "  - name: _dmarc",
            "    type: TXT",
            "    values: ['v=DMARC1; p=none']");
    ZoneSpec spec = ZoneConfigFile.load(f, NO_ENV::get);

    assertThat(spec.zone()).isEqualTo("example.com.");
    assertThat(spec.providers())
        .singleElement()
        .satisfies(p -> assertThat(p.zone()).isEqualTo("example.com."));
    assertThat(spec.records())
        .extracting(DeclaredRecord::rrset)
        .containsExactly(
            RecordSet.of("example.com.", "MX", 300, "10 mail.example.com."),
            RecordSet.of("www.example.com.", "CNAME", 3600, "cdn.example.net."),
            RecordSet.of("api.example.com.", "A", 60, "192.0.2.1", "192.0.2.2"),
            RecordSet.of("_dmarc.example.com.", "TXT", 300, "v=DMARC1; p=none"));
    assertThat(spec.records().get(1).source()).isEqualTo(f + ":5:5 records[1]");
  }

  @Test
  void aFileWithoutRecordsIsValid() {
    assertThat(ZoneConfigFile.load(file(dir, "zone.yaml", HEAD, PROVIDERS), NO_ENV::get).records())
        .isEmpty();
  }

  @Test
  void everyRuleIsReportedAtItsLineAndColumn() {
    Path f =
        file(
            dir,
            "zone.yaml",
            HEAD,
            PROVIDERS,
            "records:",
            "  - {name: '@', type: CNAME, values: [cdn.example.net.]}",
            "  - {name: www, type: CNAME, values: [cdn.example.net]}",
            "  - {name: '@', type: NS, values: [ns1.example.net]}",
            "  - {name: '@', type: MX, values: ['10 mail']}",
            "  - {name: x.example.org., type: A, values: [192.0.2.1]}",
            "  - {name: y.example.com, type: A, values: [192.0.2.1]}",
            "  - {name: c, type: CNAME, values: [a.example.net., b.example.net.]}",
            "  - {name: d, type: A, values: [192.0.2.300]}",
            "  - {name: e, type: SRV, values: ['0 0 1 x.']}",
            "  - {name: f, type: A, ttl: -1, values: [192.0.2.1]}",
            "  - {name: g, type: A}",
            "  - {name: h, type: A, values: [192.0.2.1, 192.0.2.1]}");
    List<ConfigError> e = errors(() -> ZoneConfigFile.load(f, NO_ENV::get));
    assertThat(e)
        .extracting(x -> x.line() + ":" + x.column() + " " + x.field())
        .containsExactly(
            "4:23 records[0].type",
            "5:39 records[1].values[0]",
            "6:36 records[2].values[0]",
            "7:36 records[3].values[0]",
            "8:12 records[4].name",
            "9:12 records[5].name",
            "10:36 records[6].values",
            "11:33 records[7].values[0]",
            "12:21 records[8].type",
            "13:29 records[9].ttl",
            "14:5 records[10].values",
            "15:44 records[11].values[1]");
    assertThat(e.get(0).message()).contains("CNAME cannot be at the zone apex");
    assertThat(e.get(1).message()).contains("no trailing dot", "cdn.example.net.");
    assertThat(e.get(4).message()).contains("outside the zone example.com.");
    assertThat(e.get(5).message()).contains("ends with the zone's name but has no trailing dot");
    assertThat(e.get(6).message()).contains("exactly one target");
    assertThat(e.get(11).message()).contains("given twice");
    assertThat(e.get(0).toString()).startsWith(f + ":4:23: records[0].type: ");
  }

  @Test
  void aCnameBesideOtherDataAndARecordDeclaredTwiceAreReported() {
    Path f =
        file(
            dir,
            "zone.yaml",
            HEAD,
            PROVIDERS,
            "records:",
            "  - {name: www, type: A, values: [192.0.2.1]}",
            "  - {name: www, type: CNAME, values: [cdn.example.net.]}",
            "  - {name: api, type: TXT, values: [a]}",
            "  - {name: api.example.com., type: TXT, values: [b]}");
    List<ConfigError> e = errors(() -> ZoneConfigFile.load(f, NO_ENV::get));
    assertThat(e).extracting(ConfigError::line).containsExactly(5, 7);
    assertThat(e.get(0).message())
        .contains("has a CNAME and also A (" + f + ":4:5 records[0])", "no other records");
    assertThat(e.get(1).message()).contains("declared twice (first at " + f + ":6:5 records[2])");
  }

  @Test
  void theZoneAndProvidersAreRequiredAndAProviderOfAnotherZoneIsRefused() {
    List<ConfigError> e =
        errors(() -> ZoneConfigFile.load(file(dir, "a.yaml", "records: []"), NO_ENV::get));
    assertThat(e).extracting(ConfigError::field).containsExactly("zone", "providers");

    Path other =
        file(
            dir,
            "b.yaml",
            HEAD,
            "providers: [{id: local, type: zonefile, file: z.zone, zone: example.org.}]");
    assertThat(errors(() -> ZoneConfigFile.load(other, NO_ENV::get)))
        .singleElement()
        .satisfies(x -> assertThat(x.field()).isEqualTo("providers[0].zone"));
  }
}
