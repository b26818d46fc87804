package org.peerprobe.node.dns.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peerprobe.node.dns.ProviderCalls.failure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.peerprobe.node.dns.ProviderException;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.RecordWrite;
import org.peerprobe.node.dns.Secret;

/** The provider and its config without a server: timeouts, validation, descriptions. */
class Rfc2136ProviderTest {
  static final String SECRET = "R/jRFI/dALyVQ4kuFLOLpRASQpFJMhc8JoB1pxpUM38=";
  static final Duration TIMEOUT = Duration.ofMillis(300);

  /** Slack over the timeout for scheduling on a loaded machine; a bound, not a measurement. */
  static final Duration SLACK = Duration.ofSeconds(3);

  static Rfc2136Config.Builder config(String server) {
    return Rfc2136Config.builder()
        .id("rfc2136")
        .server(server)
        .zone("Example.Test")
        .key("ci-key", Secret.of(SECRET, "test"))
        .timeout(TIMEOUT);
  }

  @Test
  void aServerThatNeverAnswersIsUnavailableWithinTheTimeout() throws IOException {
    // The kernel completes the TCP handshake into the backlog; nobody ever reads or answers.
    try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Rfc2136Provider p =
            Rfc2136Provider.open(config("127.0.0.1:" + silent.getLocalPort()).build())) {
      long start = System.nanoTime();
      Throwable read = failure(p.read(RecordKey.of("web-router.example.test.", "CNAME")));
      Throwable write =
          failure(p.write(RecordWrite.of(RecordSet.of("a.example.test.", "A", 60, "127.0.0.1"))));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(read)
          .isInstanceOf(ProviderException.Unavailable.class)
          .hasMessageContaining("300 ms");
      assertThat(write).isInstanceOf(ProviderException.Unavailable.class);
      assertThat(took).isLessThan(TIMEOUT.multipliedBy(2).plus(SLACK));
    }
  }

  @Test
  void theConfigNormalisesNamesAndAppliesDefaults() {
    Rfc2136Config c =
        Rfc2136Config.builder()
            .id("bind")
            .server("ns1.example.test")
            .zone("Example.Test")
            .key("CI-Key", Secret.of(SECRET, "test"))
            .build();

    assertThat(c.zone()).isEqualTo("example.test.");
    assertThat(c.keyName()).isEqualTo("ci-key.");
    assertThat(c.server().port()).isEqualTo(Rfc2136Config.DEFAULT_PORT);
    assertThat(c.algorithm()).isEqualTo(TsigAlgorithm.HMAC_SHA256);
    assertThat(c.timeout()).isEqualTo(Rfc2136Config.DEFAULT_TIMEOUT);
    assertThat(c.tcp()).isTrue();
    assertThat(c.toString()).contains("***(test)").doesNotContain(SECRET);
  }

  @Test
  void invalidSettingsAreRefusedNamingTheSetting() {
    assertThatThrownBy(() -> config("127.0.0.1:53").timeout(Duration.ZERO).build())
        .hasMessageContaining("timeout");
    assertThatThrownBy(
            () -> config("127.0.0.1:53").key("k", Secret.of("c2hvcnQ=", "env K")).build())
        .hasMessageContaining("shorter than 16 bytes")
        .hasMessageContaining("env K");
    assertThatThrownBy(() -> config("127.0.0.1:53").zone(null).build())
        .hasMessageContaining("zone");
    assertThatThrownBy(() -> config("127.0.0.1:0").build()).hasMessageContaining("port");
    assertThatThrownBy(() -> TsigAlgorithm.parse("hmac-md5")).hasMessageContaining("hmac-sha256");
    assertThat(TsigAlgorithm.parse("HMAC-SHA512")).isEqualTo(TsigAlgorithm.HMAC_SHA512);
  }

  @Test
  void aClosedProviderFailsEveryCall() {
    Rfc2136Provider p = Rfc2136Provider.open(config("127.0.0.1:53").build());
    p.close();
    p.close();

    assertThat(failure(p.read(RecordKey.of("example.test.", "NS"))))
        .isInstanceOf(IllegalStateException.class);
  }
}
