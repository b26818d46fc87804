package org.peerprobe.p2p.pubsub;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;
import org.peerprobe.p2p.core.PeerId;

/**
 * Per-topic GRAFT backoff (gossipsub-v1.1.md "Prune Backoff and Peer Exchange"): after a PRUNE in
 * either direction neither side may GRAFT the other on that topic until the backoff expires.
 *
 * <p>Router-thread only. Memory: at most {@code maxEntries} (topic, peer) entries; when full,
 * expired entries are cleared, then the entry of the same topic that expires first is evicted; a
 * backoff is dropped only when neither frees room.
 */
final class Backoffs {
  /** Longest backoff honoured from a peer's PRUNE (a larger value is capped). */
  static final long MAX_BACKOFF_MILLIS = 24 * 3600 * 1000L;

  private final LongSupplier clock;
  private final int maxEntries;
  private final long slackMillis;
  private final Map<String, Map<PeerId, Long>> expiry = new HashMap<>();
  private int count;

  /**
   * @param slackMillis added to every expiry before we GRAFT again (one heartbeat, as js {@code
   *     BACKOFF_SLACK}), so clock skew does not make our GRAFT arrive just early
   */
  Backoffs(LongSupplier clock, int maxEntries, long slackMillis) {
    this.clock = clock;
    this.maxEntries = maxEntries;
    this.slackMillis = slackMillis;
  }

  /** Backs off {@code peer} on {@code topic} for at least {@code millis} from now. */
  void add(String topic, PeerId peer, long millis) {
    long until = clock.getAsLong() + Math.min(millis, MAX_BACKOFF_MILLIS);
    Map<PeerId, Long> byPeer = expiry.computeIfAbsent(topic, t -> new HashMap<>());
    Long old = byPeer.get(peer);
    if (old != null) {
      byPeer.put(peer, Math.max(old, until));
      return;
    }
    if (count >= maxEntries) {
      gc();
      if (count >= maxEntries && !evictEarliest(byPeer)) {
        return;
      }
      byPeer = expiry.computeIfAbsent(topic, t -> new HashMap<>());
    }
    byPeer.put(peer, until);
    count++;
  }

  /** Whether we must not GRAFT {@code peer} on {@code topic} yet (expiry plus slack). */
  boolean isBackedOff(String topic, PeerId peer) {
    Long until = expiry.getOrDefault(topic, Map.of()).get(peer);
    return until != null && until + slackMillis > clock.getAsLong();
  }

  /** The expiry of {@code peer}'s backoff on {@code topic}, or 0 when none. */
  long expiresAt(String topic, PeerId peer) {
    return expiry.getOrDefault(topic, Map.of()).getOrDefault(peer, 0L);
  }

  void gc() {
    long now = clock.getAsLong();
    for (Iterator<Map<PeerId, Long>> it = expiry.values().iterator(); it.hasNext(); ) {
      Map<PeerId, Long> byPeer = it.next();
      int before = byPeer.size();
      byPeer.values().removeIf(until -> until + slackMillis <= now);
      count -= before - byPeer.size();
      if (byPeer.isEmpty()) {
        it.remove();
      }
    }
  }

  int size() {
    return count;
  }

  private boolean evictEarliest(Map<PeerId, Long> byPeer) {
    PeerId earliest = null;
    long min = Long.MAX_VALUE;
    for (Map.Entry<PeerId, Long> e : byPeer.entrySet()) {
      if (e.getValue() < min) {
        min = e.getValue();
        earliest = e.getKey();
      }
    }
    if (earliest == null) {
      return false;
    }
    byPeer.remove(earliest);
    count--;
    return true;
  }
}
