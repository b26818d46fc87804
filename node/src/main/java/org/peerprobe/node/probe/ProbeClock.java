package org.peerprobe.node.probe;

/**
 * The prober's two clocks: a monotonic one for phase timings and the wall clock for {@code
 * observedAtMs} and the round budget. Injected so tests can pin the wall clock; implementations
 * must be thread-safe (they are read from event loops).
 */
public interface ProbeClock {
  /** Monotonic nanoseconds, for durations only ({@link System#nanoTime()} in production). */
  long nanoTime();

  /** Wall-clock epoch milliseconds ({@link System#currentTimeMillis()} in production). */
  long epochMillis();

  /** The system clocks. */
  static ProbeClock system() {
    return SystemClock.INSTANCE;
  }

  /** The system clocks, as a singleton. */
  enum SystemClock implements ProbeClock {
    INSTANCE;

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public long epochMillis() {
      return System.currentTimeMillis();
    }
  }
}
