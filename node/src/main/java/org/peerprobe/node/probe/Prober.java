package org.peerprobe.node.probe;

import java.util.concurrent.CompletableFuture;
import org.peerprobe.consensus.model.Observation;

/**
 * Probes one front once per round and says what this node saw.
 *
 * <p>Thread safety: implementations are thread-safe; {@link #probe} may be called from any thread
 * (event loops included), never blocks, and fronts may be probed concurrently. Only fronts the
 * caller got from the network bundle should be passed: the prober contacts exactly the front's
 * hostname and never follows redirects.
 */
public interface Prober {
  /**
   * Probes {@code front} with up to {@link FrontSpec#attempts()} attempts, starting now.
   *
   * @param roundStartMillis the round's start, epoch milliseconds; further attempts start only
   *     while they can finish within the configured round budget after it
   * @return the observation; it fails only on a bug in this node (never because the front is down,
   *     which is a DOWN observation)
   */
  CompletableFuture<Observation> probe(FrontSpec front, long roundStartMillis);
}
