package org.peerprobe.node.dns.http;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.ProviderException;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.RecordWrite;

/**
 * The shape every HTTP-API provider shares: {@link #ready()} (e.g. look up a zone id or a domain's
 * minimum TTL, once), then {@link WriteChecks} before every write (zone, TTL bounds,
 * read-check-write preconditions), then the provider's own {@link #fetch} and {@link #apply}. A
 * subclass never throws from a public method: every failure is a failed future.
 *
 * <p>Writes of one provider run one at a time, in call order (each bounded by the timeout, so a
 * stuck one cannot hold the queue for longer): read-check-write is then free of races between this
 * node's own writes, and a backend that cannot take concurrent writes (PowerDNS on sqlite3 answers
 * 500 "database is locked") is never asked to. Reads are not queued.
 */
public abstract class HttpDnsProvider implements DnsProvider {
  protected final ProviderHttp http;
  private final String zone;
  private final Object writeLock = new Object();
  private CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);

  protected HttpDnsProvider(String zone, ProviderHttp http) {
    this.zone = zone;
    this.http = http;
  }

  @Override
  public final String id() {
    return http.provider();
  }

  @Override
  public final String zone() {
    return zone;
  }

  @Override
  public final CompletableFuture<Optional<RecordSet>> read(RecordKey key) {
    return ready()
        .thenCompose(
            v -> {
              WriteChecks.inZone(id(), zone, key);
              return fetch(key);
            });
  }

  @Override
  public final CompletableFuture<Void> write(RecordWrite write) {
    synchronized (writeLock) {
      CompletableFuture<Void> next =
          lastWrite.handle((v, e) -> null).thenCompose(v -> writeNow(write));
      lastWrite = next;
      return next;
    }
  }

  private CompletableFuture<Void> writeNow(RecordWrite write) {
    return ready()
        .thenCompose(
            v -> {
              WriteChecks.validate(id(), zone, write, limits());
              return WriteChecks.preconditions(id(), write.preconditions(), this::fetch);
            })
        .thenCompose(v -> apply(write));
  }

  /**
   * {@code content} (zone-file form, from the provider) as a {@link RecordSet} value; content that
   * cannot be read is the provider's failure ({@code Unavailable}).
   */
  protected final String fromZoneText(RecordKey key, String content) {
    try {
      return ZoneText.decode(key.type(), content);
    } catch (IllegalArgumentException e) {
      throw new ProviderException.Unavailable(
          id(), key + ": unreadable content from the provider: " + http.redact(content), null);
    }
  }

  /** Completes once the provider may be called (default: at once). */
  protected CompletableFuture<Void> ready() {
    return CompletableFuture.completedFuture(null);
  }

  /** The RRset of {@code key} (already checked to be in the zone). */
  protected abstract CompletableFuture<Optional<RecordSet>> fetch(RecordKey key);

  /** Replaces the RRsets of {@code write}, whose checks and preconditions have passed. */
  protected abstract CompletableFuture<Void> apply(RecordWrite write);

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + id() + " " + zone + "]";
  }
}
