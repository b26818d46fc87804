package org.peerprobe.node.service;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.peerprobe.p2p.core.Scheduler;
import org.slf4j.Logger;

/** Runs a task on a single-writer scheduler and hands its result back as a future. */
final class OnScheduler {
  private OnScheduler() {}

  /**
   * Runs {@code task} on {@code scheduler}; a task that throws fails the future and is logged to
   * {@code log} (it is our bug, not the caller's).
   */
  static <T> CompletableFuture<T> call(Scheduler scheduler, Logger log, Supplier<T> task) {
    CompletableFuture<T> f = new CompletableFuture<>();
    scheduler.execute(
        () -> {
          try {
            f.complete(task.get());
          } catch (RuntimeException e) {
            log.warn("task on the node's thread failed", e);
            f.completeExceptionally(e);
          }
        });
    return f;
  }

  /** {@link #call} for a task without a result. */
  static CompletableFuture<Void> run(Scheduler scheduler, Logger log, Runnable task) {
    return call(
        scheduler,
        log,
        () -> {
          task.run();
          return null;
        });
  }
}
