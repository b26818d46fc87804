package org.peerprobe.node.dns.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The {@code Retry-After} header (RFC 9110 section 10.2.3): either a number of seconds or an
 * HTTP-date. Values are clamped to {@code [0, MAX]} so that a hostile or broken header cannot park
 * the signer for days.
 */
public final class RetryAfter {
  /** Longest wait a header may ask for; beyond it the wait is clamped. */
  public static final Duration MAX = Duration.ofHours(24);

  /** Longest header value parsed. */
  public static final int MAX_HEADER_CHARS = 64;

  private RetryAfter() {}

  /**
   * The wait the header asks for, measured from {@code now} for an HTTP-date; empty when the header
   * is missing or unreadable.
   */
  public static Optional<Duration> parse(Optional<String> header, Instant now) {
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String v = header.get().trim();
    if (v.isEmpty() || v.length() > MAX_HEADER_CHARS) {
      return Optional.empty();
    }
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // Up to 64 digits: compare as text length first so huge values clamp instead of overflowing.
      if (v.length() > 9) {
        return Optional.of(MAX);
      }
      return Optional.of(clamp(Duration.ofSeconds(Long.parseLong(v))));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(clamp(Duration.between(now, at)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Duration clamp(Duration d) {
    if (d.isNegative()) {
      return Duration.ZERO;
    }
    return d.compareTo(MAX) > 0 ? MAX : d;
  }
}
