package org.peerprobe.node.store;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedApplyReceipt;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.quorum.Equivocation;

/**
 * The node's durable record of reports, certificates, verdicts, equivocation evidence, the decision
 * log and the signers' apply receipts.
 *
 * <p><b>Threading.</b> Every method is thread-safe and returns at once; the work runs on the
 * store's own threads. Writes are applied one at a time, in call order, each in its own
 * transaction; reads never wait for writes. Futures complete on a store thread: dependent stages
 * must not block (hand heavy work to another executor with the {@code *Async} variants).
 *
 * <p><b>Trust.</b> The store keeps what the caller has already validated (signatures, roster,
 * chain) and checks only what a database can: uniqueness, the decision chain's linkage, sizes.
 * Everything read is decoded again from canonical bytes and checked against its key columns, and
 * signatures that no key covers (reports, decisions, evidence) are verified again, about 0.1 ms
 * each; a mismatch fails the read with {@link StoreException.Corrupt} naming the row.
 *
 * <p><b>Bounds.</b> Every list is bounded by {@link #MAX_PAGE} rows (reports of a round by {@link
 * #MAX_REPORTS_PER_ROUND}); pending requests by the limits in {@link StoreConfig}.
 */
public interface Store extends AutoCloseable {

  /** Most rows any list query returns; larger limits are clamped to it. */
  int MAX_PAGE = 500;

  /** Most reports {@link #reportsForRound} returns: two per observer of the largest roster. */
  int MAX_REPORTS_PER_ROUND = 2 * org.peerprobe.consensus.model.Roster.MAX_OBSERVERS;

  /**
   * Stores a validated report, with a row per front it observes. Idempotent by content id.
   *
   * @param own true when this node made it
   * @return true when newly stored, false when a report with this content id was already held
   */
  CompletableFuture<Boolean> saveReport(SignedReport report, boolean own, long receivedAtMs);

  /** Stores a verified certificate. Idempotent by id; returns true when newly stored. */
  CompletableFuture<Boolean> saveCertificate(QuorumCertificate certificate);

  /**
   * Appends a decision to its router's log. It must extend the stored head (seq head + 1, {@code
   * prev} = head id); the result says when it does not. The future completes only once the decision
   * is fsynced: publish a decision (gossip, DNS) only after {@link DecisionWrite.Stored} or {@link
   * DecisionWrite.AlreadyStored}.
   */
  CompletableFuture<DecisionWrite> saveDecision(SignedDecision decision);

  /** Most decisions one {@link #adoptBranch} call may carry. */
  int MAX_BRANCH = 512;

  /**
   * The fork choice's write: replaces the router's decisions after {@code forkSeq} by {@code
   * branch} (seqs {@code forkSeq + 1 ..}, linked by {@code prev}, the first one's {@code prev} the
   * stored decision at {@code forkSeq}, or genesis) in one transaction, only when the branch's head
   * is strictly above the stored head. The replaced decisions are kept as fork evidence ({@link
   * #replacedDecisions}), not deleted. Fsynced like {@link #saveDecision}. The caller has verified
   * every decision of the branch (roster signer, signature, chain rules).
   */
  default CompletableFuture<BranchWrite> adoptBranch(
      String router, long forkSeq, List<SignedDecision> branch) {
    return adoptBranch(router, forkSeq, branch, Optional.empty());
  }

  /**
   * Like {@link #adoptBranch(String, long, List)}; with {@code replacingHead} present a branch of
   * the stored length is adopted too, when the stored head is still that decision (the fork
   * choice's tie-break compared the branch with it; a head that moved since is refused).
   */
  CompletableFuture<BranchWrite> adoptBranch(
      String router, long forkSeq, List<SignedDecision> branch, Optional<String> replacingHead);

