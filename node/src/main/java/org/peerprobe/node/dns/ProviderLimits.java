package org.peerprobe.node.dns;

import java.time.Duration;
import java.util.Optional;

/**
 * What a provider accepts and how often, so that zone plans fail before any write and the signer
 * paces its retries.
 *
 * @param minimumTtl the smallest TTL the provider accepts (deSEC: the domain's {@code minimum_ttl})
 * @param maximumTtl the largest
 * @param atomicPreconditions true when {@link Precondition}s are checked atomically with the write
 * @param writesPerMinute the write budget per minute, if the provider has one (deSEC: 15)
 * @param writesPerHour the write budget per hour, if any (deSEC: 100)
 */
public record ProviderLimits(
    long minimumTtl,
    long maximumTtl,
    boolean atomicPreconditions,
    Optional<Integer> writesPerMinute,
    Optional<Integer> writesPerHour) {

  public ProviderLimits {
    if (minimumTtl < 0 || maximumTtl < minimumTtl) {
      throw new IllegalArgumentException("TTL bounds " + minimumTtl + ".." + maximumTtl);
    }
  }

  /** No budget, any TTL from 0. */
  public static ProviderLimits unlimited(boolean atomicPreconditions) {
    return new ProviderLimits(
        0, RecordSet.MAX_TTL, atomicPreconditions, Optional.empty(), Optional.empty());
  }

  /** The shortest spacing of writes that stays within the per-minute budget. */
  public Duration minimumWriteSpacing() {
    return writesPerMinute
        .map(n -> Duration.ofMillis(60_000L / Math.max(1, n)))
        .orElse(Duration.ZERO);
  }
}
