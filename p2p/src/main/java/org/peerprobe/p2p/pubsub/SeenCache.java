package org.peerprobe.p2p.pubsub;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.LongSupplier;

/**
 * Ids of messages already processed, for {@link GossipParams#seenTtl} (js {@code seenCache}).
 * Router-thread only. Memory: at most {@code maxEntries} ids (the oldest are forgotten first, which
 * only risks re-processing a very old duplicate).
 */
final class SeenCache {
  private final LongSupplier clock;
  private final long ttlMillis;
  private final int maxEntries;

  /** Insertion order is expiry order (one TTL for all). */
  private final LinkedHashMap<MessageId, Long> expiry = new LinkedHashMap<>();

  SeenCache(LongSupplier clock, long ttlMillis, int maxEntries) {
    this.clock = clock;
    this.ttlMillis = ttlMillis;
    this.maxEntries = maxEntries;
  }

  boolean contains(MessageId id) {
    Long until = expiry.get(id);
    return until != null && until > clock.getAsLong();
  }

  /** Records {@code id}; false when it was already there (a duplicate). */
  boolean add(MessageId id) {
    if (contains(id)) {
      return false;
    }
    expiry.remove(id);
    expiry.put(id, clock.getAsLong() + ttlMillis);
    if (expiry.size() > maxEntries) {
      Iterator<MessageId> oldest = expiry.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  void gc() {
    long now = clock.getAsLong();
    for (Iterator<Long> it = expiry.values().iterator(); it.hasNext(); ) {
      if (it.next() > now) {
        break;
      }
      it.remove();
    }
  }

  int size() {
    return expiry.size();
  }
}
