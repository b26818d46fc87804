package org.peerprobe.p2p.core;

import java.time.Duration;

/**
 * Time and task execution for one single-threaded component (a connection, the gossip router). All
 * tasks run on the same thread, one at a time, so the component's state has one writer. Production
 * uses {@link EventLoopScheduler}; tests use a virtual-time implementation that runs due tasks when
 * time is advanced.
 */
public interface Scheduler {
  /** Milliseconds on this scheduler's clock (wall clock in production, virtual in tests). */
  long nowMillis();

  /**
   * A nanosecond timestamp for measuring short intervals, such as a loopback ping's sub-millisecond
   * round trip; only differences are meaningful. The default scales {@link #nowMillis()}, which
   * suits virtual time; production uses {@link System#nanoTime()}.
   */
  default long nowNanos() {
    return nowMillis() * 1_000_000L;
  }

  /** Runs {@code task} on this scheduler's thread as soon as possible. */
  void execute(Runnable task);

  /** Runs {@code task} on this scheduler's thread after {@code delay}. */
  Cancellable schedule(Duration delay, Runnable task);

  /** True when called from this scheduler's thread. */
  boolean inThread();

  /** A scheduled task that can be cancelled. */
  interface Cancellable {
    void cancel();
  }
}
