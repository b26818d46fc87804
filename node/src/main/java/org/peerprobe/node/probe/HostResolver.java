package org.peerprobe.node.probe;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a front's hostname into addresses. Implementations: {@link SystemHostResolver} (the JDK's
 * resolver on a small dedicated executor), {@link DnsjavaHostResolver} (the configured DNS servers,
 * fully asynchronous) and {@link StaticHostResolver} (a fixed map, for tests and the demo).
 *
 * <p>Thread safety: {@link #resolve} may be called from any thread, event loops included, and must
 * never block its caller. The future may complete on any thread; the prober moves back to its own
 * event loop. It fails only with a {@link ResolutionException}.
 *
 * <p>Address policy (private addresses) is not the resolver's job: the prober filters the result
 * through {@link AddressPolicy}.
 */
public interface HostResolver extends AutoCloseable {
  /**
   * Resolves {@code hostname} (a validated lowercase DNS name) to its addresses, in preference
   * order, never empty.
   */
  CompletableFuture<List<InetAddress>> resolve(String hostname);

  /** Releases what this resolver owns (threads); default: nothing. */
  @Override
  default void close() {}
}
