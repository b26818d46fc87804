package org.peerprobe.node.dns.desec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.dns.DnsProviderContract.ZONE;
import static org.peerprobe.node.dns.http.Futures.await;
import static org.peerprobe.node.dns.http.Futures.failure;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.node.dns.DnsProviderContract;
import org.peerprobe.node.dns.ProviderException;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.RecordWrite;
import org.peerprobe.node.dns.Secret;
import org.peerprobe.node.dns.emulator.DesecEmulator;
import org.peerprobe.node.dns.emulator.EmulatorServer.Fault;
import org.peerprobe.node.dns.http.LogCapture;

/** deSEC specifics, among them the single-observer toolkit's defects 1 and 5 (anchors.md). */
class DesecProviderTest {
  static final String TOKEN = DesecContractTest.TOKEN;
  static final RecordKey ROUTER = RecordKey.of("web-router." + ZONE, "CNAME");
  static final RecordSet ROUTER_CDN2 =
      RecordSet.of(ROUTER.name(), "CNAME", 3600, "cdn2-front.example.test.");

  DesecEmulator desec;
  DesecProvider provider;

  @BeforeEach
  void start() {
    desec = new DesecEmulator(ZONE, TOKEN);
    DnsProviderContract.INITIAL_RECORDS.forEach(desec::seed);
    provider = provider(Duration.ofSeconds(5), TOKEN);
  }

  @AfterEach
  void stop() {
    provider.close();
    desec.close();
  }

  DesecProvider provider(Duration timeout, String token) {
    return DesecContractTest.provider(desec.address(), Secret.of(token, "test"), timeout);
  }

  @Test
  void aRouterTtlOf60FailsThePlanNamingTheMinimumWithoutAnyWrite() {
    Throwable e =
        failure(
            provider.write(
                RecordWrite.of(
                    RecordSet.of(ROUTER.name(), "CNAME", 60, "cdn2-front.example.test."))));

    assertThat(e)
        .isInstanceOf(ProviderException.Rejected.class)
        .hasMessageContaining("TTL 60")
        .hasMessageContaining("3600");
    assertThat(desec.requests()).noneMatch(r -> !r.method().equals("GET"));
    assertThat(desec.observe(ROUTER).orElseThrow().values())
        .containsExactly("cf-front.example.test.");
  }

  @Test
  void theMinimumTtlIsTheDomainsOnceRead() {
    desec.minimumTtl(60);
    assertThat(provider.limits().minimumTtl()).isEqualTo(DesecProvider.DEFAULT_MINIMUM_TTL);
    assertThat(provider.limits().writesPerMinute()).contains(15);
    assertThat(provider.limits().writesPerHour()).contains(100);

    await(provider.read(ROUTER));
    assertThat(provider.limits().minimumTtl()).isEqualTo(60);
    await(
        provider.write(
            RecordWrite.of(RecordSet.of(ROUTER.name(), "CNAME", 60, "cdn2-front.example.test."))));
    assertThat(desec.observe(ROUTER).orElseThrow().ttl()).isEqualTo(60);
  }

  @Test
  void deSecsOwnTtlRefusalIsRejectedWithItsFieldMessage() {
    await(provider.read(ROUTER));
    desec.minimumTtl(7200);

    Throwable e = failure(provider.write(RecordWrite.of(ROUTER_CDN2)));
    assertThat(e)
        .isInstanceOf(ProviderException.Rejected.class)
        .hasMessageContaining(ROUTER.toString())
        .hasMessageContaining("ttl: Ensure this value is greater than or equal to 7200.");
  }

