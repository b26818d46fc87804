package org.peerprobe.node.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.zone.ZoneTesting.ZONE;
import static org.peerprobe.node.zone.ZoneTesting.await;
import static org.peerprobe.node.zone.ZoneTesting.rec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.DnsProviders;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.RecordWrite;
import org.peerprobe.node.signer.Fence;

/**
 * Zone sync against zone-file providers: what a plan shows, idempotence, records left alone, the
 * safety fraction, collisions with undeclared data, and the signer's router.
 */
class ZoneSyncTest {
  static final double FRACTION = ZonePlan.DEFAULT_SAFETY_FRACTION;

  @TempDir Path dir;
  private final ZoneSync sync = new ZoneSync();
  private List<DnsProvider> providers;
  private DnsProvider first;

  @BeforeEach
  void open() {
    providers =
        DnsProviders.open(
            List.of(
                ZoneTesting.zoneFile("one", dir.resolve("one.zone")),
                ZoneTesting.zoneFile("two", dir.resolve("two.zone"))));
    first = providers.get(0);
  }

  @AfterEach
  void close() {
    DnsProviders.closeAll(providers);
  }

  private ZoneSpec spec(DeclaredRecord... records) {
    return ZoneTesting.spec(
        List.of(
            ZoneTesting.zoneFile("one", dir.resolve("one.zone")),
            ZoneTesting.zoneFile("two", dir.resolve("two.zone"))),
        List.of(records));
  }

  private void seed(DnsProvider p, RecordSet... records) {
    await(p.write(RecordWrite.of(records)));
  }

  private Optional<RecordSet> read(DnsProvider p, String name, String type) {
    return await(p.read(RecordKey.of(name, type)));
  }

  @Test
  void planShowsCreatesAndUpdatesPerProviderAndWritesNothing() throws Exception {
    seed(first, RecordSet.of("api.example.test.", "A", 300, "192.0.2.1"));
    ZoneSpec spec =
        spec(rec("www", "CNAME", 300, "cdn.example.net."), rec("api", "A", 600, "192.0.2.2"));
    String before = Files.readString(dir.resolve("one.zone"));

    ZoneSync.Report report = sync.plan(spec, providers, FRACTION);

    assertThat(report.status()).isEqualTo(ZoneSync.Status.CHANGES_PENDING);
    assertThat(PlanPrinter.lines(report))
        .containsExactly(
            "zone example.test.: 2 records declared, 2 providers",
            "one: 1 to create, 1 to update, 0 unchanged",
            "  + www.example.test. CNAME 300 [cdn.example.net.]",
            "  ~ api.example.test. A 300 [192.0.2.1] -> 600 [192.0.2.2]",
            "two: 2 to create, 0 to update, 0 unchanged",
            "  + www.example.test. CNAME 300 [cdn.example.net.]",
            "  + api.example.test. A 600 [192.0.2.2]",
            "4 changes to apply");
    assertThat(Files.readString(dir.resolve("one.zone"))).isEqualTo(before);
  }

  @Test
  void applyThenASecondApplyReportsNoChanges() {
    ZoneSpec spec =
        spec(
            rec("@", "MX", 300, "10 mail.example.test."),
            rec("@", "TXT", 300, "v=spf1 -all"),
            rec("v6", "AAAA", 300, "2001:db8::1", "2001:db8::2"),
            rec("www", "CNAME", 300, "cdn.example.net."),
            rec("caa", "CAA", 300, "0 issue \"letsencrypt.org\""));

    ZoneSync.Report applied = sync.apply(spec, providers, false, FRACTION);
    assertThat(applied.status()).isEqualTo(ZoneSync.Status.APPLIED);
    assertThat(applied.results())
        .containsExactly(
            new ProviderResult.Applied("one", 5), new ProviderResult.Applied("two", 5));
    assertThat(read(first, "v6.example.test.", "AAAA")).isPresent();

    ZoneSync.Report again = sync.apply(spec, providers, false, FRACTION);
    assertThat(again.status()).isEqualTo(ZoneSync.Status.NO_CHANGES);
    assertThat(PlanPrinter.lines(again))
        .contains(
            "one: no changes (5 unchanged)",
            "two: no changes (5 unchanged)",
            "no changes: every provider serves the declared records");
    assertThat(sync.plan(spec, providers, FRACTION).status()).isEqualTo(ZoneSync.Status.NO_CHANGES);
  }

