package org.peerprobe.node.feed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.node.store.ObserverStats;
import org.peerprobe.node.store.ReplacedDecision;
import org.peerprobe.node.store.Store;
import org.peerprobe.node.store.StoredDecision;

/**
 * The JSON endpoints of {@code docs/feed.md} (everything but the event stream, the page and
 * metrics). Each answers a future, completed on the store's thread for stored data; a refusal is a
 * {@link FeedException}, thrown or completing the future exceptionally.
 */
final class FeedApi {
  private final Supplier<LiveState> live;
  private final Store store;
  private final EvidenceSource evidence;
  private final LongSupplier clock;

  FeedApi(Supplier<LiveState> live, Store store, EvidenceSource evidence, LongSupplier clock) {
    this.live = live;
    this.store = store;
    this.evidence = evidence;
    this.clock = clock;
  }

  /** The answer for a {@code /v1/…} path, or empty when no route matches. */
  Optional<CompletableFuture<FeedResponse>> route(FeedRequest r) {
    List<String> s = r.segments();
    if (s.size() < 2 || !s.get(0).equals("v1")) {
      return Optional.empty();
    }
    String head = s.get(1);
    CompletableFuture<FeedResponse> answer =
        switch (s.size()) {
          case 2 ->
              switch (head) {
                case "status" ->
                    done(
                        FeedResponse.json(
                            Views.status(live.get(), clock.getAsLong()), FeedResponse.Cache.LIVE));
                case "decisions" -> decisions(r);
                case "observers" -> observers(r);
                default -> null;
              };
          case 3 ->
              switch (head + "/" + s.get(2)) {
                case "decisions/forks" -> forks(r);
                default ->
                    head.equals("certificates")
                        ? certificate(FeedRequest.hash(s.get(2), "certificate id"))
                        : null;
              };
          case 4 ->
              switch (head + "/" + s.get(3)) {
                case "fronts/rounds" -> rounds(FeedRequest.name(s.get(2), "front"), r);
                case "certificates/evidence" ->
                    evidence(
                        evidence.forCertificate(FeedRequest.hash(s.get(2), "certificate id")),
                        "certificate");
                case "decisions/evidence" ->
                    evidence(
                        evidence.forDecision(FeedRequest.hash(s.get(2), "decision id")),
                        "decision");
                default -> null;
              };
          default -> null;
        };
    return Optional.ofNullable(answer);
  }

  private CompletableFuture<FeedResponse> rounds(String front, FeedRequest r) {
    LiveState s = live.get();
    if (s.bundle().front(front).isEmpty()) {
      throw FeedException.notFound("no front " + front + " in network " + s.bundle().networkId());
    }
    long current = Math.floorDiv(clock.getAsLong(), s.intervalMs());
    long to = r.longParam("to", Long.MAX_VALUE / 2).orElse(current);
    long from =
        r.longParam("from", Long.MAX_VALUE / 2)
            .orElse(Math.max(0, to - FeedLimits.DEFAULT_ROUNDS_PER_PAGE + 1));
    if (from > to) {
      throw FeedException.badRequest("from: " + from + " is after to " + to);
    }
    if (to - from + 1 > FeedLimits.MAX_ROUNDS_PER_PAGE) {
      throw FeedException.badRequest(
          "from..to spans "
              + (to - from + 1)
              + " rounds, more than "
              + FeedLimits.MAX_ROUNDS_PER_PAGE);
    }
    return store
        .verdicts(front, from, to)
        .thenApply(
            rows -> {
              ObjectNode o = FeedResponse.object();
              o.put("front", front);
              o.put("from", from);
              o.put("to", to);
              ArrayNode arr = o.putArray("rounds");
              rows.forEach(row -> arr.add(Views.round(row)));
              return FeedResponse.json(o, FeedResponse.Cache.LIVE);
            });
  }

  private CompletableFuture<FeedResponse> certificate(String id) {
    return store
        .certificate(id)
        .thenApply(
            c ->
                FeedResponse.jsonBytes(
                    c.orElseThrow(
                            () -> FeedException.notFound("no certificate " + id + " held here"))
                        .encode(),
                    FeedResponse.Cache.IMMUTABLE));
  }

  private static CompletableFuture<FeedResponse> evidence(
      CompletableFuture<Optional<byte[]>> found, String what) {
    return found.thenApply(
        bytes ->
            FeedResponse.jsonBytes(
                bytes.orElseThrow(() -> FeedException.notFound("no such " + what + " held here")),
                FeedResponse.Cache.IMMUTABLE));
  }

  /** The {@code router} parameter: optional with one router, required with several. */
  private String router(FeedRequest r) {
    LiveState s = live.get();
    List<String> routers = s.bundle().routers().stream().map(x -> x.policy().name()).toList();
    String router =
        r.param("router")
            .map(name -> FeedRequest.name(name, "router"))
            .orElseGet(
                () -> {
                  if (routers.size() != 1) {
                    throw FeedException.badRequest(
                        "router: required, this network has routers " + routers);
                  }
                  return routers.get(0);
                });
    if (!routers.contains(router)) {
      throw FeedException.notFound("no router " + router + " in network " + s.bundle().networkId());
    }
    return router;
  }

