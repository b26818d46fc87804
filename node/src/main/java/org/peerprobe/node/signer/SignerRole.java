package org.peerprobe.node.signer;

import java.util.function.Consumer;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.node.service.NodeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS side of a signer node: every decision the node holds (its own once durable, or a roster
 * signer's it accepted) becomes the desired state of its router on every provider, through the
 * {@link Reconciler}. Applying another signer's decision too is what makes two signers alive at
 * once converge: both push the newest decision, and the fence stops anything older.
 */
public final class SignerRole implements Consumer<NodeEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(SignerRole.class);

  private final Reconciler reconciler;
  private final RouterTargets targets;

  public SignerRole(Reconciler reconciler, RouterTargets targets) {
    this.reconciler = reconciler;
    this.targets = targets;
  }

  @Override
  public void accept(NodeEvent e) {
    if (e instanceof NodeEvent.Decided d) {
      resume(d.decision());
    }
  }

  /** Makes {@code decision} its router's desired state (e.g. the stored head after a restart). */
  public void resume(SignedDecision decision) {
    targets
        .of(decision.decision())
        .ifPresentOrElse(
            reconciler::desire,
            () ->
                LOG.warn(
                    "decision {} seq {} names a router or front this signer cannot map to DNS",
                    decision.decision().router(),
                    decision.decision().seq()));
  }
}
