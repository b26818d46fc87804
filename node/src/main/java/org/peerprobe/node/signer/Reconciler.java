package org.peerprobe.node.signer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.ProviderLimits;
import org.peerprobe.p2p.core.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every provider on each router's desired target. A new target is applied to every provider
 * at once, each on its own: a slow or failing provider never delays another. Afterwards each
 * (router, provider) pair is checked again every {@link #checkEvery} (someone may edit the record
 * by hand: drift is re-applied), and a failed pair is retried with exponential backoff from {@link
 * #MIN_BACKOFF} to {@link #MAX_BACKOFF}, never sooner than the provider's {@code Retry-After}.
 * Every provider's write budget ({@link ProviderLimits}: per minute and per hour) is kept over all
 * routers: an attempt that could write waits until it fits.
 *
 * <p>One writer: all state lives on {@code scheduler}; provider callbacks hop onto it. At most one
 * attempt per pair is in flight.
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /** First retry delay after a failure. */
  public static final Duration MIN_BACKOFF = Duration.ofSeconds(2);

  /** Longest retry delay (also used for failures retrying cannot fix, to notice hand fixes). */
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

  /** Default spacing of drift checks of a converged pair. */
  public static final Duration DEFAULT_CHECK_EVERY = Duration.ofSeconds(60);

  private final List<DnsProvider> providers;
  private final RouterWriter writer;
  private final Scheduler scheduler;
  private final Duration checkEvery;
  private final Duration minBackoff;
  private final Consumer<Applied> listener;
  private final Map<String, Map<String, Pair>> routers = new LinkedHashMap<>();
  private final Map<String, WriteBudget> budgets = new LinkedHashMap<>();
  private boolean stopped;

  /** One finished attempt, for the node's events and metrics. */
  public record Applied(RouterTarget target, ProviderOutcome outcome, int failuresInARow) {}

  public Reconciler(
      List<DnsProvider> providers,
      RouterWriter writer,
      Scheduler scheduler,
      Duration checkEvery,
      Consumer<Applied> listener) {
    this(providers, writer, scheduler, checkEvery, MIN_BACKOFF, listener);
  }

  /** With a first retry delay other than {@link #MIN_BACKOFF} (tests, impatient operators). */
  public Reconciler(
      List<DnsProvider> providers,
      RouterWriter writer,
      Scheduler scheduler,
      Duration checkEvery,
      Duration minBackoff,
      Consumer<Applied> listener) {
    this.providers = List.copyOf(providers);
    this.writer = writer;
    this.scheduler = scheduler;
    this.checkEvery = checkEvery;
    this.minBackoff = minBackoff;
    this.listener = listener;
  }

  /** Makes {@code target} the router's desired state and applies it everywhere now. */
  public void desire(RouterTarget target) {
    scheduler.execute(
        () -> {
          Map<String, Pair> pairs =
              routers.computeIfAbsent(target.router(), r -> new LinkedHashMap<>());
          for (DnsProvider p : providers) {
            Pair pair = pairs.computeIfAbsent(p.id(), id -> new Pair(p));
            if (pair.target == null || pair.target.fence().seq() <= target.fence().seq()) {
              pair.target = target;
              pair.failures = 0;
              pair.cancelTimer();
              attempt(pair);
            }
          }
        });
  }

  /** The last outcome of every (router, provider) pair. */
  public CompletableFuture<Map<String, Map<String, Optional<ProviderOutcome>>>> status() {
    CompletableFuture<Map<String, Map<String, Optional<ProviderOutcome>>>> f =
        new CompletableFuture<>();
    scheduler.execute(
        () -> {
          Map<String, Map<String, Optional<ProviderOutcome>>> out = new LinkedHashMap<>();
          routers.forEach(
              (r, pairs) -> {
                Map<String, Optional<ProviderOutcome>> m = new LinkedHashMap<>();
                pairs.forEach((id, pair) -> m.put(id, Optional.ofNullable(pair.last)));
                out.put(r, m);
              });
          f.complete(out);
        });
    return f;
  }

  /** Pairs whose last attempt did not converge: the reconciliation backlog. */
  public CompletableFuture<Integer> backlog() {
    return status()
        .thenApply(
            s ->
                (int)
                    s.values().stream()
                        .flatMap(m -> m.values().stream())
                        .filter(o -> o.isEmpty() || !o.get().converged())
                        .count());
  }

  public void stop() {
    scheduler.execute(
        () -> {
          stopped = true;
          routers.values().forEach(m -> m.values().forEach(Pair::cancelTimer));
        });
  }

  private void attempt(Pair pair) {
    if (stopped || pair.inFlight) {
      return;
    }
    WriteBudget budget =
        budgets.computeIfAbsent(pair.provider.id(), id -> new WriteBudget(pair.provider.limits()));
    long now = scheduler.nowMillis();
    long wait = budget.delayMillis(now);
    if (wait > 0) {
      pair.cancelTimer();
      pair.timer = scheduler.schedule(Duration.ofMillis(wait), () -> attempt(pair));
      return;
    }
    budget.record(now);
    pair.inFlight = true;
    RouterTarget target = pair.target;
    writer
        .apply(pair.provider, target)
        .whenComplete(
            (outcome, err) ->
                scheduler.execute(
                    () -> {
                      ProviderOutcome o = outcome != null ? outcome : crashed(pair, err);
                      if (o instanceof ProviderOutcome.AlreadyThere
                          || o instanceof ProviderOutcome.Fenced) {
                        budget.refund(now); // read only, nothing written
                      }
                      finished(pair, target, o);
                    }));
  }

  private void finished(Pair pair, RouterTarget target, ProviderOutcome outcome) {
    pair.inFlight = false;
    if (stopped) {
      return;
    }
    if (pair.target != target) {
      attempt(pair); // a newer target arrived while this one was in flight
      return;
    }
    pair.last = outcome;
    Duration next;
    if (outcome instanceof ProviderOutcome.Failed f) {
      pair.failures++;
      next = backoff(pair, f);
      LOG.warn(
          "router {} on {}: {} (retry in {} s)",
          target.router(),
          pair.provider.id(),
          f.reason(),
          next.toSeconds());
    } else {
      if (pair.failures > 0 || outcome instanceof ProviderOutcome.Applied) {
        LOG.info("router {} on {}: {}", target.router(), pair.provider.id(), outcome);
      }
      pair.failures = 0;
      next = checkEvery;
    }
    listener.accept(new Applied(target, outcome, pair.failures));
    pair.timer = scheduler.schedule(next, () -> attempt(pair));
  }

  private Duration backoff(Pair pair, ProviderOutcome.Failed f) {
    if (!f.retryable()) {
      return MAX_BACKOFF;
    }
    long exp = minBackoff.toMillis() << Math.min(pair.failures - 1, 20);
    Duration d = Duration.ofMillis(Math.min(exp, MAX_BACKOFF.toMillis()));
    Duration spacing = pair.provider.limits().minimumWriteSpacing();
    if (d.compareTo(spacing) < 0) {
      d = spacing;
    }
    if (f.retryAfter().isPresent() && d.compareTo(f.retryAfter().get()) < 0) {
      d = f.retryAfter().get();
    }
    return d;
  }

  private static ProviderOutcome crashed(Pair pair, Throwable err) {
    return new ProviderOutcome.Failed(
        pair.provider.id(), "unexpected failure: " + err, true, Optional.empty());
  }

  private static final class Pair {
    final DnsProvider provider;
    RouterTarget target;
    ProviderOutcome last;
    int failures;
    boolean inFlight;
    Scheduler.Cancellable timer;

    Pair(DnsProvider provider) {
      this.provider = provider;
    }

    void cancelTimer() {
      if (timer != null) {
        timer.cancel();
        timer = null;
      }
    }
  }
}
