package org.peerprobe.p2p.pubsub;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;
import org.peerprobe.p2p.core.PeerId;

/**
 * IWANT promises (js {@code tracer.js}, go {@code gossipTracer}): when we send an IWANT we expect
 * one of its messages, picked at random, within {@link GossipParams#iwantFollowupTime}. A peer that
 * advertised it and did not deliver it in time broke its promise and earns a P7 penalty.
 *
 * <p>Router-thread only. Memory: at most {@code maxPromises} (message, peer) promises; beyond that
 * no new IWANT is sent until old promises resolve or expire.
 */
final class GossipPromises {
  private final LongSupplier clock;
  private final long followupMillis;
  private final int maxPromises;
  private final Map<MessageId, Map<PeerId, Long>> promises = new HashMap<>();
  private int count;

  GossipPromises(LongSupplier clock, long followupMillis, int maxPromises) {
    this.clock = clock;
    this.followupMillis = followupMillis;
    this.maxPromises = maxPromises;
  }

  boolean full() {
    return count >= maxPromises;
  }

  /** Tracks a promise of {@code peer} for one of {@code ids}, chosen with {@code random}. */
  void add(PeerId peer, List<MessageId> ids, Random random) {
    if (ids.isEmpty() || full()) {
      return;
    }
    MessageId id = ids.get(random.nextInt(ids.size()));
    Map<PeerId, Long> byPeer = promises.computeIfAbsent(id, k -> new HashMap<>());
    if (byPeer.putIfAbsent(peer, clock.getAsLong() + followupMillis) == null) {
      count++;
    }
  }

  /** A message with a valid signature arrived: every promise for it is kept. */
  void fulfilled(MessageId id) {
    Map<PeerId, Long> removed = promises.remove(id);
    if (removed != null) {
      count -= removed.size();
    }
  }

  /** Removes expired promises and returns how many each peer broke. */
  Map<PeerId, Integer> collectBroken() {
    long now = clock.getAsLong();
    Map<PeerId, Integer> broken = new HashMap<>();
    for (Iterator<Map<PeerId, Long>> it = promises.values().iterator(); it.hasNext(); ) {
      Map<PeerId, Long> byPeer = it.next();
      for (Iterator<Map.Entry<PeerId, Long>> pit = byPeer.entrySet().iterator(); pit.hasNext(); ) {
        Map.Entry<PeerId, Long> e = pit.next();
        if (e.getValue() < now) {
          broken.merge(e.getKey(), 1, Integer::sum);
          pit.remove();
          count--;
        }
      }
      if (byPeer.isEmpty()) {
        it.remove();
      }
    }
    return broken;
  }

  int size() {
    return count;
  }
}
