package org.peerprobe.node.dns.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.peerprobe.node.dns.Precondition;
import org.peerprobe.node.dns.ProviderException;
import org.peerprobe.node.dns.ProviderLimits;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.RecordWrite;

/**
 * The checks a write passes before anything is sent: every RRset in the zone and within the
 * provider's TTL bounds (so that, e.g., deSEC's minimum TTL fails the plan instead of the second of
 * two provider writes), and, for providers without atomic preconditions, read-check-write.
 */
public final class WriteChecks {
  private WriteChecks() {}

  /** Fails with {@code Rejected} naming the first RRset outside {@code zone} or the TTL bounds. */
  public static void validate(String provider, String zone, RecordWrite write, ProviderLimits l) {
    for (RecordSet r : write.upserts()) {
      inZone(provider, zone, r.key());
      if (r.ttl() < l.minimumTtl()) {
        throw new ProviderException.Rejected(
            provider,
            r.key()
                + ": TTL "
                + r.ttl()
                + " is below the provider's minimum TTL "
                + l.minimumTtl());
      }
      if (r.ttl() > l.maximumTtl()) {
        throw new ProviderException.Rejected(
            provider,
            r.key()
                + ": TTL "
                + r.ttl()
                + " is above the provider's maximum TTL "
                + l.maximumTtl());
      }
    }
    for (Precondition p : write.preconditions()) {
      inZone(provider, zone, p.key());
    }
  }

  /** Fails with {@code Rejected} when {@code key} is not in {@code zone}. */
  public static void inZone(String provider, String zone, RecordKey key) {
    if (!key.isIn(zone)) {
      throw new ProviderException.Rejected(provider, key + " is not in zone " + zone);
    }
  }

  /**
   * Reads every precondition's RRset (concurrently) and fails with {@code PreconditionFailed} on
   * the first that does not hold. Not atomic with the write that follows.
   */
  public static CompletableFuture<Void> preconditions(
      String provider,
      List<Precondition> preconditions,
      Function<RecordKey, CompletableFuture<Optional<RecordSet>>> read) {
    List<CompletableFuture<Optional<RecordSet>>> reads = new ArrayList<>();
    for (Precondition p : preconditions) {
      reads.add(read.apply(p.key()));
    }
    return CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0]))
        .thenRun(
            () -> {
              for (int i = 0; i < preconditions.size(); i++) {
                Optional<RecordSet> actual = reads.get(i).join();
                if (!holds(preconditions.get(i), actual)) {
                  throw new ProviderException.PreconditionFailed(
                      provider, preconditions.get(i), actual);
                }
              }
            });
  }

  /** True when {@code actual} satisfies {@code p}. */
  public static boolean holds(Precondition p, Optional<RecordSet> actual) {
    if (p instanceof Precondition.Absent) {
      return actual.isEmpty();
    }
    RecordSet expected = ((Precondition.HasValues) p).expected();
    return actual.isPresent() && actual.get().sameValues(expected);
  }
}
