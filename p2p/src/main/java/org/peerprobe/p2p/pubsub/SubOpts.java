package org.peerprobe.p2p.pubsub;

import java.util.Objects;

/**
 * {@code SubOpts{bool subscribe = 1; string topicid = 2}}: a peer announces that it joined or left
 * a topic.
 */
public record SubOpts(boolean subscribe, String topic) {
  public SubOpts {
    Objects.requireNonNull(topic, "topic");
  }
}
