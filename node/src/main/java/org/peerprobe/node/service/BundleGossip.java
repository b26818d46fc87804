package org.peerprobe.node.service;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;
import org.peerprobe.p2p.core.Scheduler;
import org.peerprobe.p2p.pubsub.PubSub;
import org.peerprobe.p2p.pubsub.ReceivedMessage;
import org.peerprobe.p2p.pubsub.ValidationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spreads network bundle updates over the bundle topic. A node adopts a bundle only when the
 * operator it trusts signed it for its network with a higher version than the one it holds; the
 * adopted bundle is handed to {@code onAdopted} (which persists it and applies it) before gossip
 * relays it further.
 *
 * <p>Nodes that lag catch up two ways: a node announces its bundle once soon after starting, and a
 * node that receives an older version than its own answers with its own (at most once per {@link
 * #MIN_ANNOUNCE_SPACING}), so the newest version wins without anyone republishing on a timer.
 *
 * <p>Validation: a bundle not signed by the trusted operator, with a bad signature or for another
 * network is rejected (the sender is penalised); an older or equal version is ignored, because an
 * honest peer may simply not have the update yet.
 *
 * <p>One writer: every method runs on the node's scheduler.
 */
public final class BundleGossip {
  private static final Logger LOG = LoggerFactory.getLogger(BundleGossip.class);

  /** Shortest time between two announcements of this node's bundle. */
  public static final Duration MIN_ANNOUNCE_SPACING = Duration.ofSeconds(10);

  /** Delay of the first announcement after start, so that the mesh has formed. */
  public static final Duration FIRST_ANNOUNCE_DELAY = Duration.ofSeconds(3);

  private final Ed25519PublicKey trustedOperator;
  private final PubSub pubsub;
  private final String topic;
  private final Scheduler scheduler;
  private final Consumer<SignedBundle> onAdopted;
  private final java.util.concurrent.atomic.AtomicLong rejected =
      new java.util.concurrent.atomic.AtomicLong();
  private SignedBundle current;
  private long lastAnnounceMs = Long.MIN_VALUE;
  private boolean announcePending;

  public BundleGossip(
      Ed25519PublicKey trustedOperator,
      SignedBundle current,
      PubSub pubsub,
      String topic,
      Scheduler scheduler,
      Consumer<SignedBundle> onAdopted) {
    this.trustedOperator = trustedOperator;
    this.current = current;
    this.pubsub = pubsub;
    this.topic = topic;
    this.scheduler = scheduler;
    this.onAdopted = onAdopted;
  }

  public void start() {
    pubsub.registerValidator(topic, m -> onScheduler(() -> onBundle(m)));
    pubsub.subscribe(topic, m -> {});
    scheduler.schedule(FIRST_ANNOUNCE_DELAY, this::announce);
  }

  /** Bundles rejected from the network since start (forged, another network, malformed). */
  public long rejectedCount() {
    return rejected.get();
  }

  /** The bundle this node runs. */
  public CompletableFuture<SignedBundle> current() {
    return onScheduler(() -> current);
  }

  /**
   * Offers a bundle from a local source (the operator re-signed the bundle file): adopted and
   * published when it is newer and signed by the trusted operator.
   *
   * @return the outcome; invalid when refused, with the reason
   */
  public CompletableFuture<Validated<NetworkBundle>> offer(SignedBundle candidate) {
    return onScheduler(
        () -> {
          Validated<NetworkBundle> v = candidate.verify(trustedOperator, Optional.of(bundle()));
          if (v.isValid()) {
            adopt(candidate);
            publish();
          }
          return v;
        });
  }

  private ValidationResult onBundle(ReceivedMessage m) {
    Validated<SignedBundle> decoded = SignedBundle.decode(m.data());
    if (!decoded.isValid()) {
      return reject(m, decoded.toString());
    }
    SignedBundle candidate = decoded.orElseThrow();
    Validated<NetworkBundle> v = candidate.verify(trustedOperator, Optional.of(bundle()));
    if (v.isValid()) {
      adopt(candidate);
      return ValidationResult.ACCEPT;
    }
    Validated.Invalid<NetworkBundle> bad = (Validated.Invalid<NetworkBundle>) v;
    if (bad.rejection() == Rejection.STALE_VERSION) {
      if (candidate.bundle().version() < bundle().version()) {
        announce();
      }
      return ValidationResult.IGNORE;
    }
    return reject(m, v.toString());
  }

  private ValidationResult reject(ReceivedMessage m, String reason) {
    rejected.incrementAndGet();
    LOG.info("rejected a bundle relayed by {}: {}", m.propagationSource(), reason);
    return ValidationResult.REJECT;
  }

  private void adopt(SignedBundle next) {
    LOG.info("adopting network bundle v{} (was v{})", next.bundle().version(), bundle().version());
    current = next;
    onAdopted.accept(next);
  }

  private NetworkBundle bundle() {
    return current.bundle();
  }

  /** Publishes the current bundle, at most once per {@link #MIN_ANNOUNCE_SPACING}. */
  private void announce() {
    long now = scheduler.nowMillis();
    long wait = lastAnnounceMs + MIN_ANNOUNCE_SPACING.toMillis() - now;
    if (lastAnnounceMs != Long.MIN_VALUE && wait > 0) {
      if (!announcePending) {
        announcePending = true;
        scheduler.schedule(
            Duration.ofMillis(wait),
            () -> {
              announcePending = false;
              announce();
            });
      }
      return;
    }
    publish();
  }

  private void publish() {
    lastAnnounceMs = scheduler.nowMillis();
    byte[] data = current.encode();
    try {
      pubsub
          .publish(topic, data)
          .whenComplete(
              (ok, err) -> {
                if (err != null) {
                  LOG.debug("bundle announcement reached nobody: {}", err.toString());
                }
              });
    } catch (IllegalArgumentException e) {
      LOG.warn("bundle v{} is too large to gossip: {}", bundle().version(), e.getMessage());
    }
  }

  private <T> CompletableFuture<T> onScheduler(java.util.function.Supplier<T> task) {
    return OnScheduler.call(scheduler, LOG, task);
  }
}
