package org.peerprobe.node.service;

import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedReport;

/** Where a node keeps what it signed and accepted (its store). Called on the node's thread. */
public interface NodeRecorder {
  NodeRecorder NONE = new NodeRecorder() {};

  default void report(SignedReport report, boolean own) {}

  default void certificate(QuorumCertificate certificate) {}

  default void decision(SignedDecision decision) {}
}
