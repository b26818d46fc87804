package org.peerprobe.node.signer;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.DnsProviderContract;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.RecordWrite;
import org.peerprobe.node.dns.Secret;
import org.peerprobe.node.dns.desec.DesecConfig;
import org.peerprobe.node.dns.desec.DesecProvider;
import org.peerprobe.node.dns.emulator.DesecEmulator;
import org.peerprobe.node.dns.emulator.EmulatorServer;
import org.peerprobe.node.dns.rfc2136.Rfc2136Provider;
import org.peerprobe.node.dns.zonefile.ZoneFileConfig;
import org.peerprobe.node.dns.zonefile.ZoneFileProvider;
import org.peerprobe.node.testing.BindServer;
import org.peerprobe.p2p.core.EventLoopScheduler;
import org.peerprobe.p2p.testing.Await;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * The signer's writes against three real providers at once — a real BIND over RFC 2136, a zone file
 * and the deSEC emulator: every provider converges independently, the fence stops older decisions,
 * a failing provider is retried until it converges without holding up the others, and a hand edit
 * is reverted.
 */
class SignerProvidersTest {
  static final String ZONE = DnsProviderContract.ZONE;
  static final String ROUTER = "web-router.example.test.";
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String TOKEN = "desec-signer-test-token-51c0";

  @TempDir Path dir;
  private final DefaultEventLoopGroup loop = new DefaultEventLoopGroup(1);
  private final List<AutoCloseable> open = new ArrayList<>();
  private final ConcurrentLinkedQueue<Reconciler.Applied> applied = new ConcurrentLinkedQueue<>();
  private BindServer bind;
  private DesecEmulator desec;
  private List<DnsProvider> providers;
  private final RouterWriter writer = new RouterWriter(System::nanoTime);

  @BeforeEach
  void start() throws Exception {
    bind = BindServer.start(ZONE, DnsProviderContract.INITIAL_RECORDS);
    open.add(bind);
    desec = new DesecEmulator(ZONE, TOKEN).minimumTtl(60);
    DnsProviderContract.INITIAL_RECORDS.forEach(desec::seed);
    open.add(desec);
    DnsProvider rfc2136 =
        Rfc2136Provider.open(bind.providerConfig().timeout(Duration.ofSeconds(2)).build());
    DnsProvider zoneFile =
        ZoneFileProvider.open(
            ZoneFileConfig.builder()
                .id("zonefile")
                .file(dir.resolve("example.test.zone"))
                .zone(ZONE)
                .build());
    DnsProvider deSec =
        new DesecProvider(
            new DesecConfig(
                "desec",
                desec.address().resolve("/api/v1"),
                ZONE,
                Secret.of(TOKEN, "test"),
                Duration.ofSeconds(2)));
    providers = List.of(rfc2136, zoneFile, deSec);
    open.addAll(providers);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void everyProviderTakesTheTargetAndTheFenceStopsAnOlderDecision() {
    for (DnsProvider p : providers) {
      assertThat(JavaPeer.await(writer.apply(p, target(2, "cdn2-front")), WAIT))
          .isInstanceOf(ProviderOutcome.Applied.class);
      assertThat(JavaPeer.await(writer.apply(p, target(2, "cdn2-front")), WAIT))
          .isInstanceOf(ProviderOutcome.AlreadyThere.class);
      ProviderOutcome older = JavaPeer.await(writer.apply(p, target(1, "cf-front")), WAIT);
      assertThat(older).isEqualTo(new ProviderOutcome.Fenced(p.id(), 2));
      assertThat(cname(p)).contains("cdn2-front.example.test.");
    }
    assertThat(bind.observe(RecordKey.of(ROUTER, "CNAME")).orElseThrow().values())
        .containsExactly("cdn2-front.example.test.");
    assertThat(bind.observe(Fence.keyFor(ROUTER)).flatMap(Fence::parse).orElseThrow().seq())
        .isEqualTo(2);
  }

  @Test
  void aFailingProviderNeverHoldsUpTheOthersAndConvergesOnceItRecovers() {
    desec.failNext(3, EmulatorServer.Fault.SERVER_ERROR);
    Reconciler r = reconciler(Duration.ofMillis(300));
    r.desire(target(1, "cdn2-front"));

    Await.until(
        WAIT,
        () -> converged("bind") && converged("zonefile"),
        "BIND and the zone file converge while deSEC fails");
    Await.until(WAIT, () -> converged("desec"), "deSEC converges after its failures");
    assertThat(applied)
        .anySatisfy(
            a -> {
              assertThat(a.outcome().provider()).isEqualTo("desec");
              assertThat(a.outcome()).isInstanceOf(ProviderOutcome.Failed.class);
            });
    assertThat(JavaPeer.await(r.backlog(), WAIT)).isZero();
    for (DnsProvider p : providers) {
      assertThat(observed(p)).contains("cdn2-front.example.test.");
    }
  }

  @Test
  void aHandEditIsRevertedAndTwoSignersConvergeOnTheNewestDecision() {
    Reconciler first = reconciler(Duration.ofSeconds(1));
    Reconciler second = reconciler(Duration.ofSeconds(1));
    first.desire(target(1, "cdn2-front"));
    second.desire(target(2, "cf-front"));
    first.desire(target(2, "cf-front"));
    Await.until(
        WAIT,
        () ->
            providers.stream()
                .allMatch(p -> observed(p).equals(Optional.of("cf-front.example.test."))),
        "both signers end on seq 2");

    DnsProvider bindProvider = providers.get(0);
    JavaPeer.await(
        bindProvider.write(
            RecordWrite.of(RecordSet.of(ROUTER, "CNAME", 60, "elsewhere.example.test."))),
        WAIT);
    Await.until(
        WAIT,
        () ->
            bind.observe(RecordKey.of(ROUTER, "CNAME"))
                .orElseThrow()
                .values()
                .equals(List.of("cf-front.example.test.")),
        "the hand edit is reverted");
  }

  private Reconciler reconciler(Duration checkEvery) {
    Reconciler r =
        new Reconciler(
            providers,
            writer,
            new EventLoopScheduler(loop.next()),
            checkEvery,
            Duration.ofMillis(200),
            applied::add);
    open.add(r::stop);
    return r;
  }

  private boolean converged(String provider) {
    return applied.stream()
        .anyMatch(a -> a.outcome().provider().equals(provider) && a.outcome().converged());
  }

  private static RouterTarget target(long seq, String front) {
    return new RouterTarget(
        "web-router",
        ROUTER,
        front + ".example.test.",
        60,
        new Fence(seq, String.format("%064x", seq)));
  }

  /**
   * What {@code p}'s zone holds, read around the provider (the provider's own reads count against
   * deSEC's read budget, which two reconcilers already use).
   */
  private Optional<String> observed(DnsProvider p) {
    RecordKey key = RecordKey.of(ROUTER, "CNAME");
    Optional<RecordSet> r =
        switch (p.id()) {
          case "bind" -> bind.observe(key);
          case "desec" -> desec.observe(key);
          default -> JavaPeer.await(p.read(key), WAIT);
        };
    return r.map(x -> x.values().get(0));
  }

  private static Optional<String> cname(DnsProvider p) {
    return JavaPeer.await(p.read(RecordKey.of(ROUTER, "CNAME")), WAIT).map(r -> r.values().get(0));
  }
}
