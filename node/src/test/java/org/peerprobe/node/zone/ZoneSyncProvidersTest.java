package org.peerprobe.node.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.zone.ZoneTesting.ZONE;
import static org.peerprobe.node.zone.ZoneTesting.await;
import static org.peerprobe.node.zone.ZoneTesting.rec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.DnsProviderContract;
import org.peerprobe.node.dns.DnsProviders;
import org.peerprobe.node.dns.ProviderSpec;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.RecordWrite;
import org.peerprobe.node.dns.Secret;
import org.peerprobe.node.dns.desec.DesecConfig;
import org.peerprobe.node.dns.emulator.DesecEmulator;
import org.peerprobe.node.dns.emulator.EmulatorServer;
import org.peerprobe.node.dns.rfc2136.Rfc2136Config;
import org.peerprobe.node.testing.BindServer;
import org.peerprobe.p2p.testing.LoopbackPorts;

/**
 * Zone sync against a real BIND (RFC 2136), the deSEC emulator and a zone file at once: deSEC's
 * minimum TTL fails the plan before anything is written anywhere (anchors.md defect 1), every
 * provider converges and a second apply changes nothing, undeclared records stay, one provider down
 * does not stop the others (defect 3), and deSEC's read throttling is waited out.
 */
class ZoneSyncProvidersTest {
  static final String TOKEN = "desec-zone-sync-token-3f9a";
  static final Duration TIMEOUT = Duration.ofSeconds(2);
  static final RecordKey WWW = RecordKey.of("www." + ZONE, "CNAME");
  static final RecordKey API = RecordKey.of("api." + ZONE, "A");
  static final RecordKey ROUTER = RecordKey.of("web-router." + ZONE, "CNAME");
  static final RecordSet UNDECLARED = DnsProviderContract.INITIAL_RECORDS.get(2);

  @TempDir Path dir;
  private BindServer bind;
  private DesecEmulator desec;
  private final List<DnsProvider> providers = new ArrayList<>();
  private final AtomicInteger waits = new AtomicInteger();
  private ZoneSync sync;

  @BeforeEach
  void start() {
    bind = BindServer.start(ZONE, DnsProviderContract.INITIAL_RECORDS);
    desec = new DesecEmulator(ZONE, TOKEN);
    DnsProviderContract.INITIAL_RECORDS.forEach(desec::seed);
    // Rate-limit waits move the emulator's clock instead of sleeping.
    sync =
        new ZoneSync(
            d -> {
              waits.incrementAndGet();
              desec.advance(d);
              return Runnable::run;
            });
  }

  @AfterEach
  void stop() {
    DnsProviders.closeAll(providers);
    desec.close();
    bind.close();
  }

  private List<ProviderSpec> specs(String bindAddress) {
    return List.of(
        new ProviderSpec.Rfc2136(
            Rfc2136Config.builder()
                .id("bind")
                .server(bindAddress)
                .zone(ZONE)
                .key(BindServer.KEY_NAME, Secret.of(BindServer.KEY_SECRET, "test"))
                .timeout(TIMEOUT)
                .build()),
        new ProviderSpec.Desec(
            new DesecConfig(
                "desec",
                desec.address().resolve("/api/v1"),
                ZONE,
                Secret.of(TOKEN, "test"),
                TIMEOUT)),
        ZoneTesting.zoneFile("local", dir.resolve("example.test.zone")));
  }

  private ZoneSpec open(List<ProviderSpec> specs, DeclaredRecord... records) {
    providers.addAll(DnsProviders.open(specs));
    return ZoneTesting.spec(specs, List.of(records));
  }

  private Optional<RecordSet> local(RecordKey key) {
    return await(providers.get(2).read(key));
  }

  @Test
  void aTtlBelowDesecsMinimumFailsThePlanAndNothingIsWrittenAnywhere() {
    ZoneSpec spec =
        open(
            specs(bind.hostPort()),
            rec("www", "CNAME", 300, "cdn.example.net."),
            rec("api", "A", 3600, "192.0.2.2"));

    ZoneSync.Report report = sync.apply(spec, providers, false, 0.3);

    assertThat(report.status()).isEqualTo(ZoneSync.Status.INVALID);
    assertThat(report.results()).isEmpty();
    ProviderPlan desecPlan = report.plan().providers().get(1);
    assertThat(desecPlan).isInstanceOf(ProviderPlan.Invalid.class);
    assertThat(((ProviderPlan.Invalid) desecPlan).problems())
        .singleElement()
        .asString()
        .contains("zone.yaml records www", "TTL 300 is below desec's minimum TTL 3600");
    assertThat(report.plan().providers().get(0)).isInstanceOf(ProviderPlan.Ready.class);
    assertThat(desec.requests()).extracting(EmulatorServer.Request::method).containsOnly("GET");
    assertThat(bind.observe(WWW)).isEmpty();
    assertThat(bind.observe(API)).isEmpty();
    assertThat(local(WWW)).isEmpty();
    assertThat(PlanPrinter.lines(report))
        .contains(
            "desec: PLAN ERROR (nothing is written to any provider):",
            "nothing written to any provider: fix the problems above");
  }

