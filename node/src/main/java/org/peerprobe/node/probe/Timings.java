package org.peerprobe.node.probe;

import java.util.OptionalLong;
import org.peerprobe.consensus.model.PhaseTimings;

/**
 * The instants of one attempt, from the injected monotonic clock, turned into consecutive phase
 * durations in microseconds: DNS (start → resolved), connect (→ TCP established), TLS (→ handshake
 * done), first byte (→ first response byte, so it includes sending the request) and total (start →
 * outcome). A phase appears only when it completed. Not thread-safe (one event loop).
 */
final class Timings {
  private static final long UNSET = Long.MIN_VALUE;

  private final ProbeClock clock;
  private long start = UNSET;
  private long dns = UNSET;
  private long connect = UNSET;
  private long tls = UNSET;
  private long firstByte = UNSET;

  Timings(ProbeClock clock) {
    this.clock = clock;
  }

  void start() {
    start = clock.nanoTime();
  }

  void dnsDone() {
    dns = clock.nanoTime();
  }

  void connectDone() {
    connect = clock.nanoTime();
  }

  void tlsDone() {
    tls = clock.nanoTime();
  }

  void firstByte() {
    firstByte = clock.nanoTime();
  }

  /** The phases so far, with the total up to now. */
  PhaseTimings snapshot() {
    long now = clock.nanoTime();
    long beforeFirstByte = tls != UNSET ? tls : connect;
    return new PhaseTimings(
        between(start, dns),
        between(dns, connect),
        between(connect, tls),
        between(beforeFirstByte, firstByte),
        between(start, now));
  }

  private static OptionalLong between(long from, long to) {
    if (from == UNSET || to == UNSET) {
      return OptionalLong.empty();
    }
    long us = Math.max(0, (to - from) / 1000);
    return OptionalLong.of(Math.min(us, PhaseTimings.MAX_PHASE_US));
  }
}
