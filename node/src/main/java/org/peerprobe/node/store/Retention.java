package org.peerprobe.node.store;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Store#pruneExpired()} every {@code period} on an injected scheduler. The scheduler
 * thread only submits: the pruning itself runs on the store's writer, in batches.
 */
public final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  /** How often retention runs: rows live at most this much longer than the retention. */
  public static final Duration DEFAULT_PERIOD = Duration.ofHours(1);

  private Retention() {}

  /** Schedules retention; cancel the returned future to stop it. */
  public static ScheduledFuture<?> schedule(
      Store store, ScheduledExecutorService scheduler, Duration period) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
    return scheduler.scheduleWithFixedDelay(
        () -> runOnce(store), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  static void runOnce(Store store) {
    store
        .pruneExpired()
        .whenComplete(
            (result, error) -> {
              if (error != null) {
                LOG.warn("retention failed, retried next period: {}", error.toString());
              } else if (result.total() > 0) {
                LOG.info("retention pruned {}", result);
              }
            });
  }
}
