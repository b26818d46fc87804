package org.peerprobe.p2p.host;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with full jitter for redialing a peer: the n-th retry waits a uniformly
 * random time in {@code [base·2^(n-1)/2, base·2^(n-1)]}, capped at {@code max}. Randomness is
 * injected so simulations are reproducible. Stateless; thread-safe if {@code random} is.
 */
public record Backoff(Duration base, Duration max, Random random) {
  public static final Duration DEFAULT_BASE = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX = Duration.ofMinutes(5);

  public Backoff {
    if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= max");
    }
  }

  /** The delay before retry number {@code attempt} (1 = first retry). */
  public Duration delay(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt starts at 1");
    }
    long ceiling = base.toMillis();
    for (int i = 1; i < attempt && ceiling < max.toMillis(); i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, max.toMillis());
    long floor = ceiling / 2;
    return Duration.ofMillis(floor + (long) (random.nextDouble() * (ceiling - floor + 1)));
  }
}
