package org.peerprobe.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.store.TestStores.await;
import static org.peerprobe.node.store.TestStores.report;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.testing.TestDecisions;

class ConcurrentReadersTest {
  private static final int ROUNDS = 60;
  private static final int READER_THREADS = 3;

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(TestStores.START_MS);
  private SqliteStore store;

  @BeforeEach
  void open() {
    store = TestStores.open(dir, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void readsCompleteWhileTheWriterIsStuckInATransaction() throws Exception {
    await(store.saveReport(report(0, 1), false, 0));
    try (Connection blocker = TestStores.rawConnection(dir);
        Statement s = blocker.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      CompletableFuture<Boolean> stuck = store.saveReport(report(1, 1), false, 0);

      // The writer thread waits for the lock; the reader is not behind it.
      assertThat(await(store.reportsForRound(1))).hasSize(1);
      assertThat(await(store.integrityCheck())).containsExactly("ok");
      assertThat(stuck).isNotDone();

      s.execute("COMMIT");
      assertThat(await(stuck)).isTrue();
    }
    assertThat(await(store.reportsForRound(1))).hasSize(2);
  }

  @Test
  void manyCallersReadConsistentSnapshotsWhileRoundsAreWritten() throws Exception {
    List<SignedDecision> chain = TestStores.decisions(TestDecisions.ROUTER, ROUNDS / 10);
    AtomicBoolean writing = new AtomicBoolean(true);
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    CountDownLatch readersDone = new CountDownLatch(READER_THREADS);
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < READER_THREADS; t++) {
      Thread reader =
          new Thread(
              () -> {
                try {
                  long lastHead = 0;
                  while (writing.get()) {
                    for (long round = 1; round <= ROUNDS; round++) {
                      // Each report is its own transaction: a round fills up, never overfills.
                      assertThat(await(store.reportsForRound(round)).size()).isBetween(0, 4);
                    }
                    long head =
                        await(store.lastDecision(TestDecisions.ROUTER))
                            .map(d -> d.decision().seq())
                            .orElse(0L);
                    assertThat(head).isGreaterThanOrEqualTo(lastHead);
                    lastHead = head;
                  }
                } catch (Throwable e) {
                  errors.add(e);
                } finally {
                  readersDone.countDown();
                }
              },
              "test-reader-" + t);
      readers.add(reader);
      reader.start();
    }

    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (long round = 1; round <= ROUNDS; round++) {
      for (int i = 0; i < 4; i++) {
        writes.add(store.saveReport(report(i, round), false, round));
      }
      if (round % 10 == 0) {
        writes.add(store.saveDecision(chain.get((int) round / 10 - 1)));
      }
    }
    await(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));
    writing.set(false);

    assertThat(readersDone.await(TestStores.FUTURE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(errors).isEmpty();
    for (long round = 1; round <= ROUNDS; round++) {
      assertThat(await(store.reportsForRound(round))).hasSize(4);
    }
    assertThat(await(store.lastDecision(TestDecisions.ROUTER)))
        .contains(chain.get(chain.size() - 1));
  }
}
