package org.peerprobe.consensus.quorum;

/**
 * The rounds a node accepts reports for: {@code first..last} inclusive. Nodes use {@code current−1
 * … current+1}, tolerating clock skew of up to one interval.
 */
public record RoundWindow(long first, long last) {
  /** Rounds of skew tolerated on either side of the current round. */
  public static final long DEFAULT_SKEW_ROUNDS = 1;

  public RoundWindow {
    if (first > last) {
      throw new IllegalArgumentException("empty window " + first + ".." + last);
    }
  }

  public static RoundWindow around(long currentRound) {
    return new RoundWindow(
        Math.max(0, currentRound - DEFAULT_SKEW_ROUNDS), currentRound + DEFAULT_SKEW_ROUNDS);
  }

  public static RoundWindow exactly(long round) {
    return new RoundWindow(round, round);
  }

  public boolean contains(long round) {
    return round >= first && round <= last;
  }
}
