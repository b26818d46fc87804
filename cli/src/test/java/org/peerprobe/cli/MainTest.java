package org.peerprobe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void helpListsEveryCommand() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: peerprobe", "peer-id", "canonicalize", "help");
  }

  @Test
  void noArgumentsPrintsUsage() {
    assertThat(run()).isZero();
    assertThat(out.toString()).contains("Usage: peerprobe");
  }

  @Test
  void unknownCommandIsAUsageError() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString()).contains("frobnicate");
  }

  @Test
  void peerIdOfTheLibp2pSpecKey() {
    assertThat(run("peer-id", "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"))
        .isZero();
    assertThat(out.toString()).contains("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
  }

  @Test
  void peerIdBackToKey() {
    assertThat(run("peer-id", "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq")).isZero();
    assertThat(out.toString())
        .contains("1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
  }

  @Test
  void peerIdRejectsGarbageWithTheReason() {
    assertThat(run("peer-id", "hello")).isEqualTo(1);
    assertThat(err.toString()).contains("'hello' is neither a public key nor a PeerId");
  }

  @Test
  void canonicalizeSortsKeysAndRejectsFloats(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("good.json");
    Files.writeString(good, "{ \"b\": 1, \"a\": [true, \"x\"] }", StandardCharsets.UTF_8);
    assertThat(run("canonicalize", good.toString())).isZero();
    assertThat(out.toString().trim()).isEqualTo("{\"a\":[true,\"x\"],\"b\":1}");

    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"t\": 1.5}", StandardCharsets.UTF_8);
    assertThat(run("canonicalize", bad.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("bad.json").contains("$.t");
  }
}
