package org.peerprobe.node.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.pubsub.PubSub;
import org.peerprobe.p2p.pubsub.Validator;

/**
 * A gossip stand-in for one node's tests in virtual time: it records the validators the node
 * registers (tests call them directly with crafted messages) and what the node publishes, and
 * delivers nothing by itself.
 */
public final class RecordingPubSub implements PubSub {
  public final Map<String, Validator> validators = new HashMap<>();
  public final Map<String, List<byte[]>> published = new HashMap<>();
  private final BiConsumer<String, byte[]> onPublish;

  public RecordingPubSub() {
    this((topic, data) -> {});
  }

  /** Also tells {@code onPublish} of each publication, as it happens. */
  public RecordingPubSub(BiConsumer<String, byte[]> onPublish) {
    this.onPublish = onPublish;
  }

  @Override
  public Subscription subscribe(String topic, MessageHandler handler) {
    return new Subscription() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public void cancel() {}
    };
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] data) {
    published.computeIfAbsent(topic, t -> new ArrayList<>()).add(data);
    onPublish.accept(topic, data);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void registerValidator(String topic, Validator validator) {
    validators.put(topic, validator);
  }

  @Override
  public Set<String> topics() {
    return validators.keySet();
  }

  @Override
  public Set<PeerId> peers(String topic) {
    return Set.of();
  }

  @Override
  public Set<PeerId> meshPeers(String topic) {
    return Set.of();
  }

  @Override
  public double score(PeerId peer) {
    return 0;
  }
}
