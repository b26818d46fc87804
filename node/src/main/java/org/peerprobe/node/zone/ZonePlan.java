package org.peerprobe.node.zone;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every provider's plan for one zone, made before anything is written.
 *
 * <p>The safety check follows octoDNS: applying is refused when, at some provider, more than a
 * fraction (default {@link #DEFAULT_SAFETY_FRACTION}) of the declared RRsets would be updated —
 * replaced over what the provider serves now. Creates do not count (they overwrite nothing, and a
 * first sync creates everything), nor do zones declaring fewer than {@link #SAFETY_MIN_RECORDS}
 * RRsets, where one update is already a large fraction.
 *
 * @param zone the zone
 * @param declared how many RRsets the zone file declares
 * @param providers one plan per provider, in configuration order
 */
public record ZonePlan(String zone, int declared, List<ProviderPlan> providers) {
  public static final double DEFAULT_SAFETY_FRACTION = 0.3;

  /** Zones declaring fewer RRsets are not subject to the safety fraction (octoDNS: 10). */
  public static final int SAFETY_MIN_RECORDS = 10;

  public ZonePlan {
    Objects.requireNonNull(zone, "zone");
    providers = List.copyOf(providers);
  }

  /** True when some provider's plan is {@link ProviderPlan.Invalid}: nothing may be written. */
  public boolean hasProblems() {
    return providers.stream().anyMatch(p -> p instanceof ProviderPlan.Invalid);
  }

  /** True when some provider could not be planned. */
  public boolean hasFailures() {
    return providers.stream().anyMatch(p -> p instanceof ProviderPlan.Failed);
  }

  /** Changes over all ready providers. */
  public int changes() {
    return ready().stream().mapToInt(r -> r.changes().size()).sum();
  }

  public List<ProviderPlan.Ready> ready() {
    List<ProviderPlan.Ready> out = new ArrayList<>();
    for (ProviderPlan p : providers) {
      if (p instanceof ProviderPlan.Ready r) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * Why applying is unsafe at {@code fraction}, one line per provider over it; empty when safe.
   *
   * @param fraction 0..1, e.g. 0.3
   */
  public List<String> unsafe(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("safety fraction must be 0..1: " + fraction);
    }
    List<String> out = new ArrayList<>();
    if (declared < SAFETY_MIN_RECORDS) {
      return out;
    }
    for (ProviderPlan.Ready r : ready()) {
      if ((double) r.updates() / declared > fraction) {
        out.add(
            r.provider()
                + ": "
                + r.updates()
                + " of "
                + declared
                + " declared records would be updated, more than "
                + Math.round(fraction * 100)
                + "%");
      }
    }
    return out;
  }
}
