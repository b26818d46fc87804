package org.peerprobe.node.probe;

import java.time.Duration;

/**
 * How long each phase of one probe attempt may take. A phase that exceeds its timeout fails the
 * attempt with {@link org.peerprobe.consensus.model.FailureClass#TIMEOUT}; {@code total} bounds the
 * whole attempt (DNS to the end of the response), whatever the phases add up to.
 *
 * @param dns resolving the hostname
 * @param connect opening the TCP connection
 * @param tls the TLS handshake (https only)
 * @param firstByte from sending the request to the first response byte
 * @param total the whole attempt; at least every single phase timeout
 */
public record PhaseTimeouts(
    Duration dns, Duration connect, Duration tls, Duration firstByte, Duration total) {

  public static final Duration DEFAULT_DNS = Duration.ofSeconds(2);
  public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(3);
  public static final Duration DEFAULT_TLS = Duration.ofSeconds(3);
  public static final Duration DEFAULT_FIRST_BYTE = Duration.ofSeconds(5);
  public static final Duration DEFAULT_TOTAL = Duration.ofSeconds(10);

  /** Shortest timeout accepted (tests use a few hundred milliseconds). */
  public static final Duration MIN_TIMEOUT = Duration.ofMillis(10);

  /** Longest timeout accepted: one attempt must fit well inside a round. */
  public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

  public static final PhaseTimeouts DEFAULT =
      new PhaseTimeouts(
          DEFAULT_DNS, DEFAULT_CONNECT, DEFAULT_TLS, DEFAULT_FIRST_BYTE, DEFAULT_TOTAL);

  public PhaseTimeouts {
    check(dns, "dns");
    check(connect, "connect");
    check(tls, "tls");
    check(firstByte, "firstByte");
    check(total, "total");
    for (Duration phase : new Duration[] {dns, connect, tls, firstByte}) {
      if (phase.compareTo(total) > 0) {
        throw new ProbeConfigException(
            "a phase timeout (" + phase + ") exceeds the total timeout " + total);
      }
    }
  }

  /** The timeout of one phase; {@link Phase#RESPONSE} is bounded by {@code total} only. */
  public Duration of(Phase phase) {
    return switch (phase) {
      case DNS -> dns;
      case CONNECT -> connect;
      case TLS -> tls;
      case FIRST_BYTE -> firstByte;
      case RESPONSE, TOTAL -> total;
    };
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these timeouts. */
  public Builder toBuilder() {
    return builder().dns(dns).connect(connect).tls(tls).firstByte(firstByte).total(total);
  }

  /** Every phase (and the total) set to {@code each}: handy for tests. */
  public static PhaseTimeouts uniform(Duration each) {
    return new PhaseTimeouts(each, each, each, each, each);
  }

  private static void check(Duration d, String what) {
    if (d == null) {
      throw new ProbeConfigException(what + " timeout is required");
    }
    if (d.compareTo(MIN_TIMEOUT) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
      throw new ProbeConfigException(
          what + " timeout must be " + MIN_TIMEOUT + ".." + MAX_TIMEOUT + ", was " + d);
    }
  }

  /** Builder starting from the {@code DEFAULT_*} values. */
  public static final class Builder {
    private Duration dns = DEFAULT_DNS;
    private Duration connect = DEFAULT_CONNECT;
    private Duration tls = DEFAULT_TLS;
    private Duration firstByte = DEFAULT_FIRST_BYTE;
    private Duration total = DEFAULT_TOTAL;

    private Builder() {}

    public Builder dns(Duration v) {
      dns = v;
      return this;
    }

    public Builder connect(Duration v) {
      connect = v;
      return this;
    }

    public Builder tls(Duration v) {
      tls = v;
      return this;
    }

    public Builder firstByte(Duration v) {
      firstByte = v;
      return this;
    }

    public Builder total(Duration v) {
      total = v;
      return this;
    }

    public PhaseTimeouts build() {
      return new PhaseTimeouts(dns, connect, tls, firstByte, total);
    }
  }
}
