package org.peerprobe.p2p.pubsub;

import java.util.Objects;
import org.peerprobe.p2p.core.PeerId;

/**
 * A message whose StrictSign signature verified, as handed to validators and handlers. {@code data}
 * is not copied: treat it as read-only.
 *
 * @param topic the topic it was published on
 * @param data the payload
 * @param author the PeerId that signed it ({@code from})
 * @param seqno the author's sequence number
 * @param id its id under the router's {@link MessageIdFunction}
 * @param propagationSource the peer that delivered this copy
 */
public record ReceivedMessage(
    String topic, byte[] data, PeerId author, long seqno, MessageId id, PeerId propagationSource) {
  public ReceivedMessage {
    Objects.requireNonNull(topic);
    Objects.requireNonNull(data);
    Objects.requireNonNull(author);
    Objects.requireNonNull(id);
    Objects.requireNonNull(propagationSource);
  }
}
