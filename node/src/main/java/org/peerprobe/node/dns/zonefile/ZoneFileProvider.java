package org.peerprobe.node.dns.zonefile;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.Precondition;
import org.peerprobe.node.dns.ProviderException;
import org.peerprobe.node.dns.ProviderLimits;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.RecordWrite;
import org.peerprobe.node.dns.dnsjava.RecordCodec;

/**
 * A zone kept in a BIND-format zone file on local disk: the embedded default for the demo and for a
 * first run without a DNS account. Point BIND (or Knot, NSD) at the file to serve it.
 *
 * <p>Every call reads and parses the file ({@link ZoneFile}), so edits made by hand between calls
 * are seen. A write, under the file's lock ({@link ZoneFileStore}), checks its preconditions on
 * what the file holds, replaces the RRsets, increments the SOA serial and stores the whole file
 * atomically; records it does not name are kept. Preconditions are therefore atomic within this JVM
 * ({@link ProviderLimits#atomicPreconditions()} is true), not across processes sharing the file. A
 * write that would put a CNAME beside other data at a name is {@link ProviderException.Rejected},
 * since BIND refuses to load such a zone.
 *
 * <p>The file has no credential: a permission error on it is {@link ProviderException.AuthFailed}
 * (the configuration's fault, like a refused token); a missing directory or any other I/O error is
 * {@link ProviderException.Unavailable}; a file that does not parse is {@link
 * ProviderException.Rejected}.
 *
 * <p>Threading: blocking file I/O runs on the provider's own executor, never on the caller's
 * thread. Every call completes within the configured timeout; a write that times out while its
 * thread is still busy may still land (retry it with its preconditions). Thread-safe.
 */
public final class ZoneFileProvider implements DnsProvider {
  private final ZoneFileConfig config;
  private final Executor executor;
  private final Runnable onClose;
  private final ZoneFileStore store;
  private volatile boolean closed;

  /** A provider whose file I/O runs on {@code executor}, which may block and is not owned. */
  public ZoneFileProvider(ZoneFileConfig config, Executor executor) {
    this(config, executor, () -> {});
  }

  private ZoneFileProvider(ZoneFileConfig config, Executor executor, Runnable onClose) {
    this.config = config;
    this.executor = executor;
    this.onClose = onClose;
    this.store = new ZoneFileStore(config);
  }

  /** A provider with its own I/O thread, stopped by {@link #close()}. */
  public static ZoneFileProvider open(ZoneFileConfig config) {
    ExecutorService own =
        Executors.newSingleThreadExecutor(
            new DefaultThreadFactory("peerprobe-zonefile-" + config.id(), true));
    return new ZoneFileProvider(config, own, own::shutdownNow);
  }

  @Override
  public String id() {
    return config.id();
  }

  @Override
  public String zone() {
    return config.zone();
  }

  @Override
  public ProviderLimits limits() {
    return ProviderLimits.unlimited(true);
  }

  @Override
  public CompletableFuture<Optional<RecordSet>> read(RecordKey key) {
    String what = "read of " + key;
    if (!key.isIn(config.zone())) {
      return rejected(what + ": not in zone " + config.zone());
    }
    return call(what, () -> store.load(what).rrset(key));
  }

  @Override
  public CompletableFuture<Void> write(RecordWrite write) {
    String what = "update of " + write.upserts().stream().map(RecordSet::key).toList();
    for (Precondition p : write.preconditions()) {
      if (!p.key().isIn(config.zone())) {
        return rejected(what + ": precondition on " + p.key() + " is not in zone " + config.zone());
      }
    }
    for (RecordSet r : write.upserts()) {
      if (!r.key().isIn(config.zone())) {
        return rejected(what + ": " + r.key() + " is not in zone " + config.zone());
      }
      try {
        RecordCodec.toRecords(r, r.ttl());
      } catch (IllegalArgumentException e) {
        return rejected(what + ": " + e.getMessage());
      }
    }
    return call(
        what,
        () -> {
          ZoneFile now = store.load(what);
          for (Precondition p : write.preconditions()) {
            Optional<RecordSet> actual = now.rrset(p.key());
            if (!holds(p, actual)) {
              throw new ProviderException.PreconditionFailed(config.id(), p, actual);
            }
          }
          ZoneFile next = now.replace(write.upserts());
          requireCnamesAlone(what, next, write.upserts());
          store.store(next);
          return null;
        });
  }

  private static boolean holds(Precondition p, Optional<RecordSet> actual) {
    if (p instanceof Precondition.HasValues has) {
      return actual.isPresent() && actual.get().sameValues(has.expected());
    }
    return actual.isEmpty();
  }

  private void requireCnamesAlone(String what, ZoneFile next, List<RecordSet> upserts) {
    for (RecordSet r : upserts) {
      Set<String> types = new TreeSet<>(next.typesAt(r.key()));
      if (types.size() > 1 && types.remove("CNAME")) {
        throw new ProviderException.Rejected(
            config.id(),
            what
                + ": "
                + r.key().name()
                + " would hold a CNAME beside "
                + types
                + "; a CNAME must be alone at its name");
      }
    }
  }

  /** A body run on the provider's thread under the file's lock. */
  private interface Body<T> {
    T run() throws IOException;
  }

  private <T> CompletableFuture<T> call(String what, Body<T> body) {
    CompletableFuture<T> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(closedFailure());
      return result;
    }
    try {
      executor.execute(
          () -> {
            try {
              result.complete(store.locked(what, config.timeout(), body::run));
            } catch (IOException e) {
              result.completeExceptionally(store.failure(what, e));
            } catch (IllegalArgumentException e) {
              // an RRset in the file that peerprobe cannot represent (e.g. > MAX_VALUES values)
              result.completeExceptionally(
                  new ProviderException.Rejected(config.id(), what + ": " + e.getMessage()));
            } catch (RuntimeException e) {
              result.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(closedFailure());
      return result;
    }
    CompletableFuture.delayedExecutor(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .execute(
            () ->
                result.completeExceptionally(
                    new ProviderException.Unavailable(
                        config.id(),
                        what + ": " + config.file() + " not done within " + config.timeout(),
                        null)));
    return result;
  }

  private <T> CompletableFuture<T> rejected(String message) {
    return CompletableFuture.failedFuture(new ProviderException.Rejected(config.id(), message));
  }

  private IllegalStateException closedFailure() {
    return new IllegalStateException("zone file provider " + config.id() + " is closed");
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      onClose.run();
    }
  }

  @Override
  public String toString() {
    return "ZoneFileProvider[id="
        + config.id()
        + ", zone="
        + config.zone()
        + ", file="
        + config.file()
        + "]";
  }
}
