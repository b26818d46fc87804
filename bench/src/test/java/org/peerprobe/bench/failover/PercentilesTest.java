package org.peerprobe.bench.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {
  @Test
  void nearestRankOfTwentyTrialsIsAMeasuredValue() {
    List<Long> sample = new ArrayList<>();
    for (long i = 1; i <= 20; i++) {
      sample.add(i * 10);
    }
    Collections.shuffle(sample, new java.util.Random(1));
    Percentiles p = Percentiles.of(sample);
    assertThat(p).isEqualTo(new Percentiles(100, 190, 200, 20));
    assertThat(p.format(Percentiles::millis)).isEqualTo("p50 100 ms / p95 190 ms / max 200 ms");
  }

  @Test
  void oneTrialIsEveryPercentile() {
    assertThat(Percentiles.of(List.of(4210L)).format(Percentiles::seconds))
        .isEqualTo("p50 4.21 s / p95 4.21 s / max 4.21 s");
  }

  @Test
  void anEmptySampleIsRefused() {
    assertThatThrownBy(() -> Percentiles.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no measurements");
  }
}
