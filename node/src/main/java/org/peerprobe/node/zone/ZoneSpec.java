package org.peerprobe.node.zone;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.peerprobe.node.dns.ProviderSpec;
import org.peerprobe.node.dns.RecordSet;

/**
 * A zone as declared in zone.yaml: its name, the providers that serve it, and the RRsets peerprobe
 * manages there. Records not declared are never touched. Immutable; the constructor enforces {@link
 * ZoneRules} (so a spec that exists is one no provider needs to be asked about) and throws {@link
 * IllegalArgumentException} naming the first problem.
 *
 * @param zone absolute, lower-case, with the trailing dot
 * @param providers 1..{@link #MAX_PROVIDERS}, each for {@code zone}, ids unique
 * @param records 0..{@link #MAX_RECORDS} RRsets, names inside {@code zone}
 */
public record ZoneSpec(String zone, List<ProviderSpec> providers, List<DeclaredRecord> records) {
  /** Most RRsets one zone file declares. */
  public static final int MAX_RECORDS = 500;

  /** Most providers one zone is synced to. */
  public static final int MAX_PROVIDERS = 16;

  /** TTL of a record that does not give one. */
  public static final long DEFAULT_TTL = 300;

  public ZoneSpec {
    Objects.requireNonNull(zone, "zone");
    providers = List.copyOf(providers);
    records = List.copyOf(records);
    if (!zone.endsWith(".") || !zone.equals(zone.toLowerCase(java.util.Locale.ROOT))) {
      throw new IllegalArgumentException("zone must be absolute and lower-case: " + zone);
    }
    if (providers.isEmpty() || providers.size() > MAX_PROVIDERS) {
      throw new IllegalArgumentException("a zone needs 1.." + MAX_PROVIDERS + " providers");
    }
    Set<String> ids = new HashSet<>();
    for (ProviderSpec p : providers) {
      if (!p.zone().equals(zone)) {
        throw new IllegalArgumentException(
            "provider " + p.id() + " serves " + p.zone() + ", not " + zone);
      }
      if (!ids.add(p.id())) {
        throw new IllegalArgumentException("provider id " + p.id() + " is used twice");
      }
    }
    if (records.size() > MAX_RECORDS) {
      throw new IllegalArgumentException(
          records.size() + " records declared, at most " + MAX_RECORDS + " allowed");
    }
    for (DeclaredRecord d : records) {
      RecordSet r = d.rrset();
      if (!r.key().isIn(zone)) {
        throw new IllegalArgumentException(d.where() + r.key() + " is outside the zone " + zone);
      }
      ZoneRules.keyProblem(zone, r.key())
          .ifPresent(
              p -> {
                throw new IllegalArgumentException(d.where() + p);
              });
      for (String v : r.values()) {
        ZoneRules.value(zone, r.key().type(), v);
      }
    }
    Map<Integer, String> conflicts = ZoneRules.conflicts(records);
    if (!conflicts.isEmpty()) {
      int first = conflicts.keySet().stream().mapToInt(i -> i).min().orElseThrow();
      throw new IllegalArgumentException(records.get(first).where() + conflicts.get(first));
    }
  }
}
