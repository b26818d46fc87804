package org.peerprobe.node.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.validation.Validated;
import org.peerprobe.node.store.BranchWrite;
import org.peerprobe.node.store.Store;
import org.peerprobe.node.store.StoredDecision;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.reqresp.RequestResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One repair of one router's stored log: reads the held log, asks the peers in turn for theirs
 * after the likely fork point (stepping back while their answer does not link to the held log),
 * verifies the answer and applies the fork choice ({@link BranchCheck}), then writes an adopted
 * branch in one store transaction. Stops at the first adoption. Every continuation runs on the
 * node's thread ({@code onNode}).
 */
final class SyncAttempt {
  private static final Logger LOG = LoggerFactory.getLogger(SyncAttempt.class);

  /** Most decisions of its own log a node reads to check a branch (routers switch rarely). */
  static final int MAX_HELD = 20 * Store.MAX_PAGE;

  private final String router;
  private final List<PeerId> peers;
  private final long hintSeq;
  private final Roster roster;
  private final Store store;
  private final RequestResponse rpc;
  private final Executor onNode;
  private final BiConsumer<PeerId, String> penalise;

  SyncAttempt(
      String router,
      List<PeerId> peers,
      long hintSeq,
      Roster roster,
      Store store,
      RequestResponse rpc,
      Executor onNode,
      BiConsumer<PeerId, String> penalise) {
    this.router = router;
    this.peers = List.copyOf(peers);
    this.hintSeq = hintSeq;
    this.roster = roster;
    this.store = store;
    this.rpc = rpc;
    this.onNode = onNode;
    this.penalise = penalise;
  }

  /** The adopted branch's store write, or empty when nothing was adopted. */
  CompletableFuture<Optional<BranchWrite.Adopted>> run() {
    return held(new ArrayList<>()).thenComposeAsync(held -> tryPeer(held, 0), onNode);
  }

  private CompletableFuture<List<SignedDecision>> held(List<SignedDecision> acc) {
    long after = acc.size();
    return store
        .decisions(router, after, Store.MAX_PAGE)
        .thenComposeAsync(
            page -> {
              page.stream().map(StoredDecision::decision).forEach(acc::add);
              if (page.size() < Store.MAX_PAGE || acc.size() >= MAX_HELD) {
                return CompletableFuture.completedFuture(acc);
              }
              return held(acc);
            },
            onNode);
  }

  private CompletableFuture<Optional<BranchWrite.Adopted>> tryPeer(
      List<SignedDecision> held, int i) {
    if (i >= peers.size()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    PeerId peer = peers.get(i);
    long afterSeq = Math.max(0, Math.min(held.size(), hintSeq - 1));
    return ask(peer, held, afterSeq, 1)
        .handleAsync(
            (outcome, err) -> {
              if (err != null) {
                Throwable cause = err instanceof CompletionException ? err.getCause() : err;
                if (cause instanceof BadPeerException) {
                  penalise.accept(peer, cause.getMessage());
                } else {
                  LOG.debug("no sync answer from {} for {}: {}", peer, router, cause.toString());
                }
                return tryPeer(held, i + 1);
              }
              if (outcome instanceof BranchCheck.Adopt a) {
                return adopt(a);
              }
              if (outcome instanceof BranchCheck.Invalid bad) {
                penalise.accept(peer, "forged decision log of " + router + ": " + bad.why());
              } else {
                LOG.debug("sync of {} with {}: {}", router, peer, outcome);
              }
              return tryPeer(held, i + 1);
            },
            onNode)
        .thenCompose(f -> f);
  }

  /** Asks after {@code afterSeq}; while the answer forks below it, steps back 1, 2, 4, … seqs. */
  private CompletableFuture<BranchCheck.Outcome> ask(
      PeerId peer, List<SignedDecision> held, long afterSeq, long step) {
    return fetch(peer, afterSeq, new ArrayList<>())
        .thenComposeAsync(
            received -> {
              BranchCheck.Outcome o = BranchCheck.check(roster, router, held, afterSeq, received);
              if (o instanceof BranchCheck.Deeper && afterSeq > 0) {
                return ask(peer, held, Math.max(0, afterSeq - step), step * 2);
              }
              return CompletableFuture.completedFuture(o);
            },
            onNode);
  }

  /** The peer's decisions after {@code after}, page by page, at most {@link Store#MAX_BRANCH}. */
  private CompletableFuture<List<SignedDecision>> fetch(
      PeerId peer, long after, List<SignedDecision> acc) {
    int limit = Math.min(SyncProtocol.MAX_DECISIONS_PER_RESPONSE, Store.MAX_BRANCH - acc.size());
    if (limit == 0) {
      return CompletableFuture.completedFuture(acc);
    }
    SyncRequest request = new SyncRequest(roster.networkId(), router, after, limit);
    return rpc.request(peer, request.encode())
        .thenComposeAsync(
            frames -> {
              if (frames.size() > limit) {
                throw new BadPeerException(frames.size() + " decisions, " + limit + " asked");
              }
              for (byte[] f : frames) {
                Validated<SignedDecision> d = SignedDecision.decode(f);
                if (!d.isValid()) {
                  throw new BadPeerException("sync answer: " + d);
                }
                acc.add(d.orElseThrow());
              }
              return frames.size() < limit
                  ? CompletableFuture.completedFuture(acc)
                  : fetch(peer, after + frames.size(), acc);
            },
            onNode);
  }

  private CompletableFuture<Optional<BranchWrite.Adopted>> adopt(BranchCheck.Adopt a) {
    return store
        .adoptBranch(router, a.forkSeq(), a.branch(), a.replacingHead())
        .thenApplyAsync(
            w -> {
              if (w instanceof BranchWrite.Adopted adopted) {
                return Optional.of(adopted);
              }
              LOG.info("branch of {} not adopted: {}", router, w);
              return Optional.<BranchWrite.Adopted>empty();
            },
            onNode);
  }
}