  @Test
  void undeclaredRecordsAreNeverTouched() {
    RecordSet other = RecordSet.of("other.example.test.", "A", 60, "192.0.2.9");
    RecordSet txtBesideDeclared = RecordSet.of("api.example.test.", "TXT", 60, "keep me");
    seed(first, other, txtBesideDeclared);

    sync.apply(spec(rec("api", "A", 300, "192.0.2.2")), providers, false, FRACTION);

    assertThat(read(first, "other.example.test.", "A")).contains(other);
    assertThat(read(first, "api.example.test.", "TXT")).contains(txtBesideDeclared);
    assertThat(read(first, "api.example.test.", "A")).isPresent();
  }

  @Test
  void moreUpdatesThanTheSafetyFractionAreRefusedUnlessForced() {
    List<DeclaredRecord> declared = new ArrayList<>();
    for (int i = 0; i < ZonePlan.SAFETY_MIN_RECORDS; i++) {
      declared.add(rec("h" + i, "A", 300, "192.0.2." + (100 + i)));
      seed(first, RecordSet.of("h" + i + ".example.test.", "A", 300, "192.0.2." + i));
    }
    ZoneSpec spec = spec(declared.toArray(new DeclaredRecord[0]));
    // "one" would update 10 of 10 records; "two" only creates (never counted).
    ZoneSync.Report refused = sync.apply(spec, providers, false, FRACTION);
    assertThat(refused.status()).isEqualTo(ZoneSync.Status.UNSAFE);
    assertThat(refused.unsafe())
        .containsExactly("one: 10 of 10 declared records would be updated, more than 30%");
    assertThat(refused.results()).isEmpty();
    assertThat(read(first, "h0.example.test.", "A").orElseThrow().values())
        .containsExactly("192.0.2.0");
    assertThat(read(providers.get(1), "h0.example.test.", "A")).isEmpty();

    assertThat(sync.apply(spec, providers, false, 1.0).status()).isEqualTo(ZoneSync.Status.APPLIED);
  }

  @Test
  void updatesUpToTheFractionGoAheadAndForceOverridesIt() {
    List<DeclaredRecord> declared = new ArrayList<>();
    for (int i = 0; i < ZonePlan.SAFETY_MIN_RECORDS; i++) {
      declared.add(rec("h" + i, "A", 300, "192.0.2." + i));
    }
    ZoneSpec spec = spec(declared.toArray(new DeclaredRecord[0]));
    assertThat(sync.apply(spec, providers, false, FRACTION).status())
        .isEqualTo(ZoneSync.Status.APPLIED);
    declared.set(0, rec("h0", "A", 300, "198.51.100.0"));
    declared.set(1, rec("h1", "A", 300, "198.51.100.1"));
    declared.set(2, rec("h2", "A", 300, "198.51.100.2"));
    ZoneSpec threeOfTen = spec(declared.toArray(new DeclaredRecord[0]));
    assertThat(sync.apply(threeOfTen, providers, false, FRACTION).status())
        .isEqualTo(ZoneSync.Status.APPLIED);

    declared.set(3, rec("h3", "A", 300, "198.51.100.3"));
    declared.set(4, rec("h4", "A", 300, "198.51.100.4"));
    declared.set(5, rec("h5", "A", 300, "198.51.100.5"));
    declared.set(6, rec("h6", "A", 300, "198.51.100.6"));
    ZoneSpec fourMore = spec(declared.toArray(new DeclaredRecord[0]));
    assertThat(sync.apply(fourMore, providers, false, FRACTION).status())
        .isEqualTo(ZoneSync.Status.UNSAFE);
    ZoneSync.Report forced = sync.apply(fourMore, providers, true, FRACTION);
    assertThat(forced.status()).isEqualTo(ZoneSync.Status.APPLIED);
    assertThat(forced.unsafe()).hasSize(2);
    assertThat(read(first, "h6.example.test.", "A").orElseThrow().values())
        .containsExactly("198.51.100.6");
  }

