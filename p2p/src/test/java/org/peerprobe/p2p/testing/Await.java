package org.peerprobe.p2p.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Awaits a condition with a deadline (like Awaitility): re-checks it every few milliseconds and
 * fails with {@code description} when the deadline passes. The test never waits longer than the
 * condition needs.
 */
public final class Await {
  /** Pause between checks; short enough not to slow tests, long enough not to hog a core. */
  public static final Duration POLL = Duration.ofMillis(5);

  private Await() {}

  public static void until(Duration timeout, BooleanSupplier condition, String description) {
    if (!within(timeout, condition)) {
      throw new AssertionError("not within " + timeout + ": " + description);
    }
  }

  /**
   * Like {@link #until} but returns whether the condition held by the deadline, for tests that
   * tolerate a shortfall and measure it (e.g. a delivery ratio).
   */
  public static boolean within(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    return true;
  }
}
