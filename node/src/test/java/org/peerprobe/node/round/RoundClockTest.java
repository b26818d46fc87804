package org.peerprobe.node.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RoundClockTest {
  @Test
  void roundsAreFloorOfUnixTimeOverInterval() {
    AtomicLong now = new AtomicLong(1_763_424_001_999L);
    RoundClock c = new RoundClock(Duration.ofSeconds(2), now::get, 500);
    assertThat(c.currentRound()).isEqualTo(881_712_000L);
    assertThat(c.roundStartMillis(881_712_000L)).isEqualTo(1_763_424_000_000L);
    assertThat(c.probeTimeMillis(881_712_000L)).isEqualTo(1_763_424_000_500L);
    assertThat(c.nextProbeRound()).isEqualTo(881_712_001L);
    assertThat(c.millisUntilProbe(881_712_001L)).isEqualTo(501);
    assertThat(c.acceptedWindow().first()).isEqualTo(881_711_999L);
    assertThat(c.acceptedWindow().last()).isEqualTo(881_712_001L);
  }

  @Test
  void offsetsAreSeededAndInsideTheFirstHalfOfTheRound() {
    for (int seed = 0; seed < 50; seed++) {
      RoundClock a = new RoundClock(Duration.ofSeconds(10), () -> 0, new Random(seed));
      RoundClock b = new RoundClock(Duration.ofSeconds(10), () -> 0, new Random(seed));
      assertThat(a.offsetMs()).isEqualTo(b.offsetMs()).isBetween(0L, 5_000L);
    }
  }

  @Test
  void offsetOutsideTheRoundIsAConfigurationError() {
    assertThatThrownBy(() -> new RoundClock(Duration.ofSeconds(1), () -> 0, 1000))
        .hasMessageContaining("inside the round");
  }

  @Test
  void topicsNameTheNetwork() {
    Topics t = Topics.of("example-de");
    assertThat(t.reports()).isEqualTo("/peerprobe/example-de/reports/1");
    assertThat(t.certificates()).isEqualTo("/peerprobe/example-de/certificates/1");
    assertThat(t.decisions()).isEqualTo("/peerprobe/example-de/decisions/1");
    assertThat(t.bundle()).isEqualTo("/peerprobe/example-de/bundle/1");
    assertThat(t.commands()).isEqualTo("/peerprobe/example-de/commands/1");
  }
}
