package org.peerprobe.node.demo;

import java.time.Duration;

/**
 * Settings of {@code peerprobe demo}. Immutable; validated on construction, naming the option.
 *
 * @param observers number of observer nodes
 * @param networks simulated networks (ASNs) the observers are spread over, round-robin
 * @param interval round interval
 * @param liars observers that always report every front DOWN
 * @param brokenNetwork when true, the first network's observers see every front as down
 * @param failAt when the primary front breaks (from start)
 * @param restoreAt when it is healed
 * @param duration when the demo ends
 * @param json one JSON event per line instead of the human view
 * @param seed seed of the node keys and probe offsets
 */
public record DemoOptions(
    int observers,
    int networks,
    Duration interval,
    int liars,
    boolean brokenNetwork,
    Duration failAt,
    Duration restoreAt,
    Duration duration,
    boolean json,
    long seed) {
  public static final int DEFAULT_OBSERVERS = 7;
  public static final int DEFAULT_NETWORKS = 3;
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
  public static final Duration DEFAULT_FAIL_AT = Duration.ofSeconds(12);
  public static final Duration DEFAULT_RESTORE_AT = Duration.ofSeconds(32);
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(56);
  public static final long DEFAULT_SEED = 2025_11_18L;

  /** Most observers one demo process runs. */
  public static final int MAX_OBSERVERS = 64;

  public DemoOptions {
    if (observers < 3 || observers > MAX_OBSERVERS) {
      throw new IllegalArgumentException("--observers must be 3.." + MAX_OBSERVERS);
    }
    if (networks < 2 || networks > observers) {
      throw new IllegalArgumentException("--networks must be 2..observers (" + observers + ")");
    }
    if (interval.toMillis() < 500 || interval.toMillis() > 60_000) {
      throw new IllegalArgumentException("--interval must be 500ms..60s");
    }
    if (liars < 0 || liars >= observers) {
      throw new IllegalArgumentException("--liars must be 0.." + (observers - 1));
    }
    if (failAt.isNegative() || restoreAt.compareTo(failAt) <= 0) {
      throw new IllegalArgumentException("--restore-at must come after --fail-at");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("--duration must be positive");
    }
  }

  public static DemoOptions defaults() {
    return new DemoOptions(
        DEFAULT_OBSERVERS,
        DEFAULT_NETWORKS,
        DEFAULT_INTERVAL,
        0,
        false,
        DEFAULT_FAIL_AT,
        DEFAULT_RESTORE_AT,
        DEFAULT_DURATION,
        false,
        DEFAULT_SEED);
  }

  /** f = ⌊(n−1)/3⌋: the liars the default quorum policy tolerates. */
  public int toleratedLiars() {
    return (observers - 1) / 3;
  }
}
