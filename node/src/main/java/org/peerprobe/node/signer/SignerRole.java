package org.peerprobe.node.signer;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Front;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.Router;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.node.service.NodeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS side of a signer node: every decision the node holds (its own once durable, or a roster
 * signer's it accepted) becomes the desired state of its router on every provider, through the
 * {@link Reconciler}. Applying another signer's decision too is what makes two signers alive at
 * once converge: both push the newest decision, and the fence stops anything older.
 *
 * <p>The router record's name is the router's name in the bundle when that is a DNS name (e.g.
 * {@code www.example.com}), or the name mapped in the signer's configuration; the target is the
 * active front's hostname.
 */
public final class SignerRole implements Consumer<NodeEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(SignerRole.class);

  private final Reconciler reconciler;
  private final Supplier<NetworkBundle> bundle;
  private final Map<String, String> recordNames;

  /**
   * @param recordNames router name to router record name, for routers whose name is not the DNS
   *     name itself
   */
  public SignerRole(
      Reconciler reconciler, Supplier<NetworkBundle> bundle, Map<String, String> recordNames) {
    this.reconciler = reconciler;
    this.bundle = bundle;
    this.recordNames = Map.copyOf(recordNames);
  }

  @Override
  public void accept(NodeEvent e) {
    if (e instanceof NodeEvent.Decided d) {
      resume(d.decision());
    }
  }

  /** Makes {@code decision} its router's desired state (e.g. the stored head after a restart). */
  public void resume(SignedDecision decision) {
    target(decision.decision()).ifPresent(reconciler::desire);
  }

  Optional<RouterTarget> target(Decision d) {
    NetworkBundle b = bundle.get();
    Optional<Router> router =
        b.routers().stream().filter(r -> r.name().equals(d.router())).findFirst();
    Optional<Front> front = b.front(d.to());
    if (router.isEmpty() || front.isEmpty()) {
      LOG.warn("decision {} seq {} names a router or front this bundle lacks", d.router(), d.seq());
      return Optional.empty();
    }
    String name = recordName(d.router());
    return Optional.of(
        new RouterTarget(
            d.router(),
            name,
            absolute(front.get().hostname()),
            router.get().ttlSeconds(),
            new Fence(d.seq(), d.id())));
  }

  /** The DNS name of {@code router}'s record. */
  public String recordName(String router) {
    return absolute(recordNames.getOrDefault(router, router));
  }

  private static String absolute(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return n.endsWith(".") ? n : n + ".";
  }
}