  @Test
  void aCnameBesideUndeclaredDataIsAPlanErrorAndNothingIsWritten() {
    seed(first, RecordSet.of("www.example.test.", "TXT", 60, "hand-made"));
    ZoneSpec spec =
        spec(rec("www", "CNAME", 300, "cdn.example.net."), rec("api", "A", 300, "192.0.2.2"));

    ZoneSync.Report report = sync.apply(spec, providers, false, FRACTION);

    assertThat(report.status()).isEqualTo(ZoneSync.Status.INVALID);
    assertThat(report.plan().providers().get(0)).isInstanceOf(ProviderPlan.Invalid.class);
    assertThat(((ProviderPlan.Invalid) report.plan().providers().get(0)).problems())
        .singleElement()
        .asString()
        .contains("zone.yaml records www", "www.example.test. CNAME cannot be created", "TXT");
    assertThat(read(first, "api.example.test.", "A")).isEmpty();
    assertThat(read(providers.get(1), "api.example.test.", "A")).isEmpty();
  }

  @Test
  void aRouterTheSignerSwitchesIsLeftAlone() {
    String router = "web-router.example.test.";
    seed(
        first,
        RecordSet.of(router, "CNAME", 60, "cdn2-front.example.test."),
        new Fence(7, "ab".repeat(32)).record(router, 60));
    ZoneSpec spec = spec(rec("web-router", "CNAME", 60, "cf-front.example.test."));

    ZoneSync.Report report = sync.apply(spec, providers, false, FRACTION);

    assertThat(report.status()).isEqualTo(ZoneSync.Status.APPLIED);
    ProviderPlan.Ready one = (ProviderPlan.Ready) report.plan().providers().get(0);
    assertThat(one.changes()).isEmpty();
    assertThat(one.notes()).singleElement().asString().contains("signer", "_peerprobe.web-router");
    assertThat(read(first, router, "CNAME").orElseThrow().values())
        .containsExactly("cdn2-front.example.test.");
    assertThat(read(providers.get(1), router, "CNAME").orElseThrow().values())
        .containsExactly("cf-front.example.test.");
  }

  @Test
  void aRecordChangedSinceThePlanIsNotOverwritten() {
    ZoneSpec spec = spec(rec("api", "A", 300, "192.0.2.2"));
    ZonePlan plan = await(new ZonePlanner().plan(ZONE, spec.records(), providers));
    RecordSet meanwhile = RecordSet.of("api.example.test.", "A", 300, "192.0.2.77");
    seed(first, meanwhile);

    List<ProviderResult> results = await(new ZoneApplier().apply(plan, providers));

    assertThat(results.get(0))
        .isInstanceOfSatisfying(
            ProviderResult.Failed.class,
            f -> assertThat(f.fault()).contains("changed by someone else since the plan"));
    assertThat(results.get(1)).isEqualTo(new ProviderResult.Applied("two", 1));
    assertThat(read(first, "api.example.test.", "A")).contains(meanwhile);
  }

  @Test
  void aProviderOfAnotherZoneFailsAloneAndTheOtherIsApplied() {
    DnsProvider elsewhere =
        DnsProviders.open(
                List.of(
                    new org.peerprobe.node.dns.ProviderSpec.ZoneFile(
                        org.peerprobe.node.dns.zonefile.ZoneFileConfig.builder()
                            .id("elsewhere")
                            .file(dir.resolve("other.zone"))
                            .zone("example.org.")
                            .build())))
            .get(0);
    try {
      ZoneSync.Report report =
          sync.apply(
              spec(rec("a", "A", 300, "192.0.2.1")), List.of(first, elsewhere), false, FRACTION);
      assertThat(report.status()).isEqualTo(ZoneSync.Status.FAILED);
      assertThat(report.results().get(0)).isEqualTo(new ProviderResult.Applied("one", 1));
      assertThat(PlanPrinter.lines(report))
          .contains(
              "elsewhere: FAILED, configuration error",
              "  elsewhere serves zone example.org., not " + ZONE,
              "apply:",
              "  one: applied 1 change",
              "  elsewhere: not updated: it could not be planned (above)");
    } finally {
      elsewhere.close();
    }
  }
}
