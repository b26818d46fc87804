package org.peerprobe.p2p.pubsub;

import org.peerprobe.p2p.core.P2PException;

/** A local publish could not be sent (no peer subscribed to the topic, router stopped). */
public class PublishException extends P2PException {
  private static final long serialVersionUID = 1L;

  public PublishException(String message) {
    super(message);
  }
}
