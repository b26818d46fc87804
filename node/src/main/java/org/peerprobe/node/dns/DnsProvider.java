package org.peerprobe.node.dns;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One zone at one DNS provider. Reads and replaces whole RRsets; never touches a record a write
 * does not name. Futures fail with {@link ProviderException} (possibly wrapped in a {@link
 * java.util.concurrent.CompletionException}); every call is bounded by the provider's own timeout.
 * Thread-safe; see the package documentation.
 */
public interface DnsProvider extends AutoCloseable {
  /** The configured id of this provider (e.g. {@code desec}), used in logs, decisions and plans. */
  String id();

  /** The zone this provider manages: absolute, lower-case, with the trailing dot. */
  String zone();

  ProviderLimits limits();

  /** The RRset of {@code key}, or empty when there is none. */
  CompletableFuture<Optional<RecordSet>> read(RecordKey key);

  /**
   * Replaces the RRsets of {@code write} if its preconditions hold. Completes once the provider has
   * accepted the change (not once it has propagated to secondaries).
   */
  CompletableFuture<Void> write(RecordWrite write);

  /** Releases connections and threads. Idempotent. */
  @Override
  void close();
}
