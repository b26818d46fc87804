package org.peerprobe.node.dns.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");

  static Optional<Duration> parse(String v) {
    return RetryAfter.parse(Optional.ofNullable(v), NOW);
  }

  @Test
  void secondsAndHttpDates() {
    assertThat(parse("42")).contains(Duration.ofSeconds(42));
    assertThat(parse(" 0 ")).contains(Duration.ZERO);
    assertThat(parse("Sat, 21 Nov 2026 08:05:00 GMT")).contains(Duration.ofMinutes(5));
  }

  @Test
  void aDateInThePastIsNoWaitAndHugeValuesAreClamped() {
    assertThat(parse("Sat, 21 Nov 2026 07:00:00 GMT")).contains(Duration.ZERO);
    assertThat(parse("999999999999")).contains(RetryAfter.MAX);
    assertThat(parse("100000000")).contains(RetryAfter.MAX);
  }

  @Test
  void missingOrUnreadableIsEmpty() {
    assertThat(parse(null)).isEmpty();
    assertThat(parse("")).isEmpty();
    assertThat(parse("-5")).isEmpty();
    assertThat(parse("soon")).isEmpty();
    assertThat(parse("1".repeat(RetryAfter.MAX_HEADER_CHARS + 1))).isEmpty();
  }
}
