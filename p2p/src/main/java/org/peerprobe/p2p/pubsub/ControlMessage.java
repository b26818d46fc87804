package org.peerprobe.p2p.pubsub;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * {@code ControlMessage{ihave = 1; iwant = 2; graft = 3; prune = 4; idontwant = 5}}
 * (gossipsub-v1.0.md, v1.1.md). IDONTWANT (v1.2) is never negotiated here: received entries are
 * counted against the limits and skipped without allocation, so it has no field.
 */
public record ControlMessage(
    List<IHave> ihave, List<IWant> iwant, List<Graft> graft, List<Prune> prune) {
  public static final ControlMessage EMPTY =
      new ControlMessage(List.of(), List.of(), List.of(), List.of());

  public ControlMessage {
    ihave = List.copyOf(ihave);
    iwant = List.copyOf(iwant);
    graft = List.copyOf(graft);
    prune = List.copyOf(prune);
  }

  public boolean isEmpty() {
    return ihave.isEmpty() && iwant.isEmpty() && graft.isEmpty() && prune.isEmpty();
  }

  /** {@code ControlIHave{string topicID = 1; repeated bytes messageIDs = 2}}. */
  public record IHave(String topic, List<MessageId> messageIds) {
    public IHave {
      Objects.requireNonNull(topic, "topic");
      messageIds = List.copyOf(messageIds);
    }
  }

  /** {@code ControlIWant{repeated bytes messageIDs = 1}}. */
  public record IWant(List<MessageId> messageIds) {
    public IWant {
      messageIds = List.copyOf(messageIds);
    }
  }

  /** {@code ControlGraft{string topicID = 1}}. */
  public record Graft(String topic) {
    public Graft {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /**
   * {@code ControlPrune{string topicID = 1; repeated PeerInfo peers = 2; uint64 backoff = 3}}; a
   * backoff of 0 means "not set" (v1.0 peers, or the default backoff applies).
   */
  public record Prune(String topic, List<PeerInfo> peers, long backoffSeconds) {
    public Prune {
      Objects.requireNonNull(topic, "topic");
      peers = List.copyOf(peers);
      if (backoffSeconds < 0) {
        throw new IllegalArgumentException("backoff must be >= 0 (0 = not set)");
      }
    }
  }

  /**
   * {@code PeerInfo{bytes peerID = 1; bytes signedPeerRecord = 2}}: a peer-exchange candidate.
   * Either field may be {@code null} (absent). The signed record is passed through unverified.
   */
  public record PeerInfo(byte[] peerId, byte[] signedPeerRecord) {
    @Override
    public boolean equals(Object o) {
      return o instanceof PeerInfo p
          && Arrays.equals(peerId, p.peerId)
          && Arrays.equals(signedPeerRecord, p.signedPeerRecord);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(peerId) + Arrays.hashCode(signedPeerRecord);
    }

    @Override
    public String toString() {
      return "PeerInfo{"
          + (peerId == null ? "-" : peerId.length + "B id")
          + (signedPeerRecord == null ? "" : ", record")
          + "}";
    }
  }
}
