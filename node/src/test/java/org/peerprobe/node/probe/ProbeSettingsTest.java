package org.peerprobe.node.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link FrontSpec}, {@link PhaseTimeouts} and {@link ProbeConfig}: defaults and validation. */
class ProbeSettingsTest {
  private static FrontSpec.Builder cf() {
    return FrontSpec.builder("cf-front")
        .hostname("cf-front.example.de")
        .url("https://cf-front.example.de/health");
  }

  @Test
  void frontDefaults() {
    FrontSpec f = cf().build();

    assertThat(f.attempts()).isEqualTo(3);
    assertThat(f.timeouts()).isEqualTo(PhaseTimeouts.DEFAULT);
    assertThat(f.expectedStatuses())
        .contains(200, 204, 299, 301, 302, 307, 308)
        .doesNotContain(199, 300, 304, 404, 500, 503);
    assertThat(f.bodyContains()).isEmpty();
    assertThat(f.tls()).isTrue();
    assertThat(f.port()).isEqualTo(443);
    assertThat(f.hostHeader()).isEqualTo("cf-front.example.de");
    assertThat(f.requestTarget()).isEqualTo("/health");
  }

  @Test
  void frontDerivedRequestParts() {
    FrontSpec f = cf().url("http://CF-Front.example.de:8080?probe=1").build();

    assertThat(f.tls()).isFalse();
    assertThat(f.port()).isEqualTo(8080);
    assertThat(f.hostHeader()).isEqualTo("cf-front.example.de:8080");
    assertThat(f.requestTarget()).isEqualTo("/?probe=1");
    assertThat(cf().url("http://cf-front.example.de:80/").build().hostHeader())
        .isEqualTo("cf-front.example.de");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://cf-front.example.de/",
        "https://router.example.de/health",
        "https://user@cf-front.example.de/",
        "https://cf-front.example.de/#top",
        "https://cf-front.example.de:0/",
        "https://cf-front.example.de:70000/",
        "cf-front.example.de/health",
        "https://cf front.example.de/",
      })
  void badUrlsAreRefused(String url) {
    assertThatThrownBy(() -> cf().url(url).build()).isInstanceOf(ProbeConfigException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.1",
        "CF-FRONT.example.de",
        "-cf.example.de",
        "cf..example.de",
        "cf_front.example.de",
        ""
      })
  void badHostnamesAreRefused(String hostname) {
    assertThatThrownBy(() -> cf().hostname(hostname).url("https://" + hostname + "/").build())
        .isInstanceOf(ProbeConfigException.class);
  }

  @Test
  void otherFrontFieldsAreValidated() {
    List<UnaryOperator<FrontSpec.Builder>> bad =
        List.of(
            b -> FrontSpec.builder("Bad Id").hostname("a.de").url("https://a.de/"),
            b -> b.hostname(null),
            b -> b.url(null),
            b -> b.attempts(0),
            b -> b.attempts(FrontSpec.MAX_ATTEMPTS + 1),
            b -> b.expectedStatuses(List.of()),
            b -> b.expectedStatuses(List.of(99)),
            b -> b.expectedStatuses(List.of(600)),
            b -> b.bodyContains(""),
            b -> b.bodyContains("x".repeat(FrontSpec.MAX_BODY_SUBSTRING_CHARS + 1)),
            b -> b.timeouts(null));
    for (UnaryOperator<FrontSpec.Builder> change : bad) {
      assertThatThrownBy(() -> change.apply(cf()).build()).isInstanceOf(ProbeConfigException.class);
    }
  }

  @Test
  void timeoutsAreBoundedAndNoPhaseExceedsTheTotal() {
    assertThat(PhaseTimeouts.DEFAULT.total()).isEqualTo(Duration.ofSeconds(10));
    assertThatThrownBy(() -> PhaseTimeouts.builder().tls(Duration.ofSeconds(11)).build())
        .isInstanceOf(ProbeConfigException.class)
        .hasMessageContaining("exceeds the total");
    assertThatThrownBy(() -> PhaseTimeouts.uniform(Duration.ofMillis(1)))
        .isInstanceOf(ProbeConfigException.class);
    assertThatThrownBy(() -> PhaseTimeouts.uniform(Duration.ofMinutes(2)))
        .isInstanceOf(ProbeConfigException.class);
    assertThat(PhaseTimeouts.DEFAULT.toBuilder().build()).isEqualTo(PhaseTimeouts.DEFAULT);
  }

  @Test
  void probeConfigDefaults() {
    ProbeConfig c = ProbeConfig.DEFAULT;

    assertThat(c.allowPrivateAddresses()).isFalse();
    assertThat(c.resolvers()).isEmpty();
    assertThat(c.userAgent()).isEqualTo("peerprobe/0.1.0");
    assertThat(c.maxBodyBytes()).isEqualTo(64 * 1024);
    assertThat(ProbeConfig.forLocalFronts().allowPrivateAddresses()).isTrue();
  }

  @Test
  void probeConfigIsValidated() {
    assertThatThrownBy(() -> ProbeConfig.builder().userAgent("bad\nagent").build())
        .isInstanceOf(ProbeConfigException.class);
    assertThatThrownBy(() -> ProbeConfig.builder().maxBodyBytes(10).build())
        .isInstanceOf(ProbeConfigException.class);
    assertThatThrownBy(() -> ProbeConfig.builder().roundBudget(Duration.ofHours(1)).build())
        .isInstanceOf(ProbeConfigException.class);
    assertThatThrownBy(
            () ->
                ProbeConfig.builder()
                    .resolver(InetSocketAddress.createUnresolved("dns.example", 53))
                    .build())
        .isInstanceOf(ProbeConfigException.class);
    ProbeConfig.Builder many = ProbeConfig.builder();
    for (int i = 0; i <= ProbeConfig.MAX_RESOLVERS; i++) {
      many.resolver(new InetSocketAddress("192.0.2.1", 53 + i));
    }
    assertThatThrownBy(many::build).isInstanceOf(ProbeConfigException.class);
  }
}
