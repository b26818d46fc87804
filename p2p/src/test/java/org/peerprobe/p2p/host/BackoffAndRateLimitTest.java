package org.peerprobe.p2p.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BackoffAndRateLimitTest {
  @Property(tries = 200)
  void backoffDoublesWithinJitterAndIsCapped(
      @ForAll @IntRange(min = 1, max = 40) int attempt, @ForAll long seed) {
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new Random(seed));
    long ceiling = Math.min(1000L << Math.min(attempt - 1, 30), 300_000L);
    long d = b.delay(attempt).toMillis();
    assertThat(d).isBetween(ceiling / 2, ceiling);
  }

  @Test
  void sameSeedSameDelays() {
    Backoff a = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new Random(7));
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new Random(7));
    for (int i = 1; i < 10; i++) {
      assertThat(a.delay(i)).isEqualTo(b.delay(i));
    }
  }

  @Test
  void tokenBucketLimitsBurstsAndRefills() {
    TokenBucket bucket = new TokenBucket(3, 2, 0);
    assertThat(bucket.tryTake(1, 0)).isTrue();
    assertThat(bucket.tryTake(1, 0)).isTrue();
    assertThat(bucket.tryTake(1, 0)).isTrue();
    assertThat(bucket.tryTake(1, 0)).isFalse();
    assertThat(bucket.tryTake(1, 499)).isFalse();
    assertThat(bucket.tryTake(1, 500)).isTrue();
    assertThat(bucket.tryTake(1, 10_000)).isTrue();
    assertThat(bucket.tryTake(3, 10_000)).isFalse();
  }
}
