package org.peerprobe.p2p.pubsub;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.function.LongSupplier;
import org.peerprobe.p2p.core.PeerId;

/**
 * Delivery records that feed P2, P3 and P4 (js {@code message-deliveries.js}): who delivered each
 * message and whether it turned out valid, so that peers forwarding a message while it is still
 * being validated are credited (or blamed) once the verdict is known.
 *
 * <p>Router-thread only. Memory: one record per message id seen in the last {@code retention} (the
 * seen TTL), at most {@code maxRecords} (oldest dropped first); each record holds the peers that
 * delivered a copy before validation finished (at most the connected peers).
 */
final class DeliveryTracker {
  enum Status {
    PENDING,
    VALID,
    INVALID,
    IGNORED
  }

  private static final class Record {
    final long expiresAt;
    Status status = Status.PENDING;
    long validatedAt;
    final Set<PeerId> peers = new HashSet<>();

    Record(long expiresAt) {
      this.expiresAt = expiresAt;
    }
  }

  private final PeerScore score;
  private final LongSupplier clock;
  private final long retentionMillis;
  private final int maxRecords;
  private final LinkedHashMap<MessageId, Record> records = new LinkedHashMap<>();

  DeliveryTracker(PeerScore score, LongSupplier clock, long retentionMillis, int maxRecords) {
    this.score = score;
    this.clock = clock;
    this.retentionMillis = retentionMillis;
    this.maxRecords = maxRecords;
  }

  /** A new message (valid signature) entered validation. */
  void validating(MessageId id) {
    record(id);
  }

  /** The message was accepted: credit its first deliverer and mesh peers that raced it. */
  void deliver(MessageId id, String topic, PeerId from) {
    Record r = record(id);
    score.markFirstMessageDelivery(from, topic);
    if (r.status != Status.PENDING) {
      return;
    }
    r.status = Status.VALID;
    r.validatedAt = clock.getAsLong();
    for (PeerId p : r.peers) {
      if (!p.equals(from)) {
        score.markDuplicateMessageDelivery(p, topic, r.validatedAt);
      }
    }
  }

  /** The validator REJECTed the message: P4 for its deliverers. */
  void reject(MessageId id, String topic, PeerId from) {
    Record r = record(id);
    if (r.status != Status.PENDING) {
      return;
    }
    r.status = Status.INVALID;
    score.markInvalidMessageDelivery(from, topic);
    for (PeerId p : r.peers) {
      score.markInvalidMessageDelivery(p, topic);
    }
    r.peers.clear();
  }

  /** The validator IGNOREd the message (or validation was dropped): no one is scored. */
  void ignore(MessageId id) {
    Record r = record(id);
    if (r.status == Status.PENDING) {
      r.status = Status.IGNORED;
      r.peers.clear();
    }
  }

  /** {@code from} sent a copy of a message already seen. */
  void duplicate(MessageId id, String topic, PeerId from) {
    Record r = record(id);
    switch (r.status) {
      case PENDING -> r.peers.add(from);
      case VALID -> {
        if (r.peers.add(from)) {
          score.markDuplicateMessageDelivery(from, topic, r.validatedAt);
        }
      }
      case INVALID -> score.markInvalidMessageDelivery(from, topic);
      case IGNORED -> {}
    }
  }

  /** Whether {@code peer} already sent us a copy of {@code id} (no need to forward it there). */
  boolean sentBy(MessageId id, PeerId peer) {
    Record r = records.get(id);
    return r != null && r.peers.contains(peer);
  }

  /** Drops expired records. */
  void gc() {
    long now = clock.getAsLong();
    for (Iterator<Record> it = records.values().iterator(); it.hasNext(); ) {
      if (it.next().expiresAt > now) {
        break;
      }
      it.remove();
    }
  }

  int size() {
    return records.size();
  }

  private Record record(MessageId id) {
    Record r = records.get(id);
    if (r == null) {
      r = new Record(clock.getAsLong() + retentionMillis);
      records.put(id, r);
      if (records.size() > maxRecords) {
        Iterator<MessageId> oldest = records.keySet().iterator();
        oldest.next();
        oldest.remove();
      }
    }
    return r;
  }
}
