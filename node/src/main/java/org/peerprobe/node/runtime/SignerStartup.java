package org.peerprobe.node.runtime;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.node.metrics.NodeMetrics;
import org.peerprobe.node.service.NodeService;
import org.peerprobe.node.service.NodeSettings;
import org.peerprobe.node.signer.ReceiptIssuer;
import org.peerprobe.node.signer.Reconciler;
import org.peerprobe.node.signer.RouterTargets;
import org.peerprobe.node.signer.RouterWriter;
import org.peerprobe.node.signer.SignerRole;
import org.peerprobe.node.store.Store;
import org.peerprobe.p2p.core.EventLoopScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the signer's part of a node: a node whose key signs for the roster and that has DNS
 * providers keeps every provider on each router's latest decision, and signs a receipt of what they
 * did at most once per round per router.
 */
final class SignerStartup {
  private static final Logger LOG = LoggerFactory.getLogger(SignerStartup.class);

  private SignerStartup() {}

  /**
   * The running reconciler, or empty when this node writes no DNS.
   *
   * @param heads the routers' stored latest decisions, to resume from
   * @param open where what must be stopped with the node is added
   */
  static Optional<Reconciler> start(
      SignerDns dns,
      NodeSettings settings,
      Ed25519KeyPair key,
      EventLoopScheduler scheduler,
      NodeService service,
      Store store,
      Supplier<NetworkBundle> current,
      NodeMetrics metrics,
      List<SignedDecision> heads,
      List<AutoCloseable> open) {
    if (dns.providers().isEmpty()) {
      return Optional.empty();
    }
    if (!settings.isSigner()) {
      LOG.warn("DNS providers are configured but this node's key is not a signer of the roster");
      return Optional.empty();
    }
    ReceiptIssuer receipts =
        new ReceiptIssuer(
            settings.roster().networkId(),
            dns.providers().stream().map(p -> p.id()).toList(),
            key,
            scheduler,
            settings.interval(),
            service::publishReceipt);
    Reconciler reconciler =
        new Reconciler(
            dns.providers(),
            new RouterWriter(System::nanoTime),
            scheduler,
            dns.reconcileEvery(),
            dns.listener().andThen(receipts).andThen(metrics.providers()));
    open.add(reconciler::stop);
    service.setTakeoverDelay(dns.takeoverDelay());
    SignerRole role =
        new SignerRole(reconciler, RouterTargets.fromBundle(current, dns.recordNames()));
    for (SignedDecision head : heads) {
      store.receipts(head.decision().id()).join().stream()
          .filter(r -> r.signer().equals(key.publicKey()))
          .forEach(receipts::resume);
    }
    heads.forEach(role::resume);
    service.addListener(role);
    LOG.info(
        "signer: writing {} router(s) to {}",
        current.get().routers().size(),
        dns.providers().stream().map(p -> p.id()).toList());
    return Optional.of(reconciler);
  }
}
