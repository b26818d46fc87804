package org.peerprobe.node.store;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.slf4j.LoggerFactory;

/**
 * The child process of {@link CrashSafetyTest}: writes rounds to a store as fast as it can — four
 * reports, a certificate and a verdict per round, a decision every {@link #DECISION_EVERY} rounds —
 * and appends {@code committed round R seq S} to {@link #PROGRESS_FILE} in the data directory once
 * every write of round R has completed (so is committed), S being the last committed decision's
 * seq. A file, not standard output: after a SIGKILL the JDK drains a dead child's pipe on its
 * reaper thread, racing the parent's reader, so the last lines printed could be lost; the page
 * cache keeps every line written before the kill. It runs until killed, or exits when its parent
 * goes away (stdin closes) or after {@link #MAX_ROUNDS}.
 */
public final class CrashWriter {
  static final String PREFIX = "committed round ";
  static final String PROGRESS_FILE = "progress.txt";
  static final int DECISION_EVERY = 2;
  static final int MAX_ROUNDS = 100_000;

  private CrashWriter() {}

  public static void main(String[] args) throws IOException {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(Level.WARN);
    Thread watchdog =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // Drain until the parent closes the pipe.
                }
              } catch (IOException e) {
                // Same as end of input.
              }
              Runtime.getRuntime().halt(3);
            },
            "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();

    SqliteStore store =
        SqliteStore.open(
            StoreConfig.builder()
                .dataDir(Path.of(args[0]))
                .networkId(TestStores.NET.networkId())
                .clock(System::currentTimeMillis)
                .build());
    java.io.PrintStream progress =
        new java.io.PrintStream(
            new java.io.FileOutputStream(Path.of(args[0]).resolve(PROGRESS_FILE).toFile(), true),
            true,
            java.nio.charset.StandardCharsets.UTF_8);
    Decision head = null;
    for (long round = 1; round <= MAX_ROUNDS; round++) {
      List<CompletableFuture<?>> writes = new ArrayList<>();
      long r = round;
      List<org.peerprobe.consensus.model.SignedReport> reports =
          IntStream.range(0, 4).mapToObj(i -> TestStores.report(i, r)).toList();
      reports.forEach(rep -> writes.add(store.saveReport(rep, false, System.currentTimeMillis())));
      QuorumCertificate cert =
          new QuorumCertificate(
              TestStores.NET.networkId(), 1, TestNetwork.PRIMARY, round, Verdict.UP, reports);
      writes.add(store.saveCertificate(cert));
      writes.add(
          store.saveVerdict(
              new FrontVerdictRow(
                  TestNetwork.PRIMARY,
                  round,
                  Verdict.UP,
                  4,
                  0,
                  4,
                  new TreeMap<>(),
                  Optional.of(cert.id()))));
      CompletableFuture<DecisionWrite> decision =
          CompletableFuture.completedFuture(new DecisionWrite.Stored(0));
      if (round % DECISION_EVERY == 0) {
        head = TestDecisions.after(head, round);
        decision = store.saveDecision(SignedDecision.sign(head, TestKeys.signer()));
        writes.add(decision);
      }
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
      if (!(decision.join() instanceof DecisionWrite.Stored)) {
        throw new IllegalStateException("decision not stored: " + decision.join());
      }
      progress.println(PREFIX + round + " seq " + (head == null ? 0 : head.seq()));
      progress.flush();
    }
    store.close();
  }
}
