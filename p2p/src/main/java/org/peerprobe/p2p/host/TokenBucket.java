package org.peerprobe.p2p.host;

/**
 * A token bucket for per-peer inbound rate limits: {@code capacity} tokens, refilled at {@code
 * perSecond}, time supplied by the caller (so tests use virtual time). Not thread-safe: owned by
 * one connection's event loop.
 */
public final class TokenBucket {
  private final double capacity;
  private final double perMilli;
  private double tokens;
  private long lastMillis;

  public TokenBucket(double capacity, double perSecond, long nowMillis) {
    if (capacity <= 0 || perSecond <= 0) {
      throw new IllegalArgumentException("capacity and rate must be positive");
    }
    this.capacity = capacity;
    this.perMilli = perSecond / 1000.0;
    this.tokens = capacity;
    this.lastMillis = nowMillis;
  }

  /** Takes {@code cost} tokens if available at {@code nowMillis}; false means over the limit. */
  public boolean tryTake(double cost, long nowMillis) {
    if (nowMillis > lastMillis) {
      tokens = Math.min(capacity, tokens + (nowMillis - lastMillis) * perMilli);
      lastMillis = nowMillis;
    }
    if (tokens >= cost) {
      tokens -= cost;
      return true;
    }
    return false;
  }
}
