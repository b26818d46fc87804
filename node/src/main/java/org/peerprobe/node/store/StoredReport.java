package org.peerprobe.node.store;

import org.peerprobe.consensus.model.SignedReport;

/**
 * A report as stored: decoded again from its canonical bytes, with how it arrived.
 *
 * @param report the signed report (its signature was verified before it was saved, and is not
 *     re-verified on read)
 * @param own true when this node made it
 * @param receivedAtMs when this node stored or received it, epoch milliseconds (local clock)
 */
public record StoredReport(SignedReport report, boolean own, long receivedAtMs) {
  public StoredReport {
    if (report == null) {
      throw new IllegalArgumentException("report is required");
    }
  }
}