  /**
   * Decisions of {@code router} that a longer branch replaced ({@link #adoptBranch}) with {@link
   * ReplacedDecision#position()} &gt; {@code afterPosition}, in the order they were replaced; at
   * most {@code limit} (and {@link #MAX_PAGE}).
   */
  CompletableFuture<List<ReplacedDecision>> replacedDecisions(
      String router, long afterPosition, int limit);

  /** Stores verified evidence; one per (observer, round). Returns true when newly stored. */
  CompletableFuture<Boolean> saveEquivocation(Equivocation evidence);

  /**
   * Stores a verified apply receipt, keeping the latest per (decision, signer) by {@code
   * issuedAtMs}. Returns true when stored, false when an equally recent or newer one is held.
   */
  CompletableFuture<Boolean> saveReceipt(SignedApplyReceipt receipt);

  /** The latest receipt of each signer for the decision {@code decisionId}, by signer key. */
  CompletableFuture<List<SignedApplyReceipt>> receipts(String decisionId);

  /**
   * The latest receipt of every router that has one (of its highest seq, then issued last), by
   * router name; at most {@link #MAX_PAGE}.
   */
  CompletableFuture<List<SignedApplyReceipt>> latestReceipts();

  /** Stores the tally of a (front, round), replacing an earlier one for the same pair. */
  CompletableFuture<Void> saveVerdict(FrontVerdictRow row);

  /** Reports of {@code round} (every front), ordered by observer key then content id. */
  CompletableFuture<List<StoredReport>> reportsForRound(long round);

  CompletableFuture<Optional<QuorumCertificate>> certificate(String id);

  /** Certificates of {@code front} for rounds {@code from..to} inclusive, by round. */
  CompletableFuture<List<CertificateSummary>> certificatesFor(
      String front, long fromRound, long toRound);

  /** The router's decisions with seq &gt; {@code afterSeq}, by seq; at most {@code limit}. */
  CompletableFuture<List<StoredDecision>> decisions(String router, long afterSeq, int limit);

  /** The decision with this id (of any router), as stored. */
  CompletableFuture<Optional<StoredDecision>> decision(String id);

  /**
   * Decisions of every router with {@link StoredDecision#position()} &gt; {@code afterPosition}, in
   * the order they were stored; at most {@code limit}.
   */
  CompletableFuture<List<StoredDecision>> allDecisions(long afterPosition, int limit);

  /** The router's latest decision (its head), from which its failover state resumes. */
  CompletableFuture<Optional<SignedDecision>> lastDecision(String router);

  /** The head of every router that has one, by router name; at most {@link #MAX_PAGE}. */
  CompletableFuture<List<SignedDecision>> lastDecisions();

  /** Verdict rows of {@code front} for rounds {@code from..to} inclusive, by round. */
  CompletableFuture<List<FrontVerdictRow>> verdicts(String front, long fromRound, long toRound);

  /** Per observer over rounds {@code from..to}: last seen round and agreement with verdicts. */
  CompletableFuture<List<ObserverStats>> observerStats(long fromRound, long toRound);

  /** Equivocation evidence for rounds {@code from..to} inclusive, by round then observer. */
  CompletableFuture<List<Equivocation>> equivocations(long fromRound, long toRound);

  /**
   * Deletes reports, certificates, verdicts and evidence stored before {@code cutoffMs}. Decisions
   * and the certificates they cite are kept: the log is hash-chained, so a pruned entry would break
   * every later link, and a decision must stay checkable against its evidence.
   */
  CompletableFuture<PruneResult> pruneOlderThan(long cutoffMs);

  /** {@link #pruneOlderThan} with the cutoff {@code now - retention} from the configuration. */
  CompletableFuture<PruneResult> pruneExpired();

  /** SQLite's {@code PRAGMA integrity_check}: {@code ["ok"]} when the file is sound. */
  CompletableFuture<List<String>> integrityCheck();

  /**
   * Lets queued writes finish, then closes the database. Blocks until then (at most the time the
   * queued writes take): call it at shutdown, never on an event loop. Idempotent.
   */
  @Override
  void close();
}