  @Test
  void severalRrsetsAreOneBulkPatchAndAllOrNothing() {
    RecordSet fence = RecordSet.of("_peerprobe.web-router." + ZONE, "TXT", 3600, "seq=1");
    await(provider.write(new RecordWrite(List.of(ROUTER_CDN2, fence), List.of())));
    assertThat(desec.requests().stream().filter(r -> r.method().equals("PATCH")))
        .singleElement()
        .satisfies(r -> assertThat(r.path()).isEqualTo("/api/v1/domains/example.test/rrsets/"));

    RecordSet apexCname = RecordSet.of(ZONE, "CNAME", 3600, "cf-front.example.test.");
    RecordSet fence2 = RecordSet.of(fence.key().name(), "TXT", 3600, "seq=2");
    Throwable e = failure(provider.write(new RecordWrite(List.of(fence2, apexCname), List.of())));
    assertThat(e)
        .isInstanceOf(ProviderException.Rejected.class)
        .hasMessageContaining("conflicting type present");
    assertThat(desec.observe(fence.key()).orElseThrow().values()).containsExactly("seq=1");
  }

  @Test
  void throttlingIsRateLimitedAfterTheServersRetryAfter() {
    desec.limitWrites(1, Duration.ofMinutes(1));
    await(provider.write(RecordWrite.of(ROUTER_CDN2)));

    Throwable e = failure(provider.write(RecordWrite.of(ROUTER_CDN2)));
    assertThat(e).isInstanceOf(ProviderException.RateLimited.class);
    assertThat(((ProviderException.RateLimited) e).retryAfter())
        .isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60));
    assertThat(((ProviderException) e).retryable()).isTrue();

    desec.failNext(1, Fault.RATE_LIMITED);
    Throwable injected = failure(provider.read(ROUTER));
    assertThat(((ProviderException.RateLimited) injected).retryAfter())
        .isEqualTo(Duration.ofSeconds(42));
  }

  @Test
  void serverErrorsAndHangsAreUnavailableWithinTheTimeout() {
    await(provider.read(ROUTER));
    desec.failNext(1, Fault.SERVER_ERROR);
    assertThat(failure(provider.read(ROUTER)))
        .isInstanceOf(ProviderException.Unavailable.class)
        .hasMessageContaining("HTTP 500");

    try (DesecProvider quick = provider(Duration.ofMillis(300), TOKEN)) {
      desec.failNext(1, Fault.HANG);
      long start = System.nanoTime();
      assertThat(failure(quick.read(ROUTER)))
          .isInstanceOf(ProviderException.Unavailable.class)
          .hasMessageContaining("300 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void aDomainOutsideTheAccountIsRejected() {
    try (DesecProvider other =
        new DesecProvider(
            new DesecConfig(
                "desec",
                desec.address().resolve("/api/v1"),
                "other.test.",
                Secret.of(TOKEN, "test"),
                Duration.ofSeconds(5)))) {
      assertThat(failure(other.read(RecordKey.of("www.other.test.", "A"))))
          .isInstanceOf(ProviderException.Rejected.class)
          .hasMessageContaining("Not found.");
    }
  }

  @Test
  void theTokenAppearsInNoMessageAndNoLogLine() {
    try (LogCapture logs = new LogCapture();
        DesecProvider wrong = provider(Duration.ofSeconds(5), "wrong-token")) {
      Throwable auth = failure(wrong.read(ROUTER));
      assertThat(auth)
          .isInstanceOf(ProviderException.AuthFailed.class)
          .hasMessageContaining("Invalid token.");
      desec.failNext(1, Fault.SERVER_ERROR);
      Throwable down = failure(provider.write(RecordWrite.of(ROUTER_CDN2)));
      Throwable rejected =
          failure(
              provider.write(RecordWrite.of(RecordSet.of(ZONE, "CNAME", 3600, "x.example.test."))));

      for (Throwable t : List.of(auth, down, rejected)) {
        assertThat(t.getMessage()).doesNotContain(TOKEN).doesNotContain("wrong-token");
        assertThat(t.toString()).doesNotContain(TOKEN);
      }
      assertThat(logs.size()).isPositive();
      assertThat(logs.text()).doesNotContain(TOKEN).doesNotContain("wrong-token");
      assertThat(provider.toString() + provider.limits()).doesNotContain(TOKEN);
      assertThat(
              new DesecConfig(
                      "d",
                      DesecConfig.DEFAULT_BASE_URL,
                      ZONE,
                      Secret.of(TOKEN, "env"),
                      Duration.ofSeconds(1))
                  .toString())
          .doesNotContain(TOKEN);
    }
  }
}
