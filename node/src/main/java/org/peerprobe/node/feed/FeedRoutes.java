package org.peerprobe.node.feed;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.node.store.Store;

/** Maps a GET path to its answer: the JSON API, Atom, badges, metrics and the page's files. */
final class FeedRoutes {
  /** A Host header fit to echo into the Atom feed's links. */
  private static final Pattern HOST =
      Pattern.compile(
          "[A-Za-z0-9.\\-]{1,253}(:[0-9]{1,5})?|\\[[0-9a-fA-F:.]{2,45}\\](:[0-9]{1,5})?");

  private final Supplier<LiveState> live;
  private final FeedApi api;
  private final AtomFeed atom;
  private final StaticAssets assets = new StaticAssets();
  private final Supplier<String> metrics;
  private final EventHub events;
  private final String defaultHost;

  FeedRoutes(
      Supplier<LiveState> live,
      Store store,
      EvidenceSource evidence,
      Supplier<String> metrics,
      EventHub events,
      LongSupplier clock,
      String defaultHost) {
    this.live = live;
    this.api = new FeedApi(live, store, evidence, clock);
    this.atom = new AtomFeed(live, store, clock);
    this.metrics = metrics;
    this.events = events;
    this.defaultHost = defaultHost;
  }

  EventHub events() {
    return events;
  }

  /**
   * The answer to {@code r}: a future of the response, or a {@link FeedException} (thrown, or
   * completing the future) for a refusal.
   */
  CompletableFuture<FeedResponse> answer(FeedRequest r, String hostHeader) {
    Optional<CompletableFuture<FeedResponse>> fromApi = api.route(r);
    if (fromApi.isPresent()) {
      return fromApi.get();
    }
    List<String> s = r.segments();
    if (s.size() == 1 && s.get(0).equals("metrics")) {
      return done(
          FeedResponse.text(
              "text/plain; version=0.0.4; charset=utf-8",
              metrics.get(),
              FeedResponse.Cache.NO_STORE));
    }
    if (s.size() == 1 && s.get(0).equals("feed.atom")) {
      String host =
          hostHeader != null && HOST.matcher(hostHeader).matches() ? hostHeader : defaultHost;
      return atom.render("http://" + host);
    }
    if (s.size() == 2 && s.get(0).equals("badge") && s.get(1).endsWith(".svg")) {
      String front = FeedRequest.name(s.get(1).substring(0, s.get(1).length() - 4), "front");
      LiveState state = live.get();
      if (state.bundle().front(front).isEmpty()) {
        throw FeedException.notFound("no front " + front);
      }
      LiveState.FrontNow now = state.fronts().get(front);
      return done(
          FeedResponse.text(
              "image/svg+xml; charset=utf-8",
              Badge.svg(front, now == null ? Verdict.NO_QUORUM : now.verdict()),
              FeedResponse.Cache.LIVE));
    }
    return assets
        .get(r.path())
        .map(CompletableFuture::completedFuture)
        .orElseThrow(() -> FeedException.notFound("no such path: " + FeedRequest.quote(r.path())));
  }

  private static CompletableFuture<FeedResponse> done(FeedResponse r) {
    return CompletableFuture.completedFuture(r);
  }
}
