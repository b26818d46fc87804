package org.peerprobe.node.signer;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.model.ApplyOutcome;
import org.peerprobe.consensus.model.ProviderResult;
import org.peerprobe.consensus.model.SignedApplyReceipt;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.DnsProviderContract;
import org.peerprobe.node.dns.Secret;
import org.peerprobe.node.dns.desec.DesecConfig;
import org.peerprobe.node.dns.desec.DesecProvider;
import org.peerprobe.node.dns.emulator.DesecEmulator;
import org.peerprobe.node.dns.emulator.EmulatorServer;
import org.peerprobe.node.dns.zonefile.ZoneFileConfig;
import org.peerprobe.node.dns.zonefile.ZoneFileProvider;
import org.peerprobe.p2p.core.EventLoopScheduler;
import org.peerprobe.p2p.testing.Await;

/**
 * Receipts from a real reconciler writing a zone file and the deSEC emulator: while deSEC answers
 * 500 the receipt says FAILED (with deSEC's error, never its token) next to the zone file's
 * APPLIED; once it recovers a second receipt says APPLIED for both, and drift checks add none.
 */
class ReceiptProvidersTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final Duration SPACING = Duration.ofMillis(400);
  static final String TOKEN = "desec-receipt-test-token-7d1e";

  @TempDir Path dir;
  private final DefaultEventLoopGroup loop = new DefaultEventLoopGroup(1);
  private final List<AutoCloseable> open = new ArrayList<>();
  private final ConcurrentLinkedQueue<Reconciler.Applied> applied = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<SignedApplyReceipt> receipts = new ConcurrentLinkedQueue<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void aFailingProviderIsReceiptedAsFailedThenAsAppliedOnceItRecovers() throws Exception {
    DesecEmulator desec = new DesecEmulator(DnsProviderContract.ZONE, TOKEN).minimumTtl(60);
    DnsProviderContract.INITIAL_RECORDS.forEach(desec::seed);
    open.add(desec);
    DnsProvider zoneFile =
        ZoneFileProvider.open(
            ZoneFileConfig.builder()
                .id("zonefile")
                .file(dir.resolve("example.test.zone"))
                .zone(DnsProviderContract.ZONE)
                .build());
    DnsProvider deSec =
        new DesecProvider(
            new DesecConfig(
                "desec",
                desec.address().resolve("/api/v1"),
                DnsProviderContract.ZONE,
                Secret.of(TOKEN, "test"),
                Duration.ofSeconds(2)));
    open.add(zoneFile);
    open.add(deSec);
    EventLoopScheduler scheduler = new EventLoopScheduler(loop.next());
    ReceiptIssuer issuer =
        new ReceiptIssuer(
            TestNetwork.NETWORK_ID,
            List.of("desec", "zonefile"),
            TestKeys.signer(),
            scheduler,
            SPACING,
            receipts::add);
    Reconciler r =
        new Reconciler(
            List.of(zoneFile, deSec),
            new RouterWriter(System::nanoTime),
            scheduler,
            Duration.ofMillis(200),
            Duration.ofMillis(200),
            a -> {
              applied.add(a);
              issuer.accept(a);
            });
    open.add(r::stop);

    desec.failNext(2, EmulatorServer.Fault.SERVER_ERROR); // the first attempt's two reads fail
    r.desire(
        new RouterTarget(
            "web-router",
            "web-router." + DnsProviderContract.ZONE,
            "cdn2-front." + DnsProviderContract.ZONE,
            60,
            new Fence(1, "ab".repeat(32))));

    Await.until(WAIT, () -> receipts.size() >= 2, "a receipt while deSEC fails, one after");
    List<SignedApplyReceipt> got = List.copyOf(receipts);
    SignedApplyReceipt failing = got.get(0);
    assertThat(failing.verify(TestNetwork.of(4, 2).roster()).isValid()).isTrue();
    assertThat(failing.receipt().providers())
        .extracting(ProviderResult::provider, ProviderResult::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("desec", ApplyOutcome.FAILED),
            org.assertj.core.groups.Tuple.tuple("zonefile", ApplyOutcome.APPLIED));
    String detail = failing.receipt().providers().get(0).detail().orElseThrow();
    assertThat(detail).isNotBlank().doesNotContain(TOKEN);
    assertThat(new String(failing.encode(), java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain(TOKEN);
    SignedApplyReceipt recovered = got.get(1);
    assertThat(recovered.receipt().providers())
        .extracting(ProviderResult::outcome)
        .containsExactly(ApplyOutcome.APPLIED, ApplyOutcome.APPLIED);
    assertThat(recovered.receipt().issuedAtMs() - failing.receipt().issuedAtMs())
        .isGreaterThanOrEqualTo(SPACING.toMillis());

    // drift checks after the recovery find both providers already there: no further receipt
    long checksBefore = alreadyThere();
    Await.until(WAIT, () -> alreadyThere() >= checksBefore + 4, "drift checks run");
    assertThat(receipts).hasSize(2);
  }

  private long alreadyThere() {
    return applied.stream()
        .filter(a -> a.outcome() instanceof ProviderOutcome.AlreadyThere)
        .count();
  }
}
