package org.peerprobe.node.zone;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.peerprobe.node.dns.DnsProvider;

/**
 * Plans a zone at every provider at once: each provider is read independently and concurrently, so
 * one slow or unreachable provider delays or fails only its own plan (anchors.md defect 3). Nothing
 * is written. Thread-safe.
 */
public final class ZonePlanner {
  private final ProviderCalls.Delayer delayer;

  public ZonePlanner() {
    this(ProviderCalls.REAL_TIME);
  }

  /** A planner whose rate-limit waits run on {@code delayer} (tests). */
  ZonePlanner(ProviderCalls.Delayer delayer) {
    this.delayer = delayer;
  }

  /**
   * The plan of every provider, in the order given. Completes once every provider is planned (each
   * call bounded by its provider's timeout); never completes exceptionally.
   */
  public CompletableFuture<ZonePlan> plan(
      String zone, List<DeclaredRecord> records, List<DnsProvider> providers) {
    List<CompletableFuture<ProviderPlan>> plans = new ArrayList<>();
    for (DnsProvider p : providers) {
      plans.add(new ProviderPlanner(p, zone, records, delayer).plan());
    }
    return CompletableFuture.allOf(plans.toArray(new CompletableFuture<?>[0]))
        .thenApply(
            v -> new ZonePlan(zone, records.size(), plans.stream().map(f -> f.join()).toList()));
  }
}
