package org.peerprobe.node.store;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedApplyReceipt;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.quorum.Equivocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Store} on one SQLite file in WAL mode, with two threads, each owning one connection: the
 * <b>writer</b> ({@value #WRITER_THREAD}) applies writes one at a time in call order, and the
 * <b>reader</b> ({@value #READER_THREAD}) runs queries. WAL lets the reader see the last committed
 * state while the writer commits, so feed queries never wait for writes nor writes for queries.
 * Each queue is bounded ({@link StoreConfig#maxPendingWrites()}, {@link
 * StoreConfig#maxPendingReads()}); a full queue fails the request at once with {@link
 * StoreException.Overloaded} instead of blocking the caller.
 *
 * <p>Lifecycle: {@link #open} → {@link State#OPEN} → {@link #close} → {@link State#CLOSED}.
 */
public final class SqliteStore implements Store {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);

  public static final String WRITER_THREAD = "peerprobe-store-writer";
  public static final String READER_THREAD = "peerprobe-store-reader";

  /** Longest {@link #close} waits for queued work before abandoning it. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  /** The store's lifecycle; transitions only forward. */
  public enum State {
    OPEN,
    CLOSED
  }

  private final StoreConfig config;
  private final Connection writerConnection;
  private final Connection readerConnection;
  private final Writes writes;
  private final Reorg reorg;
  private final Queries queries;
  private final ThreadPoolExecutor writer;
  private final ThreadPoolExecutor reader;
  private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);

  private SqliteStore(
      StoreConfig config, Connection writerConnection, Connection readerConnection) {
    this.config = config;
    this.writerConnection = writerConnection;
    this.readerConnection = readerConnection;
    this.writes = new Writes(writerConnection, config.networkId());
    this.reorg = new Reorg(writerConnection, writes);
    this.queries = new Queries(readerConnection);
    this.writer = singleThread(WRITER_THREAD, config.maxPendingWrites());
    this.reader = singleThread(READER_THREAD, config.maxPendingReads());
  }

  /**
   * Opens or creates {@code <dataDir>/peerprobe.db} and migrates it to the latest schema. Blocks
   * for the file I/O: call it at startup, not on an event loop.
   *
   * @throws StoreException.Incompatible for another network's database or a newer schema
   * @throws StoreException when the directory or file cannot be used
   */
  public static SqliteStore open(StoreConfig config) {
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new StoreException("cannot create data directory " + config.dataDir(), e);
    }
    Connection w = null;
    try {
      w = Schema.openWriter(config);
      int found = Schema.migrate(w, config);
      Connection r = Schema.openReader(config);
      LOG.info(
          "store {} open, schema v{} (found v{})", config.databaseFile(), Schema.LATEST, found);
      return new SqliteStore(config, w, r);
    } catch (SQLException e) {
      closeQuietly(w);
      throw new StoreException("cannot open " + config.databaseFile() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(w);
      throw e;
    }
  }

  public State state() {
    return state.get();
  }

  @Override
  public CompletableFuture<Boolean> saveReport(SignedReport r, boolean own, long receivedAtMs) {
    return write("save report " + r.contentId(), () -> writes.saveReport(r, own, receivedAtMs));
  }

  @Override
  public CompletableFuture<Boolean> saveCertificate(QuorumCertificate c) {
    return write(
        "save certificate " + c.front() + "/" + c.round(), () -> writes.saveCertificate(c, now()));
  }

  @Override
  public CompletableFuture<DecisionWrite> saveDecision(SignedDecision d) {
    return write(
        "save decision " + d.decision().router() + "#" + d.decision().seq(),
        () -> writes.saveDecision(d, now()));
  }

  @Override
  public CompletableFuture<BranchWrite> adoptBranch(
      String router, long forkSeq, List<SignedDecision> branch, Optional<String> replacingHead) {
    List<SignedDecision> copy = List.copyOf(branch);
    return write(
        "adopt branch of " + router + " after #" + forkSeq,
        () -> reorg.adopt(router, forkSeq, copy, replacingHead, now()));
  }

  @Override
  public CompletableFuture<List<ReplacedDecision>> replacedDecisions(
      String router, long afterPosition, int limit) {
    if (limit < 1) {
      return badLimit(limit);
    }
    int n = Math.min(limit, MAX_PAGE);
    return read(
        "replaced decisions of " + router,
        () -> queries.replacedDecisions(router, afterPosition, n));
  }

  @Override
  public CompletableFuture<Boolean> saveReceipt(SignedApplyReceipt r) {
    return write(
        "save receipt " + r.receipt().router() + "#" + r.receipt().seq(),
        () -> writes.saveReceipt(r, now()));
  }

  @Override
  public CompletableFuture<List<SignedApplyReceipt>> receipts(String decisionId) {
    return read("receipts of " + decisionId, () -> queries.receipts(decisionId));
  }

  @Override
  public CompletableFuture<List<SignedApplyReceipt>> latestReceipts() {
    return read("latest receipts", queries::latestReceipts);
  }

  @Override
  public CompletableFuture<Boolean> saveEquivocation(Equivocation e) {
    return write("save equivocation", () -> writes.saveEquivocation(e, now()));
  }

  @Override
  public CompletableFuture<Void> saveVerdict(FrontVerdictRow row) {
    return write(
        "save verdict " + row.front() + "/" + row.round(), () -> writes.saveVerdict(row, now()));
  }

  @Override
  public CompletableFuture<List<StoredReport>> reportsForRound(long round) {
    return read("reports of round " + round, () -> queries.reportsForRound(round));
  }

  @Override
  public CompletableFuture<Optional<QuorumCertificate>> certificate(String id) {
    return read("certificate " + id, () -> queries.certificate(id));
  }

  @Override
  public CompletableFuture<List<CertificateSummary>> certificatesFor(
      String front, long fromRound, long toRound) {
    return read(
        "certificates of " + front, () -> queries.certificatesFor(front, fromRound, toRound));
  }

  @Override
  public CompletableFuture<List<StoredDecision>> decisions(
      String router, long afterSeq, int limit) {
    if (limit < 1) {
      return badLimit(limit);
    }
    int n = Math.min(limit, MAX_PAGE);
    return read("decisions of " + router, () -> queries.decisions(router, afterSeq, n));
  }

  @Override
  public CompletableFuture<Optional<StoredDecision>> decision(String id) {
    return read("decision " + id, () -> queries.decision(id));
  }

  @Override
  public CompletableFuture<List<StoredDecision>> allDecisions(long afterPosition, int limit) {
    if (limit < 1) {
      return badLimit(limit);
    }
    int n = Math.min(limit, MAX_PAGE);
    return read("decisions", () -> queries.allDecisions(afterPosition, n));
  }

  @Override
  public CompletableFuture<Optional<SignedDecision>> lastDecision(String router) {
    return read("last decision of " + router, () -> queries.lastDecision(router));
  }

  @Override
  public CompletableFuture<List<SignedDecision>> lastDecisions() {
    return read("last decisions", queries::lastDecisions);
  }

  @Override
  public CompletableFuture<List<FrontVerdictRow>> verdicts(
      String front, long fromRound, long toRound) {
    return read("verdicts of " + front, () -> queries.verdicts(front, fromRound, toRound));
  }

  @Override
  public CompletableFuture<List<ObserverStats>> observerStats(long fromRound, long toRound) {
    return read("observer stats", () -> queries.observerStats(fromRound, toRound));
  }

  @Override
  public CompletableFuture<List<Equivocation>> equivocations(long fromRound, long toRound) {
    return read("equivocations", () -> queries.equivocations(fromRound, toRound));
  }

  @Override
  public CompletableFuture<List<String>> integrityCheck() {
    return read("integrity check", queries::integrityCheck);
  }

  @Override
  public CompletableFuture<PruneResult> pruneExpired() {
    return pruneOlderThan(now() - config.retention().toMillis());
  }

  /**
   * Prunes table by table in batches of {@link Writes#PRUNE_BATCH_ROWS}, each its own writer task
   * and transaction, so that writes queued meanwhile are not held up by a large prune.
   */
  @Override
  public CompletableFuture<PruneResult> pruneOlderThan(long cutoffMs) {
    // Each stage runs after the previous one completed: the array has one writer at a time.
    long[] pruned = new long[Writes.PruneTarget.values().length];
    CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
    for (Writes.PruneTarget target : Writes.PruneTarget.values()) {
      done =
          done.thenCompose(x -> prune(target, cutoffMs, 0))
              .thenAccept(n -> pruned[target.ordinal()] = n);
    }
    return done.thenApply(
        x ->
            new PruneResult(
                pruned[Writes.PruneTarget.REPORTS.ordinal()],
                pruned[Writes.PruneTarget.CERTIFICATES.ordinal()],
                pruned[Writes.PruneTarget.VERDICTS.ordinal()],
                pruned[Writes.PruneTarget.EQUIVOCATIONS.ordinal()]));
  }

  private CompletableFuture<Long> prune(Writes.PruneTarget target, long cutoffMs, long soFar) {
    return write("prune " + target, () -> writes.pruneBatch(target, cutoffMs))
        .thenCompose(
            n ->
                n < Writes.PRUNE_BATCH_ROWS
                    ? CompletableFuture.completedFuture(soFar + n)
                    : prune(target, cutoffMs, soFar + n));
  }

  @Override
  public void close() {
    if (!state.compareAndSet(State.OPEN, State.CLOSED)) {
      return;
    }
    writer.shutdown();
    reader.shutdown();
    try {
      long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
      boolean drained =
          writer.awaitTermination(CLOSE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)
              && reader.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (!drained) {
        LOG.error("store {}: queued work abandoned after {}", config.databaseFile(), CLOSE_TIMEOUT);
        writer.shutdownNow();
        reader.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(readerConnection);
    closeQuietly(writerConnection);
    LOG.info("store {} closed", config.databaseFile());
  }

  private long now() {
    return config.nowMillis().getAsLong();
  }

  private static <T> CompletableFuture<T> badLimit(int limit) {
    return CompletableFuture.failedFuture(
        new IllegalArgumentException("limit must be >= 1: " + limit));
  }

  private <T> CompletableFuture<T> write(String what, Transactions.SqlWork<T> work) {
    return submit(writer, "write", what, work);
  }

  private <T> CompletableFuture<T> read(String what, Transactions.SqlWork<T> work) {
    return submit(reader, "read", what, work);
  }

  private <T> CompletableFuture<T> submit(
      ThreadPoolExecutor executor, String kind, String what, Transactions.SqlWork<T> work) {
    CompletableFuture<T> f = new CompletableFuture<>();
    try {
      executor.execute(() -> runInto(f, what, work));
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(
          state.get() == State.OPEN
              ? new StoreException.Overloaded(
                  what + ": " + executor.getQueue().size() + " " + kind + "s already queued")
              : new StoreException.Closed(what + ": the store is closed"));
    }
    return f;
  }

  private static <T> void runInto(CompletableFuture<T> f, String what, Transactions.SqlWork<T> w) {
    try {
      f.complete(w.run());
    } catch (SQLException e) {
      f.completeExceptionally(new StoreException(what + " failed: " + e.getMessage(), e));
    } catch (RuntimeException e) {
      f.completeExceptionally(e);
    } catch (Error e) {
      f.completeExceptionally(e);
      throw e;
    }
  }

  private static ThreadPoolExecutor singleThread(String name, int queueCapacity) {
    return new ThreadPoolExecutor(
        1,
        1,
        0,
        TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(queueCapacity),
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      LOG.warn("closing the store connection failed: {}", e.getMessage());
    }
  }
}
