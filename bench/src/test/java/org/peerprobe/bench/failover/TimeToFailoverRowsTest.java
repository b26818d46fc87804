package org.peerprobe.bench.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.peerprobe.bench.compare.Row;

class TimeToFailoverRowsTest {
  private static Trial.Result switched(long pp, long evidence, long decision, long dns) {
    return new Trial.Result(
        100,
        OptionalLong.of(pp),
        OptionalLong.of(900),
        OptionalLong.of(evidence),
        OptionalLong.of(decision),
        OptionalLong.of(dns),
        OptionalLong.of(20));
  }

  private static final Trial.Result LOST =
      new Trial.Result(
          100,
          OptionalLong.empty(),
          OptionalLong.of(900),
          OptionalLong.empty(),
          OptionalLong.empty(),
          OptionalLong.empty(),
          OptionalLong.of(20));

  @Test
  void theOverheadIsTheSumOfItsPartsAndMeetsTheTargetAtP95() {
    List<Row> rows =
        TimeToFailover.rows(
            List.of(switched(4000, 100, 20, 30), switched(3000, 300, 30, 70)), 2, "idle");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).peerprobe()).isEqualTo("p50 3.00 s / p95 4.00 s / max 4.00 s");
    assertThat(rows.get(0).baseline()).contains("p50 0.90 s / p95 0.90 s / max 0.90 s");
    assertThat(rows.get(0).scenario()).contains("25 observers / 5 networks").endsWith("idle");
    assertThat(rows.get(1).peerprobe()).isEqualTo("p50 150 ms / p95 400 ms / max 400 ms");
    assertThat(rows.get(1).met()).isEqualTo(Optional.of(true));
  }

  @Test
  void aTrialThatNeverSwitchedIsShownAndFailsTheTarget() {
    List<Row> rows = TimeToFailover.rows(List.of(switched(4000, 100, 20, 30), LOST), 2, "idle");
    assertThat(rows.get(0).peerprobe()).endsWith("(1 of 2 trials missing)");
    assertThat(rows.get(1).met()).isEqualTo(Optional.of(false));
  }

  @Test
  void anOverheadAboveFiveHundredMillisecondsAtP95FailsTheTarget() {
    List<Row> rows =
        TimeToFailover.rows(List.of(switched(4000, 480, 20, 30), switched(4000, 10, 5, 5)), 2, "");
    assertThat(rows.get(1).met()).isEqualTo(Optional.of(false));
  }
}