  /** A {@code limit} parameter: 1..{@code max}, {@code fallback} when absent. */
  private static int limit(FeedRequest r, int max, int fallback) {
    int limit = r.longParam("limit", max).orElse((long) fallback).intValue();
    if (limit < 1) {
      throw FeedException.badRequest("limit: must be at least 1");
    }
    return limit;
  }

  /** The decisions a longer branch replaced, with what replaced them, in replacement order. */
  private CompletableFuture<FeedResponse> forks(FeedRequest r) {
    String router = router(r);
    long after = r.longParam("after", Long.MAX_VALUE / 2).orElse(0L);
    int limit = limit(r, FeedLimits.MAX_FORKS_PER_PAGE, FeedLimits.DEFAULT_FORKS_PER_PAGE);
    return store
        .replacedDecisions(router, after, limit + 1)
        .thenApply(
            page -> {
              ObjectNode o = FeedResponse.object();
              o.put("router", router);
              ArrayNode arr = o.putArray("forks");
              List<ReplacedDecision> shown = page.subList(0, Math.min(limit, page.size()));
              shown.forEach(d -> arr.add(Views.fork(d)));
              if (page.size() > limit) {
                long last = shown.get(shown.size() - 1).position();
                o.put(
                    "next",
                    "/v1/decisions/forks?router=" + router + "&after=" + last + "&limit=" + limit);
              }
              return FeedResponse.json(o, FeedResponse.Cache.LIVE);
            });
  }

  private CompletableFuture<FeedResponse> decisions(FeedRequest r) {
    String router = router(r);
    long after = r.longParam("after", Long.MAX_VALUE / 2).orElse(0L);
    int limit = limit(r, FeedLimits.MAX_DECISIONS_PER_PAGE, FeedLimits.DEFAULT_DECISIONS_PER_PAGE);
    return store
        .decisions(router, after, limit + 1)
        .thenCompose(page -> withReceipts(page.subList(0, Math.min(limit, page.size())), page))
        .thenApply(
            fetched -> {
              List<StoredDecision> page = fetched.page();
              ObjectNode o = FeedResponse.object();
              o.put("router", router);
              ArrayNode arr = o.putArray("decisions");
              List<StoredDecision> shown = fetched.shown();
              for (int i = 0; i < shown.size(); i++) {
                ObjectNode d = Views.decisionWithSigned(shown.get(i).decision());
                ArrayNode receipts = d.putArray("receipts");
                fetched.receipts().get(i).forEach(rc -> receipts.add(Views.receipt(rc)));
                arr.add(d);
              }
              if (page.size() > limit) {
                long last = shown.get(shown.size() - 1).decision().decision().seq();
                o.put(
                    "next",
                    "/v1/decisions?router=" + router + "&after=" + last + "&limit=" + limit);
              }
              return FeedResponse.json(o, FeedResponse.Cache.LIVE);
            });
  }

  private record DecisionPage(
      List<StoredDecision> page,
      List<StoredDecision> shown,
      List<List<org.peerprobe.consensus.model.SignedApplyReceipt>> receipts) {}

  /** The shown decisions' apply receipts, read alongside the page. */
  private CompletableFuture<DecisionPage> withReceipts(
      List<StoredDecision> shown, List<StoredDecision> page) {
    List<CompletableFuture<List<org.peerprobe.consensus.model.SignedApplyReceipt>>> each =
        shown.stream().map(d -> store.receipts(d.decision().decision().id())).toList();
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(
            v ->
                new DecisionPage(page, shown, each.stream().map(CompletableFuture::join).toList()));
  }

  private CompletableFuture<FeedResponse> observers(FeedRequest r) {
    LiveState s = live.get();
    long rounds =
        r.longParam("rounds", FeedLimits.MAX_OBSERVER_ROUNDS)
            .orElse((long) FeedLimits.DEFAULT_OBSERVER_ROUNDS);
    if (rounds < 1) {
      throw FeedException.badRequest("rounds: must be at least 1");
    }
    long to = Math.floorDiv(clock.getAsLong(), s.intervalMs());
    long from = Math.max(0, to - rounds + 1);
    return store
        .observerStats(from, to)
        .thenCombine(
            store.equivocations(from, to),
            (stats, equivocations) -> {
              Map<String, ObserverStats> byKey = new HashMap<>();
              stats.forEach(st -> byKey.put(st.observer(), st));
              ObjectNode o = FeedResponse.object();
              o.put("from", from);
              o.put("to", to);
              ArrayNode arr = o.putArray("observers");
              for (Observer m : s.bundle().roster().observers()) {
                arr.add(Views.observer(m, byKey.get(m.key().hex())));
              }
              ArrayNode eq = o.putArray("equivocations");
              equivocations.forEach(e -> eq.add(Views.equivocation(e)));
              return FeedResponse.json(o, FeedResponse.Cache.LIVE);
            });
  }

  private static CompletableFuture<FeedResponse> done(FeedResponse r) {
    return CompletableFuture.completedFuture(r);
  }
}
