package org.peerprobe.consensus.failover;

import org.peerprobe.consensus.model.Verdict;

/**
 * What the machine knows of one front in one round: the certified verdict and the certificate that
 * carried it. {@link Verdict#NO_QUORUM} marks a round for which contradictory certificates arrived;
 * such a round never counts for either side.
 */
public record Evidence(Verdict verdict, String certificateId) {
  static final Evidence CONTRADICTED = new Evidence(Verdict.NO_QUORUM, "");

  boolean is(Verdict v) {
    return verdict == v;
  }
}