  @Test
  void everyProviderConvergesASecondApplyChangesNothingAndUndeclaredRecordsStay() {
    desec.minimumTtl(60);
    ZoneSpec spec =
        open(
            specs(bind.hostPort()),
            rec("web-router", "CNAME", 60, "cdn2-front.example.test."),
            rec("www", "CNAME", 300, "cdn.example.net."),
            rec("api", "A", 300, "192.0.2.2", "192.0.2.3"),
            rec("@", "TXT", 300, "v=spf1 -all"));

    ZoneSync.Report first = sync.apply(spec, providers, false, 0.3);

    assertThat(first.status())
        .as(String.join("\n", PlanPrinter.lines(first)))
        .isEqualTo(ZoneSync.Status.APPLIED);
    assertThat(first.results())
        .containsExactly(
            new ProviderResult.Applied("bind", 4),
            new ProviderResult.Applied("desec", 4),
            new ProviderResult.Applied("local", 4));
    assertThat(bind.observe(ROUTER).orElseThrow().values())
        .containsExactly("cdn2-front.example.test.");
    assertThat(bind.observe(API).orElseThrow().values())
        .containsExactlyInAnyOrder("192.0.2.2", "192.0.2.3");
    assertThat(desec.observe(WWW).orElseThrow().values()).containsExactly("cdn.example.net.");
    assertThat(local(RecordKey.of(ZONE, "TXT")).orElseThrow().values())
        .containsExactly("v=spf1 -all");

    ZoneSync.Report second = sync.apply(spec, providers, false, 0.3);
    assertThat(second.status()).isEqualTo(ZoneSync.Status.NO_CHANGES);
    assertThat(second.results())
        .containsExactly(
            new ProviderResult.NoChanges("bind"),
            new ProviderResult.NoChanges("desec"),
            new ProviderResult.NoChanges("local"));

    assertThat(bind.observe(UNDECLARED.key())).contains(UNDECLARED);
    assertThat(desec.observe(UNDECLARED.key())).contains(UNDECLARED);
  }

  @Test
  void oneProviderDownIsReportedAndTheOthersAreApplied() {
    desec.minimumTtl(60);
    ZoneSpec spec =
        open(
            specs("127.0.0.1:" + LoopbackPorts.reserve()),
            rec("www", "CNAME", 300, "cdn.example.net."));

    ZoneSync.Report report = sync.apply(spec, providers, false, 0.3);

    assertThat(report.status()).isEqualTo(ZoneSync.Status.FAILED);
    assertThat(report.results().get(0))
        .isInstanceOfSatisfying(
            ProviderResult.Failed.class,
            f -> assertThat(f.fault()).contains("unreachable", "run again later"));
    assertThat(report.results().subList(1, 3))
        .containsExactly(
            new ProviderResult.Applied("desec", 1), new ProviderResult.Applied("local", 1));
    assertThat(desec.observe(WWW)).isPresent();
    assertThat(local(WWW)).isPresent();
    assertThat(PlanPrinter.lines(report))
        .contains("bind: FAILED, provider unreachable or failing: run again later");
  }

  @Test
  void aWriteRefusedAtOneProviderDoesNotStopTheOthers() {
    desec.minimumTtl(60).limitWrites(1, Duration.ofDays(1));
    ZoneSpec spec = open(specs(bind.hostPort()), rec("api", "A", 300, "192.0.2.2"));
    // Spend deSEC's write budget: the apply's write is throttled for a day, too long to wait.
    await(
        providers.get(1).write(RecordWrite.of(RecordSet.of("seed." + ZONE, "A", 60, "192.0.2.9"))));

    ZoneSync.Report report = sync.apply(spec, providers, false, 0.3);

    assertThat(report.status()).isEqualTo(ZoneSync.Status.FAILED);
    assertThat(report.results().get(1))
        .isInstanceOfSatisfying(
            ProviderResult.Failed.class,
            f -> {
              assertThat(f.fault()).contains("rate limited");
              assertThat(f.applied()).isZero();
              assertThat(f.planned()).isEqualTo(1);
            });
    assertThat(report.results().get(0)).isEqualTo(new ProviderResult.Applied("bind", 1));
    assertThat(report.results().get(2)).isEqualTo(new ProviderResult.Applied("local", 1));
    assertThat(bind.observe(API)).isPresent();
    assertThat(desec.observe(API)).isEmpty();
  }

  @Test
  void throttledReadsAreRetriedAfterRetryAfter() {
    desec.minimumTtl(60).limitReads(2, Duration.ofMinutes(1));
    ZoneSpec spec =
        open(
            specs(bind.hostPort()),
            rec("www", "CNAME", 300, "cdn.example.net."),
            rec("api", "A", 300, "192.0.2.2"));

    ZoneSync.Report report = sync.apply(spec, providers, false, 0.3);

    assertThat(report.status()).isEqualTo(ZoneSync.Status.APPLIED);
    assertThat(waits.get()).isPositive();
    assertThat(desec.observe(WWW)).isPresent();
  }
}
