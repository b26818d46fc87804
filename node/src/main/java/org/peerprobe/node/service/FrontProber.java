package org.peerprobe.node.service;

import java.util.concurrent.CompletableFuture;
import org.peerprobe.consensus.model.Observation;

/**
 * Probes one configured front for one round; never fails (a failed probe is a DOWN observation).
 */
@FunctionalInterface
public interface FrontProber {
  CompletableFuture<Observation> probe(String frontId, long roundStartMillis);
}
