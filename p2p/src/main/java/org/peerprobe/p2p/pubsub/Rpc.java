package org.peerprobe.p2p.pubsub;

import java.util.List;
import java.util.Objects;

/**
 * One gossipsub frame: {@code RPC{repeated SubOpts subscriptions = 1; repeated Message publish = 2;
 * ControlMessage control = 3}} (libp2p specs pubsub/README.md). Immutable lists; the byte arrays
 * inside messages are not copied and must be treated as read-only.
 */
public record Rpc(List<SubOpts> subscriptions, List<Message> publish, ControlMessage control) {
  public static final Rpc EMPTY = new Rpc(List.of(), List.of(), ControlMessage.EMPTY);

  public Rpc {
    subscriptions = List.copyOf(subscriptions);
    publish = List.copyOf(publish);
    control = Objects.requireNonNullElse(control, ControlMessage.EMPTY);
  }

  public static Rpc ofSubscriptions(List<SubOpts> subscriptions) {
    return new Rpc(subscriptions, List.of(), ControlMessage.EMPTY);
  }

  public static Rpc ofMessages(List<Message> messages) {
    return new Rpc(List.of(), messages, ControlMessage.EMPTY);
  }

  public static Rpc ofControl(ControlMessage control) {
    return new Rpc(List.of(), List.of(), control);
  }

  /** True when the frame carries nothing (such frames are never sent). */
  public boolean isEmpty() {
    return subscriptions.isEmpty() && publish.isEmpty() && control.isEmpty();
  }
}
