package org.peerprobe.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.testing.BindServer;

/**
 * The demo, shortened: a real network on loopback breaks the primary, fails over, heals it and
 * fails back; with the tolerated number of liars, or one broken network, and a healthy primary it
 * shows no DOWN verdict and makes no decision.
 */
class DemoTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<JsonNode> run(DemoOptions o) throws Exception {
    return run(o, null);
  }

  private static List<JsonNode> run(DemoOptions o, DemoDns dns) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      Demo demo = new Demo(o, out).feedPort(0);
      if (dns != null) {
        demo.dns(dns);
      }
      demo.run();
    }
    List<JsonNode> events = new ArrayList<>();
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        events.add(JSON.readTree(line));
      }
    }
    return events;
  }

  private static List<JsonNode> named(List<JsonNode> events, String name) {
    return events.stream().filter(e -> e.path("event").asText().equals(name)).toList();
  }

  /**
   * With {@code --dns rfc2136://…} against a real BIND: the CNAME at BIND follows the decisions
   * (seq 0 = the record's start on the primary), as DNS queries show.
   */
  @Test
  void failsOverWhenThePrimaryBreaksAndBackWhenItHeals(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("tsig.secret");
    Files.writeString(secret, BindServer.KEY_SECRET + "\n");
    String zone = "example.test.";
    List<JsonNode> events;
    try (BindServer bind = BindServer.start(zone, List.of())) {
      events =
          run(
              new DemoOptions(
                  5,
                  3,
                  Duration.ofSeconds(1),
                  0,
                  false,
                  Duration.ofSeconds(3),
                  Duration.ofSeconds(11),
                  Duration.ofSeconds(21),
                  true,
                  7),
              DemoDns.parse(
                  "rfc2136://"
                      + bind.hostPort()
                      + "?zone=example.test&key-name="
                      + BindServer.KEY_NAME
                      + "&key-secret-file="
                      + secret));
      assertThat(bind.observe(RecordKey.of("web-router." + zone, "CNAME")).orElseThrow().values())
          .containsExactly(Demo.PRIMARY + ".demo.peerprobe.test.");
    }
    assertThat(named(events, "dns"))
        .extracting(e -> e.get("seq").asLong() + ">" + e.get("target").asText())
        .containsExactly(
            "0>" + Demo.PRIMARY + ".demo.peerprobe.test.",
            "1>" + Demo.SECONDARY + ".demo.peerprobe.test.",
            "2>" + Demo.PRIMARY + ".demo.peerprobe.test.");

    assertThat(named(events, "receipt"))
        .as("the signer's receipts of what the provider did for each decision")
        .extracting(
            e ->
                e.get("seq").asLong()
                    + ":"
                    + e.get("own").asBoolean()
                    + ":"
                    + e.get("providers").get(0).get("outcome").asText())
        .contains("1:true:APPLIED", "2:true:APPLIED");

    List<JsonNode> decisions = named(events, "decision");
    assertThat(decisions).hasSize(2);
    assertThat(decisions.get(0).get("from").asText()).isEqualTo(Demo.PRIMARY);
    assertThat(decisions.get(0).get("to").asText()).isEqualTo(Demo.SECONDARY);
    assertThat(decisions.get(0).get("seq").asLong()).isEqualTo(1);
    assertThat(decisions.get(1).get("to").asText()).isEqualTo(Demo.PRIMARY);
    assertThat(decisions.get(1).get("reason").asText()).isEqualTo("FAILBACK");
    assertThat(decisions).allMatch(d -> d.has("ts") && d.has("round") && d.has("router"));
    assertThat(named(events, "verdict"))
        .anyMatch(
            v ->
                v.get("front").asText().equals(Demo.PRIMARY)
                    && v.get("verdict").asText().equals("DOWN")
                    && v.get("weight").asLong() >= 4)
        .allMatch(v -> v.has("ts") && v.has("round") && v.has("weight"));
    assertThat(named(events, "verdict"))
        .noneMatch(
            v ->
                v.get("front").asText().equals(Demo.SECONDARY)
                    && v.get("verdict").asText().equals("DOWN"));
    assertThat(named(events, "rejected")).isEmpty();
    assertThat(named(events, "feed"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.get("url").asText()).matches("http://127\\.0\\.0\\.1:[0-9]+/");
              assertThat(f.get("nodes").asInt()).isEqualTo(5);
            });
  }

  @Test
  void toleratedLiarsCauseNoFalseVerdictAndNoDecision() throws Exception {
    List<JsonNode> events =
        run(
            new DemoOptions(
                7,
                3,
                Duration.ofSeconds(1),
                2,
                false,
                Duration.ofSeconds(60),
                Duration.ofSeconds(61),
                Duration.ofSeconds(6),
                true,
                8));
    assertThat(named(events, "decision")).isEmpty();
    assertThat(named(events, "dns")).extracting(e -> e.get("seq").asLong()).containsExactly(0L);
    assertThat(named(events, "verdict"))
        .isNotEmpty()
        .noneMatch(v -> v.get("verdict").asText().equals("DOWN"));
  }

  @Test
  void aBrokenNetworkCausesNoFalseVerdictAndNoDecision() throws Exception {
    List<JsonNode> events =
        run(
            new DemoOptions(
                7,
                3,
                Duration.ofSeconds(1),
                0,
                true,
                Duration.ofSeconds(60),
                Duration.ofSeconds(61),
                Duration.ofSeconds(6),
                true,
                9));
    assertThat(named(events, "decision")).isEmpty();
    assertThat(named(events, "verdict"))
        .isNotEmpty()
        .noneMatch(v -> v.get("verdict").asText().equals("DOWN"));
  }
}
