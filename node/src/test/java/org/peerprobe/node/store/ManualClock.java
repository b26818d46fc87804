package org.peerprobe.node.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A clock that moves only when a test says so. */
final class ManualClock implements LongSupplier {
  private final AtomicLong nowMs;

  ManualClock(long startMs) {
    this.nowMs = new AtomicLong(startMs);
  }

  @Override
  public long getAsLong() {
    return nowMs.get();
  }

  void advance(Duration d) {
    nowMs.addAndGet(d.toMillis());
  }
}
