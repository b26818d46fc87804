package org.peerprobe.p2p.pubsub;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.core.Scheduler;

/**
 * Received and published messages (gossipsub-v1.0.md "Message Processing", js {@code
 * handleReceivedMessage}/{@code publish}): topic filter, StrictSign field checks, message id,
 * seen-cache duplicate suppression, signature verification, asynchronous topic validation with a
 * bounded number in flight, then delivery, caching and forwarding to the mesh. Router-thread only.
 */
final class MessagePipeline {
  private static final System.Logger LOG = System.getLogger(MessagePipeline.class.getName());

  private final RouterState s;
  private final Runnable flush;
  private int pendingValidations;
  private long lastSeqno;

  /**
   * @param flush run after a validation verdict arrives (in its own router task)
   */
  MessagePipeline(RouterState s, Runnable flush) {
    this.s = s;
    this.flush = flush;
    this.lastSeqno = s.now() * 1_000_000L;
  }

  int pendingValidations() {
    return pendingValidations;
  }

  void onMessages(PeerState src, List<Message> messages) {
    for (Message m : messages) {
      onMessage(src, m);
    }
  }

  private void onMessage(PeerState src, Message m) {
    String topic = m.topic();
    if (!s.subscribed(topic)) {
      return;
    }
    if (StrictSign.checkFields(m) != StrictSign.Verdict.VALID) {
      s.score.markInvalidMessageDelivery(src.id, topic);
      return;
    }
    MessageId id;
    try {
      id = s.messageIds.apply(m);
    } catch (RuntimeException e) {
      s.score.markInvalidMessageDelivery(src.id, topic);
      return;
    }
    if (s.seen.contains(id)) {
      s.deliveries.duplicate(id, topic, src.id);
      return;
    }
    if (StrictSign.verify(m) != StrictSign.Verdict.VALID) {
      s.score.markInvalidMessageDelivery(src.id, topic);
      return;
    }
    s.seen.add(id);
    s.promises.fulfilled(id);
    s.deliveries.validating(id);
    ReceivedMessage rm =
        new ReceivedMessage(
            topic,
            m.data() == null ? new byte[0] : m.data(),
            StrictSign.author(m),
            ByteBuffer.wrap(m.seqno()).getLong(),
            id,
            src.id);
    Validator validator = s.validators.get(topic);
    if (validator == null) {
      accept(rm, m);
      return;
    }
    if (pendingValidations >= s.params.maxPendingValidations) {
      s.deliveries.ignore(id);
      return;
    }
    pendingValidations++;
    CompletionStage<ValidationResult> stage;
    try {
      stage = validator.validate(rm);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "validator of " + topic + " threw", e);
      stage = CompletableFuture.completedFuture(ValidationResult.IGNORE);
    }
    boolean[] done = {false};
    Scheduler.Cancellable timeout =
        s.scheduler.schedule(
            s.params.validationTimeout, () -> verdict(done, null, rm, m, ValidationResult.IGNORE));
    stage.whenComplete(
        (r, e) ->
            s.scheduler.execute(
                () -> verdict(done, timeout, rm, m, e != null || r == null ? null : r)));
  }

  private void verdict(
      boolean[] done,
      Scheduler.Cancellable timeout,
      ReceivedMessage rm,
      Message m,
      ValidationResult r) {
    if (done[0]) {
      return;
    }
    done[0] = true;
    pendingValidations--;
    if (timeout != null) {
      timeout.cancel();
    }
    switch (r == null ? ValidationResult.IGNORE : r) {
      case ACCEPT -> accept(rm, m);
      case REJECT -> s.deliveries.reject(rm.id(), rm.topic(), rm.propagationSource());
      case IGNORE -> s.deliveries.ignore(rm.id());
    }
    flush.run();
  }

  private void accept(ReceivedMessage rm, Message m) {
    s.mcache.put(rm.id(), m);
    s.deliveries.deliver(rm.id(), rm.topic(), rm.propagationSource());
    for (PubSub.MessageHandler h : List.copyOf(s.handlers.getOrDefault(rm.topic(), List.of()))) {
      try {
        h.onMessage(rm);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "message handler of " + rm.topic() + " threw", e);
      }
    }
    Set<PeerId> meshPeers = s.mesh.get(rm.topic());
    if (meshPeers == null) {
      return;
    }
    for (PeerId p : meshPeers) {
      if (!p.equals(rm.propagationSource())
          && !p.equals(rm.author())
          && !s.deliveries.sentBy(rm.id(), p)) {
        s.outbox.message(p, m);
      }
    }
  }

  /** Signs and sends an own message; completes {@code done} once it is handed to the outbox. */
  void publish(String topic, byte[] data, CompletableFuture<Void> done) {
    lastSeqno = Math.max(lastSeqno + 1, s.now() * 1_000_000L);
    Message m = StrictSign.sign(s.hostKey, topic, data, lastSeqno, s.params.includeKey);
    int size = RpcCodec.publishEntrySize(m);
    if (size > s.params.rpcLimits.maxRpcBytes()) {
      done.completeExceptionally(
          new IllegalArgumentException(
              "message of " + size + " bytes exceeds " + s.params.rpcLimits.maxRpcBytes()));
      return;
    }
    List<PeerId> to = recipients(topic);
    if (to.isEmpty() && !s.params.allowPublishToZeroPeers) {
      done.completeExceptionally(new PublishException("no peer subscribed to " + topic));
      return;
    }
    MessageId id = s.messageIds.apply(m);
    s.seen.add(id);
    s.mcache.put(id, m);
    for (PeerId p : to) {
      s.outbox.message(p, m);
    }
    done.complete(null);
  }

  private List<PeerId> recipients(String topic) {
    double threshold = s.scoreParams.publishThreshold;
    if (s.params.floodPublish) {
      return s.randomPeers(topic, -1, p -> s.score(p) >= threshold);
    }
    Set<PeerId> meshPeers = s.mesh.get(topic);
    if (meshPeers != null) {
      return new ArrayList<>(meshPeers);
    }
    Set<PeerId> f = s.fanout.computeIfAbsent(topic, t -> RouterState.newPeerSet());
    f.removeIf(p -> s.score(p) < threshold);
    if (f.size() < s.params.d) {
      f.addAll(
          s.randomPeers(
              topic, s.params.d - f.size(), p -> !f.contains(p) && s.score(p) >= threshold));
    }
    s.fanoutLastPublish.put(topic, s.now());
    return new ArrayList<>(f);
  }
}
