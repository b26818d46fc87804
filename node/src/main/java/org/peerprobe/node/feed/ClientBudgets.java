package org.peerprobe.node.feed;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.peerprobe.p2p.host.TokenBucket;

/**
 * Per-client request budgets: a token bucket per remote address, the least recently seen forgotten
 * beyond {@link FeedLimits#MAX_TRACKED_CLIENTS} (a forgotten client starts again with a full
 * bucket, which costs at most one burst). Thread-safe: requests of all event loops take from it.
 */
final class ClientBudgets {
  private final LongSupplier clock;
  private final double perSecond;
  private final double burst;
  private final Map<String, TokenBucket> buckets =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
          return size() > FeedLimits.MAX_TRACKED_CLIENTS;
        }
      };

  ClientBudgets(LongSupplier clock, double perSecond, double burst) {
    this.clock = clock;
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /** Takes one request from {@code client}'s budget; false when it is spent. */
  synchronized boolean tryTake(String client) {
    long now = clock.getAsLong();
    return buckets
        .computeIfAbsent(client, c -> new TokenBucket(burst, perSecond, now))
        .tryTake(1, now);
  }
}
