package org.peerprobe.node.signer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.peerprobe.node.dns.ProviderLimits;

/** deSEC's budget (15 a minute, 100 an hour) is never exceeded, however writes are asked for. */
class WriteBudgetTest {
  static final ProviderLimits DESEC =
      new ProviderLimits(3600, 604800, false, Optional.of(15), Optional.of(100));

  @Test
  void theSixteenthWriteOfAMinuteWaitsForTheFirstToLeaveTheWindow() {
    WriteBudget b = new WriteBudget(DESEC);
    for (int i = 0; i < 15; i++) {
      assertThat(b.delayMillis(i * 1000L)).isZero();
      b.record(i * 1000L);
    }
    assertThat(b.delayMillis(15_000)).isEqualTo(45_000);
    assertThat(b.delayMillis(60_001)).isZero();
  }

  @Test
  void aRefundedAttemptDoesNotCount() {
    WriteBudget b = new WriteBudget(DESEC);
    for (int i = 0; i < 15; i++) {
      b.record(i);
    }
    b.refund(14);
    assertThat(b.delayMillis(20)).isZero();
  }

  @Test
  void noBudgetMeansNoWait() {
    WriteBudget b = new WriteBudget(ProviderLimits.unlimited(true));
    for (int i = 0; i < 1000; i++) {
      b.record(0);
    }
    assertThat(b.delayMillis(0)).isZero();
  }

  /** Writes made whenever the budget allows never exceed 15 in any minute or 100 in any hour. */
  @Property(tries = 50)
  void writesAtTheEarliestAllowedTimeStayWithinEveryWindow(
      @ForAll @IntRange(min = 1, max = 5000) int askEveryMs) {
    WriteBudget b = new WriteBudget(DESEC);
    long[] times = new long[300];
    long now = 0;
    for (int i = 0; i < times.length; i++) {
      now += b.delayMillis(now);
      b.record(now);
      times[i] = now;
      now += askEveryMs;
    }
    for (int i = 0; i < times.length; i++) {
      if (i + 15 < times.length) {
        assertThat(times[i + 15] - times[i]).isGreaterThanOrEqualTo(60_000);
      }
      if (i + 100 < times.length) {
        assertThat(times[i + 100] - times[i]).isGreaterThanOrEqualTo(3_600_000);
      }
    }
  }
}
