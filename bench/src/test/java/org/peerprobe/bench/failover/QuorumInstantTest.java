package org.peerprobe.bench.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.model.QuorumPolicy;
import org.peerprobe.consensus.model.Status;

class QuorumInstantTest {
  private static final String FRONT = "cf-front";

  private static QuorumInstant.Published report(long at, String network, String status) {
    return new QuorumInstant.Published(at, network, 1, Map.of(FRONT, status, "other", "UP"));
  }

  /** 25 observers over 5 networks publishing DOWN at 100, 200, … ms, in reverse order. */
  private static List<QuorumInstant.Published> allDown() {
    List<QuorumInstant.Published> out = new ArrayList<>();
    for (int i = 25; i >= 1; i--) {
      out.add(report(i * 100L, "AS" + (i % 5), "DOWN"));
    }
    return out;
  }

  @Test
  void theSeventeenthOfTwentyFiveCompletesATwoThirdsQuorum() {
    assertThat(QuorumInstant.of(allDown(), FRONT, Status.DOWN, QuorumPolicy.DEFAULT, 25))
        .hasValue(1700);
  }

  @Test
  void reportsAgreeingOnTheOtherStatusDoNotCount() {
    List<QuorumInstant.Published> reports = new ArrayList<>(allDown());
    reports.replaceAll(p -> p.publishedAtMs() == 300 ? report(300, p.network(), "UP") : p);
    assertThat(QuorumInstant.of(reports, FRONT, Status.DOWN, QuorumPolicy.DEFAULT, 25))
        .hasValue(1800);
    assertThat(QuorumInstant.of(reports, FRONT, Status.UP, QuorumPolicy.DEFAULT, 25)).isEmpty();
  }

  @Test
  void oneNetworkAloneNeverMakesAQuorumWhateverItsWeight() {
    List<QuorumInstant.Published> reports = new ArrayList<>();
    for (int i = 1; i <= 25; i++) {
      reports.add(report(i, "AS1", "DOWN"));
    }
    assertThat(QuorumInstant.of(reports, FRONT, Status.DOWN, QuorumPolicy.DEFAULT, 25)).isEmpty();
  }
}
