package org.peerprobe.node.signer;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.Precondition;
import org.peerprobe.node.dns.ProviderException;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.RecordWrite;

/**
 * Applies a {@link RouterTarget} to one provider: read the fence, refuse to go back in seq, write
 * the CNAME and the fence together on condition that the fence is still what was read, then read
 * the CNAME back. Stateless; every call's future completes normally with a {@link ProviderOutcome},
 * never exceptionally.
 */
public final class RouterWriter {
  /** Attempts when another writer changes the fence between our read and our write. */
  public static final int MAX_RACE_RETRIES = 2;

  private final LongSupplier nanoClock;

  public RouterWriter(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /**
   * A TTL below the provider's minimum fails as a non-retryable {@link ProviderOutcome.Failed}:
   * providers check it before writing (deSEC learns its minimum from its first call).
   */
  public CompletableFuture<ProviderOutcome> apply(DnsProvider provider, RouterTarget target) {
    long start = nanoClock.getAsLong();
    return attempt(provider, target, start, 0)
        .exceptionally(err -> failed(provider.id(), unwrap(err)));
  }

  private CompletableFuture<ProviderOutcome> attempt(
      DnsProvider provider, RouterTarget target, long start, int races) {
    CompletableFuture<Optional<RecordSet>> fence = provider.read(Fence.keyFor(target.name()));
    CompletableFuture<Optional<RecordSet>> cname = provider.read(target.cnameKey());
    return fence
        .thenCombine(cname, Held::new)
        .thenCompose(
            held -> {
              long heldSeq = held.fence().flatMap(Fence::parse).map(Fence::seq).orElse(0L);
              if (heldSeq > target.fence().seq()) {
                return done(new ProviderOutcome.Fenced(provider.id(), heldSeq));
              }
              if (heldSeq == target.fence().seq() && held.points(target)) {
                return done(new ProviderOutcome.AlreadyThere(provider.id()));
              }
              Precondition unchanged =
                  held.fence()
                      .<Precondition>map(Precondition.HasValues::new)
                      .orElse(new Precondition.Absent(Fence.keyFor(target.name())));
              RecordWrite write =
                  new RecordWrite(
                      List.of(target.cname(), target.fenceRecord()), List.of(unchanged));
              return provider
                  .write(write)
                  .thenCompose(v -> readBack(provider, target, start))
                  .exceptionallyCompose(
                      err -> {
                        Throwable cause = unwrap(err);
                        if (cause instanceof ProviderException.PreconditionFailed
                            && races < MAX_RACE_RETRIES) {
                          return attempt(provider, target, start, races + 1);
                        }
                        return CompletableFuture.failedFuture(cause);
                      });
            });
  }

  private CompletableFuture<ProviderOutcome> readBack(
      DnsProvider provider, RouterTarget target, long start) {
    return provider
        .read(target.cnameKey())
        .thenApply(
            now -> {
              if (now.isPresent() && now.get().values().equals(List.of(target.target()))) {
                return new ProviderOutcome.Applied(
                    provider.id(), Duration.ofNanos(nanoClock.getAsLong() - start));
              }
              return new ProviderOutcome.Failed(
                  provider.id(),
                  "read-back shows " + now.map(r -> r.values().toString()).orElse("no CNAME"),
                  true,
                  Optional.empty());
            });
  }

  private static ProviderOutcome failed(String provider, Throwable err) {
    if (err instanceof ProviderException.RateLimited r) {
      return new ProviderOutcome.Failed(
          provider, r.getMessage(), true, Optional.of(r.retryAfter()));
    }
    if (err instanceof ProviderException p) {
      return new ProviderOutcome.Failed(provider, p.getMessage(), p.retryable(), Optional.empty());
    }
    return new ProviderOutcome.Failed(
        provider, "unexpected failure: " + err, true, Optional.empty());
  }

  private static Throwable unwrap(Throwable err) {
    Throwable t = err;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static CompletableFuture<ProviderOutcome> done(ProviderOutcome o) {
    return CompletableFuture.completedFuture(o);
  }

  private record Held(Optional<RecordSet> fence, Optional<RecordSet> cname) {
    boolean points(RouterTarget t) {
      return cname.isPresent() && cname.get().values().equals(List.of(t.target()));
    }
  }
}
