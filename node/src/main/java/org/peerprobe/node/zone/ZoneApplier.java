package org.peerprobe.node.zone;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.ProviderLimits;
import org.peerprobe.node.dns.RecordWrite;

/**
 * Writes a plan: every provider independently and concurrently, so that a failing provider is
 * reported and never stops the others (anchors.md defect 3). A provider's changes go in batches of
 * at most {@link RecordWrite#MAX_UPSERTS} RRsets, one batch after another (one batch is one
 * all-or-nothing write where the provider offers it). Where the provider checks preconditions
 * atomically with the write ({@link ProviderLimits#atomicPreconditions()}: RFC 2136, the zone file)
 * each change carries one on what the plan saw ({@link Change#precondition()}), so a record changed
 * since the plan is not overwritten; elsewhere a precondition would cost one more read per RRset
 * (deSEC allows 10 reads a second) for a check that still races, so the plan's own reads, made
 * moments before, stand for it. A rate-limited write is retried like a read ({@link
 * ProviderCalls}). Thread-safe.
 */
public final class ZoneApplier {
  private final ProviderCalls.Delayer delayer;

  public ZoneApplier() {
    this(ProviderCalls.REAL_TIME);
  }

  ZoneApplier(ProviderCalls.Delayer delayer) {
    this.delayer = delayer;
  }

  /**
   * Applies {@code plan} with {@code providers} (those it was made with). Never completes
   * exceptionally.
   *
   * @throws IllegalArgumentException when the plan has problems (nothing may be written then) or a
   *     provider of the plan is missing
   */
  public CompletableFuture<List<ProviderResult>> apply(ZonePlan plan, List<DnsProvider> providers) {
    if (plan.hasProblems()) {
      throw new IllegalArgumentException("a plan with problems is never applied");
    }
    Map<String, DnsProvider> byId = new HashMap<>();
    providers.forEach(p -> byId.put(p.id(), p));
    List<CompletableFuture<ProviderResult>> results = new ArrayList<>();
    for (ProviderPlan p : plan.providers()) {
      if (p instanceof ProviderPlan.Failed f) {
        results.add(
            CompletableFuture.completedFuture(
                new ProviderResult.Failed(f.provider(), f.fault(), f.message(), 0, 0)));
      } else if (p instanceof ProviderPlan.Ready r) {
        DnsProvider provider = byId.get(r.provider());
        if (provider == null) {
          throw new IllegalArgumentException("no provider " + r.provider() + " to apply with");
        }
        results.add(apply(r, provider));
      }
    }
    return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0]))
        .thenApply(v -> results.stream().map(CompletableFuture::join).toList());
  }

  private CompletableFuture<ProviderResult> apply(ProviderPlan.Ready plan, DnsProvider provider) {
    List<Change> changes = plan.changes();
    if (changes.isEmpty()) {
      return CompletableFuture.completedFuture(new ProviderResult.NoChanges(plan.provider()));
    }
    AtomicInteger applied = new AtomicInteger();
    boolean atomic = provider.limits().atomicPreconditions();
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (int from = 0; from < changes.size(); from += RecordWrite.MAX_UPSERTS) {
      List<Change> batch =
          changes.subList(from, Math.min(changes.size(), from + RecordWrite.MAX_UPSERTS));
      RecordWrite write =
          new RecordWrite(
              batch.stream().map(Change::after).toList(),
              atomic ? batch.stream().map(Change::precondition).toList() : List.of());
      chain =
          chain
              .thenCompose(v -> ProviderCalls.withRetry(() -> provider.write(write), delayer))
              .thenRun(() -> applied.addAndGet(batch.size()));
    }
    return chain.handle(
        (v, e) ->
            e == null
                ? new ProviderResult.Applied(plan.provider(), changes.size())
                : new ProviderResult.Failed(
                    plan.provider(),
                    ProviderCalls.fault(e),
                    ProviderCalls.message(e),
                    applied.get(),
                    changes.size()));
  }
}
