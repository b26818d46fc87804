/**
 * The node's durable store: one SQLite file, {@code <dataDir>/peerprobe.db}, holding own and
 * received signed reports, certificates, per-(front, round) verdict rows, equivocation evidence,
 * the hash-chained decision log of every router and the signers' apply receipts.
 *
 * <h2>Schema (v2)</h2>
 *
 * <ul>
 *   <li>{@code reports} (content_id PK, round, observer, observer_network, own, received_at_ms,
 *       bytes), indexed by (round, observer), (observer, round) and received_at_ms; {@code
 *       report_fronts} (content_id, front, status) holds each report's per-front status so that
 *       agreement with verdicts is computed in SQL;
 *   <li>{@code certificates} (id PK, front, round, verdict, roster_version, report_count,
 *       stored_at_ms, bytes), indexed by (front, round);
 *   <li>{@code decisions} (position PK autoincrement, router, seq, id unique, prev, round,
 *       from_front, to_front, signer, stored_at_ms, bytes; unique (router, seq)) and {@code
 *       decision_certificates} (certificate_id, decision_position): which certificates a decision
 *       cites, so that retention keeps them;
 *   <li>{@code decision_forks} (id PK, router, seq, signer, replaced_by, replaced_at_ms, bytes;
 *       v2): decisions a strictly longer branch replaced ({@link
 *       org.peerprobe.node.store.Store#adoptBranch}, the fork choice of the chain sync), kept as
 *       evidence of the fork rather than deleted;
 *   <li>{@code verdicts} ((front, round) PK, verdict, up/down/total weight, networks as canonical
 *       JSON, certificate_id);
 *   <li>{@code equivocations} ((observer, round) PK, both reports' bytes);
 *   <li>{@code receipts} ((decision_id, signer) PK, router, seq, issued_at_ms, stored_at_ms, bytes;
 *       indexed by (router, seq, issued_at_ms)), added in v2: the latest signed apply receipt of
 *       each signer for each decision. A newer receipt replaces the row, so the table holds at most
 *       one row per decision and signer, and retention leaves it alone like the decisions;
 *   <li>{@code meta} (the network id the file belongs to) and {@code schema_version} (one row per
 *       applied migration; migrations only go forward, and a newer file is refused).
 * </ul>
 *
 * Signed things are stored as their canonical bytes and decoded again on every read; the decoded
 * value must match the row's key columns, or the read fails with {@link
 * org.peerprobe.node.store.StoreException.Corrupt} naming the row. Other rows, and the node, are
 * unaffected.
 *
 * <h2>Threading</h2>
 *
 * One writer: every write runs on the store's single writer thread, in call order, each in its own
 * transaction on the writer's connection. Reads run on a separate reader thread with its own
 * connection ({@code query_only}); in WAL mode it reads the last committed snapshot while the
 * writer works, so neither waits for the other. Every call returns a {@code CompletableFuture} at
 * once, so Netty event loops never block; futures complete on the store's threads.
 *
 * <h2>Durability</h2>
 *
 * WAL journal with {@code synchronous=NORMAL}: a commit is in the WAL (the OS page cache) when its
 * future completes, so a killed process ({@code kill -9}) loses nothing committed — only the
 * transaction in flight, i.e. at most the round being written — and SQLite's WAL recovery never
 * leaves a half-applied transaction. A power loss may additionally lose the commits since the last
 * fsync, but never corrupts the file. Decisions are different: once published (DNS, gossip) a lost
 * decision would let the signer sign another one at the same seq, a fork. {@link
 * org.peerprobe.node.store.Store#saveDecision} therefore commits with {@code synchronous=FULL} (the
 * WAL is fsynced, with every earlier commit) before its future completes; publish only after it.
 *
 * <h2>Bounds</h2>
 *
 * Memory: each queue is bounded ({@link org.peerprobe.node.store.StoreConfig}); a full queue fails
 * the request at once. Every query is bounded by {@code LIMIT} ({@link
 * org.peerprobe.node.store.Store#MAX_PAGE}, {@link
 * org.peerprobe.node.store.Store#MAX_REPORTS_PER_ROUND}); blob sizes are checked against the
 * decoders' limits before a blob is read; certificate listings return summaries without bytes.
 * Disk: reports, certificates, verdicts and evidence live for the retention (default 7 days) plus
 * at most one {@link org.peerprobe.node.store.Retention} period. A report encodes to ≈0.3 KB + 0.18
 * KB per front, and each certificate repeats the agreeing reports, so one round costs about (1 +
 * fronts) × observers × report size: measured with 50 observers and 2 fronts, ≈130 KB per round
 * with indexes and verdict rows, so ≈1.3 GB for 7 days of 60 s rounds. Decisions and the
 * certificates they cite are kept forever: the log is hash-chained (a pruned entry breaks every
 * later {@code prev} link and the feed's verification from seq 1), and routers switch rarely.
 *
 * <h2>Forks</h2>
 *
 * The log of a router is one strictly linked chain. {@link
 * org.peerprobe.node.store.Store#adoptBranch} is the only write that removes decisions from it: in
 * one fsynced transaction it moves the decisions after a fork point to {@code decision_forks} and
 * appends a branch whose head is strictly above the held head; their certificate links go with
 * them. The branch's decisions get new positions when they are appended, so a reader following
 * {@link org.peerprobe.node.store.Store#allDecisions} by position sees the adopted branch after the
 * decisions it replaced.
 */
package org.peerprobe.node.store;
