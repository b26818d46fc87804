package org.peerprobe.node.dns.powerdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.dns.DnsProviderContract.INITIAL_RECORDS;
import static org.peerprobe.node.dns.DnsProviderContract.ZONE;
import static org.peerprobe.node.dns.http.Futures.await;
import static org.peerprobe.node.dns.http.Futures.failure;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.node.dns.ProviderException;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.RecordWrite;
import org.peerprobe.node.dns.Secret;
import org.peerprobe.node.dns.http.LogCapture;

/** PowerDNS specifics against a real {@code pdns_server}, observed over DNS. */
class PowerDnsProviderTest {
  static final RecordKey FENCE = RecordKey.of("_peerprobe.web-router." + ZONE, "TXT");
  private static PowerDnsServer server;
  PowerDnsProvider provider;

  @BeforeAll
  static void startServer() throws IOException {
    server = PowerDnsServer.start(ZONE, INITIAL_RECORDS);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void reset() throws IOException {
    server.reset(ZONE, INITIAL_RECORDS);
    provider = provider(PowerDnsServer.API_KEY);
  }

  @AfterEach
  void close() {
    provider.close();
  }

  static PowerDnsProvider provider(String key) {
    return new PowerDnsProvider(
        new PowerDnsConfig(
            "pdns",
            server.apiUrl(),
            PowerDnsConfig.DEFAULT_SERVER_ID,
            ZONE,
            Secret.of(key, "test"),
            Duration.ofSeconds(5)));
  }

  @Test
  void txtValuesWithBackslashesQuotesLengthAndNonAsciiReachDnsIntact() {
    List<String> values = List.of("a\\b \"c\" d", "x".repeat(300), "gr\u00fc\u00df");
    RecordSet txt = new RecordSet(FENCE, 60, values);
    await(provider.write(RecordWrite.of(txt)));

    assertThat(server.observe(FENCE).orElseThrow().values())
        .containsExactlyInAnyOrderElementsOf(values);
    assertThat(await(provider.read(FENCE)).orElseThrow().values())
        .containsExactlyInAnyOrderElementsOf(values);
  }

  @Test
  void aMultiValueRrsetAndItsTtlAreReplacedWhole() {
    RecordKey pool = RecordKey.of("cf-front." + ZONE, "A");
    await(
        provider.write(
            RecordWrite.of(new RecordSet(pool, 120, List.of("127.0.0.21", "127.0.0.22")))));
    RecordSet seen = server.observe(pool).orElseThrow();
    assertThat(seen.values()).containsExactlyInAnyOrder("127.0.0.21", "127.0.0.22");
    assertThat(seen.ttl()).isEqualTo(120);
  }

  @Test
  void powerDnsRefusalsAreRejectedWithItsErrorText() {
    Throwable apex =
        failure(
            provider.write(
                RecordWrite.of(RecordSet.of(ZONE, "CNAME", 60, "cf-front.example.test."))));
    assertThat(apex)
        .isInstanceOf(ProviderException.Rejected.class)
        .hasMessageContaining("HTTP 422")
        .hasMessageContaining("Conflicts with pre-existing RRset");
    Throwable outside = failure(provider.read(RecordKey.of("www.other.test.", "A")));
    assertThat(outside)
        .isInstanceOf(ProviderException.Rejected.class)
        .hasMessageContaining("not in zone");
  }

  @Test
  void aWrongKeyIsAuthFailedAndTheKeyIsInNoMessageOrLogLine() {
    try (LogCapture logs = new LogCapture();
        PowerDnsProvider wrong = provider("not-the-key")) {
      Throwable e =
          failure(wrong.write(RecordWrite.of(RecordSet.of(FENCE.name(), "TXT", 60, "x"))));
      assertThat(e)
          .isInstanceOf(ProviderException.AuthFailed.class)
          .hasMessageContaining("HTTP 401");
      await(provider.read(FENCE));
      assertThat(e.toString() + logs.text() + provider + wrong)
          .doesNotContain(PowerDnsServer.API_KEY)
          .doesNotContain("not-the-key");
      assertThat(logs.size()).isPositive();
    }
    assertThat(server.observe(FENCE)).isEmpty();
  }
}
