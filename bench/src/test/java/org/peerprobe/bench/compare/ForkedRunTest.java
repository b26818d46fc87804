package org.peerprobe.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForkedRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void rowsSurviveTheTripFromTheChildJvmWithOrWithoutTheirOptionalCells() throws Exception {
    List<Row> rows =
        List.of(
            Row.of("scale", "10,000 observers × 10 fronts | \"quoted\" ≤ ✓", "1,665 ms"),
            Row.of("time to failover", "25 observers", "p50 3.9 s")
                .baseline("p50 1.4 s")
                .target("p95 ≤ 500 ms", true),
            Row.of("footprint", "heap", "49 MiB").target("≤ 64 MiB", false));
    Measurement m =
        new Measurement() {
          @Override
          public String name() {
            return "test";
          }

          @Override
          public List<Row> run(BenchOptions options) {
            return rows;
          }
        };
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ForkedRun.child(
        m,
        new BenchOptions(true, 1, System.err),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(3).allMatch(l -> l.startsWith(ForkedRun.ROW));
    assertThat(
            lines.stream()
                .map(l -> ForkedRun.read(tree(l.substring(ForkedRun.ROW.length()))))
                .toList())
        .isEqualTo(rows);
  }

  private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
