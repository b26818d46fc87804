package org.peerprobe.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.node.service.NodeEvent;

/** The live view redraws one screen in place and shows votes, verdicts and the router's target. */
class DashboardTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final DemoView view =
      new DemoView(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, true);

  @Test
  void theScreenIsRedrawnInPlaceWithVotesVerdictsAndTheActiveTarget() {
    view.started(DemoOptions.defaults(), Map.of(Demo.PRIMARY, 8001, Demo.SECONDARY, 8002), "r");
    view.frontChanged(Demo.PRIMARY, false);
    view.onEvent(tallied(10, Verdict.DOWN));
    view.onEvent(new NodeEvent.Reported(0, 11, Map.of()));
    String afterVerdict = lastFrame();
    assertThat(afterVerdict)
        .contains(
            Demo.PRIMARY, "broken (503)", "DOWN", "AS1", "1 up / 4 down", "r -> " + Demo.PRIMARY);

    view.onEvent(
        new NodeEvent.Switched(
            0,
            new Decision(
                "n",
                "r",
                Demo.PRIMARY,
                Demo.SECONDARY,
                11,
                1,
                Decision.GENESIS,
                List.of("ab".repeat(32)),
                DecisionReason.FAILOVER)));
    assertThat(lastFrame()).contains("r -> " + Demo.SECONDARY, "decision #1");
    assertThat(out()).startsWith("\033[2J\033[H").doesNotContain("\033[2J\033[2J");
    assertThat(view.decisions()).isEqualTo(1);
    assertThat(view.downVerdicts()).isEqualTo(1);
  }

  @Test
  void withoutATerminalTheViewPrintsLogLinesWithoutEscapes() {
    DemoView plain =
        new DemoView(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, false);
    plain.onEvent(tallied(10, Verdict.DOWN));
    plain.finished();
    assertThat(out()).contains("round 10", "=> DOWN").doesNotContain("\033[");
  }

  private static NodeEvent.Tallied tallied(long round, Verdict v) {
    return new NodeEvent.Tallied(
        0, round, Demo.PRIMARY, v, Map.of("AS1", 1L), Map.of("AS1", 4L), 5);
  }

  private String out() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The last screen drawn, without its escape sequences. */
  private String lastFrame() {
    String all = out();
    return all.substring(all.lastIndexOf("\033[H")).replaceAll("\033\\[[0-9;]*[A-Za-z]", "");
  }
}
