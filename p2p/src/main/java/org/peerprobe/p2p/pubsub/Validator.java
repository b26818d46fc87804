package org.peerprobe.p2p.pubsub;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Application validation of a topic's messages, run after the signature verified and before the
 * message is delivered or forwarded. Invoked on the router thread; may complete its stage later on
 * any thread (the verdict is posted back to the router). A stage that fails, a validator that
 * throws, or one that takes longer than {@link GossipParams#validationTimeout} counts as {@link
 * ValidationResult#IGNORE}: a local fault must not penalise the peer.
 */
@FunctionalInterface
public interface Validator {
  CompletionStage<ValidationResult> validate(ReceivedMessage message);

  /** A validator that decides at once. */
  static Validator sync(Function<ReceivedMessage, ValidationResult> decide) {
    return m -> CompletableFuture.completedFuture(decide.apply(m));
  }
}
