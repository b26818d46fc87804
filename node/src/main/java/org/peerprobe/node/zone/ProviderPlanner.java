package org.peerprobe.node.zone;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.ProviderLimits;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.signer.Fence;

/**
 * Plans one provider: reads every declared RRset, then what a create could collide with (the other
 * types at a new CNAME's name, a CNAME at a new record's name), then the signer's fence beside a
 * CNAME that would be updated; then compares, and checks every change against the provider's TTL
 * bounds (read after the first call, so that deSEC's {@code minimum_ttl} is the domain's own).
 *
 * <p>Reads go one at a time, so a provider with a read budget (deSEC: 10/s) is not flooded; a
 * rate-limited read is retried ({@link ProviderCalls}). The first other failure ends this
 * provider's plan as {@link ProviderPlan.Failed}. One use per instance.
 */
final class ProviderPlanner {
  private final DnsProvider provider;
  private final String zone;
  private final List<DeclaredRecord> records;
  private final ProviderCalls.Delayer delayer;
  private final Map<RecordKey, Optional<RecordSet>> seen = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> declaredTypes = new HashMap<>();

  ProviderPlanner(
      DnsProvider provider,
      String zone,
      List<DeclaredRecord> records,
      ProviderCalls.Delayer delayer) {
    this.provider = provider;
    this.zone = zone;
    this.records = List.copyOf(records);
    this.delayer = delayer;
    for (DeclaredRecord d : records) {
      RecordKey k = d.rrset().key();
      declaredTypes.computeIfAbsent(k.name(), n -> new HashSet<>()).add(k.type());
    }
  }

  /** The plan; never fails (a failure is a {@link ProviderPlan.Failed}). */
  CompletableFuture<ProviderPlan> plan() {
    if (!provider.zone().equals(zone)) {
      return CompletableFuture.completedFuture(
          new ProviderPlan.Failed(
              provider.id(),
              "configuration error",
              provider.id() + " serves zone " + provider.zone() + ", not " + zone));
    }
    List<RecordKey> declared = records.stream().map(d -> d.rrset().key()).toList();
    return readAll(declared)
        .thenCompose(v -> readAll(collisionKeys()))
        .thenCompose(v -> readAll(fenceKeys()))
        .<ProviderPlan>thenApply(v -> decide())
        .exceptionally(
            e ->
                new ProviderPlan.Failed(
                    provider.id(), ProviderCalls.fault(e), ProviderCalls.message(e)));
  }

  /** Reads {@code keys} one after another, each once. */
  private CompletableFuture<Void> readAll(List<RecordKey> keys) {
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (RecordKey key : keys) {
      chain =
          chain.thenCompose(
              v ->
                  seen.containsKey(key)
                      ? CompletableFuture.completedFuture(null)
                      : ProviderCalls.withRetry(() -> provider.read(key), delayer)
                          .thenAccept(r -> seen.put(key, r)));
    }
    return chain;
  }

  /** The RRsets a create could collide with: CNAME beside other data. */
  private List<RecordKey> collisionKeys() {
    Set<RecordKey> out = new LinkedHashSet<>();
    for (DeclaredRecord d : records) {
      if (seen.get(d.rrset().key()).isEmpty()) {
        out.addAll(collisions(d.rrset().key()));
      }
    }
    return new ArrayList<>(out);
  }

  private List<RecordKey> collisions(RecordKey key) {
    Set<String> atName = declaredTypes.get(key.name());
    List<RecordKey> out = new ArrayList<>();
    if (key.type().equals("CNAME")) {
      for (String t : RecordKey.TYPES) {
        if (!atName.contains(t)) {
          out.add(new RecordKey(key.name(), t));
        }
      }
    } else if (!key.name().equals(zone) && !atName.contains("CNAME")) {
      out.add(new RecordKey(key.name(), "CNAME"));
    }
    return out;
  }

  /** The signer's fence beside each CNAME that would be updated. */
  private List<RecordKey> fenceKeys() {
    List<RecordKey> out = new ArrayList<>();
    for (DeclaredRecord d : records) {
      RecordSet wanted = d.rrset();
      Optional<RecordSet> actual = seen.get(wanted.key());
      if (wanted.key().type().equals("CNAME")
          && actual.isPresent()
          && !ZoneRules.sameContent(wanted, actual.get())) {
        fence(wanted.key()).ifPresent(out::add);
      }
    }
    return out;
  }

  private static Optional<RecordKey> fence(RecordKey router) {
    try {
      return Optional.of(Fence.keyFor(router.name()));
    } catch (IllegalArgumentException e) {
      // The fence's name would be too long: the signer cannot own this record either.
      return Optional.empty();
    }
  }

  private ProviderPlan decide() {
    List<Change> changes = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int unchanged = 0;
    for (DeclaredRecord d : records) {
      RecordSet wanted = d.rrset();
      Optional<RecordSet> actual = seen.get(wanted.key());
      if (actual.isPresent() && ZoneRules.sameContent(wanted, actual.get())) {
        unchanged++;
        continue;
      }
      Optional<RecordKey> fence = actual.isPresent() ? fenceOf(wanted) : Optional.empty();
      if (fence.isPresent()) {
        notes.add(
            d.where()
                + wanted.key()
                + " left as "
                + actual.get().values()
                + ": the peerprobe signer switches this router (its fence "
                + fence.get().name()
                + " exists); leave it out of the zone file");
        continue;
      }
      if (actual.isEmpty()) {
        for (RecordKey other : collisions(wanted.key())) {
          seen.getOrDefault(other, Optional.empty())
              .ifPresent(o -> problems.add(d.where() + collision(wanted.key(), o)));
        }
      }
      changes.add(new Change(actual, wanted, d));
    }
    ProviderLimits limits = provider.limits();
    for (Change c : changes) {
      long ttl = c.after().ttl();
      if (ttl < limits.minimumTtl() || ttl > limits.maximumTtl()) {
        problems.add(
            c.declared().where()
                + c.after().key()
                + ": TTL "
                + ttl
                + " is "
                + (ttl < limits.minimumTtl()
                    ? "below " + provider.id() + "'s minimum TTL " + limits.minimumTtl()
                    : "above " + provider.id() + "'s maximum TTL " + limits.maximumTtl())
                + "; set ttl to "
                + limits.minimumTtl()
                + ".."
                + limits.maximumTtl());
      }
    }
    return problems.isEmpty()
        ? new ProviderPlan.Ready(provider.id(), changes, unchanged, notes)
        : new ProviderPlan.Invalid(provider.id(), problems);
  }

  private Optional<RecordKey> fenceOf(RecordSet wanted) {
    if (!wanted.key().type().equals("CNAME")) {
      return Optional.empty();
    }
    return fence(wanted.key()).filter(f -> seen.getOrDefault(f, Optional.empty()).isPresent());
  }

  private String collision(RecordKey wanted, RecordSet existing) {
    return wanted
        + " cannot be created: "
        + provider.id()
        + " holds "
        + existing.key()
        + " "
        + existing.values()
        + ", not declared here, and a CNAME must be alone at its name; remove one of them";
  }
}
