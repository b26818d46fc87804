package org.peerprobe.node.service;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedApplyReceipt;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedOperatorCommand;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.quorum.Equivocation;
import org.peerprobe.consensus.quorum.FrontTally;

/**
 * Where a node keeps what it signed and accepted (its store). Called on the node's thread; must not
 * block. Reports, certificates, verdicts and evidence are kept on a best-effort basis (a store
 * failure loses the row, not the round); a decision is different, see {@link #decision}.
 */
public interface NodeRecorder {
  NodeRecorder NONE = new NodeRecorder() {};

  default void report(SignedReport report, boolean own) {}

  default void certificate(QuorumCertificate certificate) {}

  /** The final tally of a (front, round) that left the accepted window. */
  default void verdict(FrontTally tally, Optional<String> certificateId) {}

  default void equivocation(Equivocation evidence) {}

  /** A verified apply receipt (best effort, like reports). */
  default void receipt(SignedApplyReceipt receipt) {}

  /** An operator command a router took (the last per router is restored after a restart). */
  default void command(SignedOperatorCommand command) {}

  /**
   * Keeps a decision durably. A signer publishes its decision only once this future completes
   * normally (the decision is on disk), so that a crash never leaves the network holding a decision
   * its signer forgot; a failed future (e.g. the decision does not extend the stored chain) means
   * it must not be published.
   */
  default CompletableFuture<Void> decision(SignedDecision decision) {
    return CompletableFuture.completedFuture(null);
  }
}
