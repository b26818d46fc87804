package org.peerprobe.node.store;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Awaits a condition with a deadline: re-checks it every few milliseconds and fails with {@code
 * description} when the deadline passes. A test never waits longer than the condition needs.
 */
final class Await {
  /** Pause between checks; short enough not to slow tests, long enough not to hog a core. */
  static final Duration POLL = Duration.ofMillis(5);

  private Await() {}

  static void until(Duration timeout, BooleanSupplier condition, String description) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + description);
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }
}
