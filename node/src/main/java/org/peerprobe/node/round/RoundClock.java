package org.peerprobe.node.round;

import java.time.Duration;
import java.util.Random;
import java.util.function.LongSupplier;
import org.peerprobe.consensus.quorum.RoundWindow;

/**
 * Round arithmetic on an injected wall clock: round {@code r} spans {@code [r·interval,
 * (r+1)·interval)} in Unix milliseconds. Each node probes at its own offset inside the round, drawn
 * once from an injected {@link Random}, so observers do not all hit a front in the same
 * millisecond. Immutable.
 */
public final class RoundClock {
  /** Part of the round, at its end, kept free of probing so reports can spread before it closes. */
  public static final double DEFAULT_PROBE_SPREAD = 0.5;

  private final long intervalMs;
  private final long offsetMs;
  private final LongSupplier nowMillis;

  public RoundClock(Duration interval, LongSupplier nowMillis, Random random) {
    this(
        interval,
        nowMillis,
        (long) (random.nextDouble() * interval.toMillis() * DEFAULT_PROBE_SPREAD));
  }

  public RoundClock(Duration interval, LongSupplier nowMillis, long offsetMs) {
    if (interval.toMillis() < 1) {
      throw new IllegalArgumentException("round interval must be at least 1 ms");
    }
    if (offsetMs < 0 || offsetMs >= interval.toMillis()) {
      throw new IllegalArgumentException("probe offset must lie inside the round");
    }
    this.intervalMs = interval.toMillis();
    this.offsetMs = offsetMs;
    this.nowMillis = nowMillis;
  }

  public long intervalMs() {
    return intervalMs;
  }

  /** This node's probe offset inside each round. */
  public long offsetMs() {
    return offsetMs;
  }

  public long nowMillis() {
    return nowMillis.getAsLong();
  }

  /** floor(now / interval). */
  public long currentRound() {
    return Math.floorDiv(nowMillis(), intervalMs);
  }

  public long roundStartMillis(long round) {
    return round * intervalMs;
  }

  /** When this node probes in {@code round}. */
  public long probeTimeMillis(long round) {
    return roundStartMillis(round) + offsetMs;
  }

  /** The next round whose probe time is still ahead (or now). */
  public long nextProbeRound() {
    long now = nowMillis();
    long r = Math.floorDiv(now, intervalMs);
    return probeTimeMillis(r) >= now ? r : r + 1;
  }

  /** Milliseconds from now until this node's probe in {@code round} (0 if past). */
  public long millisUntilProbe(long round) {
    return Math.max(0, probeTimeMillis(round) - nowMillis());
  }

  /** Reports are accepted for current−1 … current+1 (clock skew of up to one interval). */
  public RoundWindow acceptedWindow() {
    return RoundWindow.around(currentRound());
  }
}
