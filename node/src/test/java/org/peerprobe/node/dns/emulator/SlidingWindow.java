package org.peerprobe.node.dns.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * A sliding-window rate limit ("{@code limit} per {@code window}"), as deSEC documents its
 * throttling: a request is admitted while fewer than {@code limit} admitted requests are younger
 * than {@code window}; otherwise the wait is until the oldest of them ages out. Not thread-safe
 * (callers hold the emulator's lock).
 */
final class SlidingWindow {
  private final int limit;
  private final Duration window;
  private final ArrayDeque<Instant> admitted = new ArrayDeque<>();

  SlidingWindow(int limit, Duration window) {
    this.limit = limit;
    this.window = window;
  }

  /** How long to wait before a request would be admitted now (zero: admit). */
  Duration waitAt(Instant now) {
    while (!admitted.isEmpty() && !admitted.peekFirst().plus(window).isAfter(now)) {
      admitted.pollFirst();
    }
    return admitted.size() < limit
        ? Duration.ZERO
        : Duration.between(now, admitted.peekFirst().plus(window));
  }

  void admit(Instant now) {
    admitted.addLast(now);
  }
}
