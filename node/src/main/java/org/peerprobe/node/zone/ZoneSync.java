package org.peerprobe.node.zone;

import java.util.List;
import java.util.Objects;
import org.peerprobe.node.dns.DnsProvider;

/**
 * Zone sync, octoDNS-style: make every provider serve the declared records, touching nothing else.
 * {@link #plan} reads and compares; {@link #apply} plans, refuses when any provider's plan has a
 * problem or the plan is unsafe ({@link ZonePlan#unsafe}) unless forced, and then writes every
 * provider concurrently. Blocking; each provider call is bounded by its provider's timeout.
 * Thread-safe.
 */
public final class ZoneSync {
  /** The outcome of a run, from best to worst for a script to act on. */
  public enum Status {
    /** Every provider already serves the declared records. */
    NO_CHANGES,
    /** {@link #plan} found changes to make. */
    CHANGES_PENDING,
    /** {@link #apply} made every change. */
    APPLIED,
    /** Some provider could not be planned or written; the others were. */
    FAILED,
    /** Applying was refused by the safety fraction; nothing was written. */
    UNSAFE,
    /** The declared records break a provider's rules; nothing was written anywhere. */
    INVALID
  }

  /**
   * One run.
   *
   * @param unsafe why the plan is unsafe at the fraction used (empty when safe)
   * @param results what was written at each provider (empty for a plan, or when nothing was
   *     written)
   */
  public record Report(
      Status status, ZonePlan plan, List<String> unsafe, List<ProviderResult> results) {
    public Report {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(plan, "plan");
      unsafe = List.copyOf(unsafe);
      results = List.copyOf(results);
    }
  }

  private final ZonePlanner planner;
  private final ZoneApplier applier;

  public ZoneSync() {
    this(ProviderCalls.REAL_TIME);
  }

  ZoneSync(ProviderCalls.Delayer delayer) {
    this.planner = new ZonePlanner(delayer);
    this.applier = new ZoneApplier(delayer);
  }

  /**
   * Plans {@code spec} with {@code providers} (opened from its specs) and writes nothing.
   *
   * @param safetyFraction reported in {@link Report#unsafe()}, as a warning
   */
  public Report plan(ZoneSpec spec, List<DnsProvider> providers, double safetyFraction) {
    ZonePlan plan = planner.plan(spec.zone(), spec.records(), providers).join();
    Status status;
    if (plan.hasProblems()) {
      status = Status.INVALID;
    } else if (plan.hasFailures()) {
      status = Status.FAILED;
    } else {
      status = plan.changes() > 0 ? Status.CHANGES_PENDING : Status.NO_CHANGES;
    }
    return new Report(status, plan, plan.unsafe(safetyFraction), List.of());
  }

  /**
   * Plans {@code spec} and, unless the plan has problems or is unsafe without {@code force},
   * applies it at every provider that could be planned.
   */
  public Report apply(
      ZoneSpec spec, List<DnsProvider> providers, boolean force, double safetyFraction) {
    ZonePlan plan = planner.plan(spec.zone(), spec.records(), providers).join();
    List<String> unsafe = plan.unsafe(safetyFraction);
    if (plan.hasProblems()) {
      return new Report(Status.INVALID, plan, unsafe, List.of());
    }
    if (!unsafe.isEmpty() && !force) {
      return new Report(Status.UNSAFE, plan, unsafe, List.of());
    }
    List<ProviderResult> results = applier.apply(plan, providers).join();
    Status status;
    if (results.stream().anyMatch(r -> r instanceof ProviderResult.Failed)) {
      status = Status.FAILED;
    } else {
      status = plan.changes() > 0 ? Status.APPLIED : Status.NO_CHANGES;
    }
    return new Report(status, plan, unsafe, results);
  }
}
