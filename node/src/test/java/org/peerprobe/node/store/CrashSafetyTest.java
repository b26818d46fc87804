package org.peerprobe.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.store.TestStores.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.failover.DecisionChain;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a writing process with SIGKILL at a random point and checks the store it leaves: it opens,
 * passes SQLite's integrity check, holds every round and decision the process reported committed,
 * its decision chain verifies, and nothing beyond the round in flight was written.
 */
class CrashSafetyTest {
  private static final Logger LOG = LoggerFactory.getLogger(CrashSafetyTest.class);
  private static final int RUNS = 3;

  /** The kill comes after the child reports between 1 and this many committed rounds. */
  private static final int MAX_ROUNDS_BEFORE_KILL = 30;

  /** Longest one run may take to start, reach its kill point and die. */
  private static final Duration RUN_DEADLINE = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void aKilledWriterLosesAtMostTheRoundInFlightAndNeverCorruptsTheStore() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int run = 0; run < RUNS; run++) {
      Path runDir = Files.createDirectories(dir.resolve("run-" + run));
      int killAfter = 1 + random.nextInt(MAX_ROUNDS_BEFORE_KILL);
      String context = "seed " + seed + ", run " + run + ", kill after round " + killAfter;
      Committed committed = killAfterRound(runDir, killAfter, context);
      verify(runDir, committed, context);
    }
  }

  /** What the child reported committed before it died. */
  private record Committed(long round, long seq) {}

  private Committed killAfterRound(Path runDir, int killAfter, String context) throws Exception {
    long deadline = System.nanoTime() + RUN_DEADLINE.toNanos();
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashWriter.class.getName(),
                runDir.toString())
            .redirectError(runDir.resolve("stderr.txt").toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    Path progress = runDir.resolve(CrashWriter.PROGRESS_FILE);
    try {
      Await.until(
          RUN_DEADLINE,
          () -> committedLines(progress).size() >= killAfter || !child.isAlive(),
          context);
      assertThat(child.isAlive()).as("child alive at its kill point; " + stderr(runDir)).isTrue();
      child.destroyForcibly();
      assertThat(child.waitFor(remaining(deadline), TimeUnit.NANOSECONDS)).isTrue();
      assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
    } finally {
      child.destroyForcibly();
      child.getOutputStream().close();
    }
    // Read after the child is dead: every line it wrote before the kill is in the file.
    List<String> lines = committedLines(progress);
    String last = lines.get(lines.size() - 1);
    String[] parts = last.substring(CrashWriter.PREFIX.length()).split(" seq ");
    return new Committed(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
  }

  private void verify(Path runDir, Committed committed, String context) throws SQLException {
    String what = context + ", committed " + committed;
    try (SqliteStore store = TestStores.open(runDir, new ManualClock(TestStores.START_MS))) {
      assertThat(await(store.integrityCheck())).as(what).containsExactly("ok");
      assertThat(foreignKeyViolations(runDir)).as(what).isZero();

      long r = committed.round();
      for (long round = 1; round <= r; round++) {
        assertThat(await(store.reportsForRound(round))).as(what + ", round " + round).hasSize(4);
      }
      assertThat(await(store.reportsForRound(r + 2))).as(what).isEmpty();
      assertThat(TestStores.count(runDir, "reports")).as(what).isBetween(4 * r, 4 * (r + 1));
      assertThat(await(store.certificatesFor(TestNetwork.PRIMARY, 0, r + 1)).size())
          .as(what)
          .isBetween((int) r, (int) r + 1);
      assertThat(await(store.verdicts(TestNetwork.PRIMARY, 0, r + 1)).size())
          .as(what)
          .isBetween((int) r, (int) r + 1);

      List<StoredDecision> decisions =
          await(store.decisions(TestDecisions.ROUTER, 0, Store.MAX_PAGE));
      assertThat((long) decisions.size()).as(what).isBetween(committed.seq(), committed.seq() + 1);
      DecisionChain chain = new DecisionChain(TestNetwork.NETWORK_ID, TestDecisions.ROUTER);
      for (StoredDecision d : decisions) {
        assertThat(chain.append(d.decision(), TestStores.NET.roster()).isValid())
            .as(what + ", decision " + d.decision().decision().seq())
            .isTrue();
      }

      LOG.info(
          "{}: {} of the in-flight round's reports and {} uncommitted decisions survived",
          what,
          await(store.reportsForRound(r + 1)).size(),
          decisions.size() - committed.seq());

      // The node resumes: the next decision extends the surviving head.
      Decision head = chain.head().map(SignedDecision::decision).orElse(null);
      Decision next = TestDecisions.after(head, 10 * (r + 5));
      assertThat(await(store.saveDecision(SignedDecision.sign(next, TestKeys.signer()))))
          .as(what)
          .isInstanceOf(DecisionWrite.Stored.class);
    }
  }

  /** The complete progress lines the child wrote so far (a line cut by the kill is left out). */
  private static List<String> committedLines(Path progress) {
    try {
      if (!Files.exists(progress)) {
        return List.of();
      }
      String text = Files.readString(progress, StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      if (end < 0) {
        return List.of();
      }
      return text.substring(0, end + 1)
          .lines()
          .filter(l -> l.startsWith(CrashWriter.PREFIX))
          .toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long foreignKeyViolations(Path runDir) throws SQLException {
    try (Connection c = TestStores.rawConnection(runDir);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
      long n = 0;
      while (rs.next()) {
        n++;
      }
      return n;
    }
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private static String stderr(Path runDir) {
    try {
      return "stderr: " + Files.readString(runDir.resolve("stderr.txt"));
    } catch (IOException e) {
      return "no stderr: " + e;
    }
  }
}
