package org.peerprobe.p2p.pubsub;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.peerprobe.p2p.core.PeerId;

/**
 * Topic-based publish/subscribe over gossipsub: the small API the rest of peerprobe uses, so the
 * implementation could be swapped for jvm-libp2p.
 *
 * <p><b>Threading.</b> {@link #subscribe}, {@link Subscription#cancel}, {@link #publish} and {@link
 * #registerValidator} may be called from any thread: each posts a task to the router's single
 * thread (its {@link org.peerprobe.p2p.core.Scheduler}) and returns at once. Handlers, validators'
 * invocations and the completion of publish futures happen on that thread: they must not block
 * (hand slow work to another executor and complete the validator's stage later). The introspection
 * methods ({@link #topics}, {@link #peers}, {@link #meshPeers}, {@link #score}) read router state
 * and must be called on the router thread (e.g. inside {@code scheduler.execute}); elsewhere they
 * throw {@link IllegalStateException}.
 */
public interface PubSub {

  /**
   * Subscribes {@code handler} to {@code topic}. The first subscription to a topic announces it to
   * every peer and builds the topic's mesh. Messages are delivered after validation, once each.
   */
  Subscription subscribe(String topic, MessageHandler handler);

  /**
   * Signs (StrictSign, with the host key and the next seqno) and publishes {@code data}. The future
   * completes on the router thread once the message was handed to the transport for every chosen
   * peer; it fails with {@link PublishException} when no peer can take it (unless {@link
   * GossipParams#allowPublishToZeroPeers}), or with {@link IllegalArgumentException} when the
   * message would not fit in {@link RpcLimits#maxRpcBytes}. Own messages are not delivered to own
   * handlers.
   */
  CompletableFuture<Void> publish(String topic, byte[] data);

  /**
   * Sets the validator of {@code topic} (replacing any previous one; null removes it). Messages on
   * a topic without validator are accepted once their signature verifies.
   */
  void registerValidator(String topic, Validator validator);

  /** The topics this node subscribes to. Router thread only. */
  Set<String> topics();

  /** Connected peers that announced {@code topic}. Router thread only. */
  Set<PeerId> peers(String topic);

  /** This node's mesh (or fanout, when not subscribed) peers for {@code topic}. Router thread. */
  Set<PeerId> meshPeers(String topic);

  /** The current gossipsub score of {@code peer} (0 when unknown). Router thread only. */
  double score(PeerId peer);

  /** A subscription handle; {@link #cancel()} is idempotent and thread-safe. */
  interface Subscription {
    String topic();

    void cancel();
  }

  /** Receives validated messages of a topic, on the router thread; must not block. */
  @FunctionalInterface
  interface MessageHandler {
    void onMessage(ReceivedMessage message);
  }
}
