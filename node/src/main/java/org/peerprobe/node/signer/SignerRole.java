package org.peerprobe.node.signer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.node.service.NodeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS side of a signer node: the decision the node holds as its router's head becomes the
 * desired state on every provider, through the {@link Reconciler}: its own once durable, a roster
 * signer's it accepted when it is newer than the desired one, and the head the fork choice adopted.
 * Applying another signer's decision too is what makes two signers alive at once converge: both
 * push the newest decision, and the fence stops anything older. A sibling at the desired seq that
 * gossip delivers is not applied — two signers would then each push the other's and rewrite the
 * fence TXT back and forth — until the fork choice adopts it ({@link NodeEvent.Adopted}).
 */
public final class SignerRole implements Consumer<NodeEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(SignerRole.class);

  private final Consumer<RouterTarget> desire;
  private final RouterTargets targets;
  private final Map<String, Long> desiredSeq = new ConcurrentHashMap<>();

  public SignerRole(Reconciler reconciler, RouterTargets targets) {
    this(reconciler::desire, targets);
  }

  SignerRole(Consumer<RouterTarget> desire, RouterTargets targets) {
    this.desire = desire;
    this.targets = targets;
  }

  @Override
  public void accept(NodeEvent e) {
    if (e instanceof NodeEvent.Adopted a) {
      resume(a.head());
    } else if (e instanceof NodeEvent.Decided d
        && (d.own()
            || d.decision().decision().seq()
                > desiredSeq.getOrDefault(d.decision().decision().router(), 0L))) {
      resume(d.decision());
    }
  }

  /** Makes {@code decision} its router's desired state (e.g. the stored head after a restart). */
  public void resume(SignedDecision decision) {
    desiredSeq.merge(decision.decision().router(), decision.decision().seq(), Math::max);
    targets
        .of(decision.decision())
        .ifPresentOrElse(
            desire,
            () ->
                LOG.warn(
                    "decision {} seq {} names a router or front this signer cannot map to DNS",
                    decision.decision().router(),
                    decision.decision().seq()));
  }
}
