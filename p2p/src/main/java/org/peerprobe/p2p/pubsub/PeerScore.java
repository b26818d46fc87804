package org.peerprobe.p2p.pubsub;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.peerprobe.p2p.core.PeerId;

/**
 * Gossipsub v1.1 peer scores (js {@code peer-score.js}, {@code compute-score.js}): per-topic P1
 * time in mesh, P2 first deliveries, P3 mesh delivery deficit, P3b mesh failure penalty, P4 invalid
 * messages; P5 application score; P7 behaviour penalty. No P6.
 *
 * <p>Router-thread only. Memory: one entry per connected peer and topic with parameters, plus at
 * most {@link ScoreParams#maxRetainedPeers} disconnected peers whose non-positive score is kept for
 * {@link ScoreParams#retainScore} (the oldest are evicted first) so that reconnecting does not wash
 * a bad score.
 */
final class PeerScore {
  private final ScoreParams params;
  private final LongSupplier clock;
  private final Map<PeerId, PeerStats> stats = new HashMap<>();

  /** Disconnected peers with retained scores, oldest first. */
  private final LinkedHashMap<PeerId, Long> retained = new LinkedHashMap<>();

  private static final class PeerStats {
    boolean connected = true;
    final Map<String, TopicStats> topics = new HashMap<>();
    double behaviourPenalty;
  }

  private static final class TopicStats {
    boolean inMesh;
    long graftTime;
    long meshTime;
    double firstMessageDeliveries;
    double meshMessageDeliveries;
    boolean meshMessageDeliveriesActive;
    double meshFailurePenalty;
    double invalidMessageDeliveries;
  }

  PeerScore(ScoreParams params, LongSupplier clock) {
    this.params = params;
    this.clock = clock;
  }

  ScoreParams params() {
    return params;
  }

  void addPeer(PeerId peer) {
    retained.remove(peer);
    PeerStats s = stats.computeIfAbsent(peer, p -> new PeerStats());
    s.connected = true;
  }

  void removePeer(PeerId peer) {
    PeerStats s = stats.get(peer);
    if (s == null) {
      return;
    }
    if (score(peer) > 0 || params.maxRetainedPeers == 0) {
      stats.remove(peer);
      return;
    }
    for (Map.Entry<String, TopicStats> e : s.topics.entrySet()) {
      TopicStats t = e.getValue();
      t.firstMessageDeliveries = 0;
      applyMeshFailure(t, params.topicParams(e.getKey()));
      t.inMesh = false;
    }
    s.connected = false;
    retained.put(peer, clock.getAsLong() + params.retainScore.toMillis());
    while (retained.size() > params.maxRetainedPeers) {
      Iterator<PeerId> oldest = retained.keySet().iterator();
      stats.remove(oldest.next());
      oldest.remove();
    }
  }

  void graft(PeerId peer, String topic) {
    TopicStats t = topicStats(peer, topic);
    if (t != null) {
      t.inMesh = true;
      t.graftTime = clock.getAsLong();
      t.meshTime = 0;
      t.meshMessageDeliveriesActive = false;
    }
  }

  void prune(PeerId peer, String topic) {
    TopicStats t = topicStats(peer, topic);
    if (t != null) {
      applyMeshFailure(t, params.topicParams(topic));
      t.meshMessageDeliveriesActive = false;
      t.inMesh = false;
    }
  }

  /** P7: a broken IWANT promise, a GRAFT during backoff, … */
  void addPenalty(PeerId peer, int count) {
    PeerStats s = stats.get(peer);
    if (s != null && s.connected) {
      s.behaviourPenalty += count;
    }
  }

  /** P2 (and P3 when in the mesh): the peer was first to deliver a valid message. */
  void markFirstMessageDelivery(PeerId peer, String topic) {
    TopicStats t = topicStats(peer, topic);
    if (t == null) {
      return;
    }
    TopicScoreParams tp = params.topicParams(topic);
    t.firstMessageDeliveries =
        Math.min(t.firstMessageDeliveries + 1, tp.firstMessageDeliveriesCap());
    if (t.inMesh) {
      t.meshMessageDeliveries =
          Math.min(t.meshMessageDeliveries + 1, tp.meshMessageDeliveriesCap());
    }
  }

  /** P3: a mesh peer delivered a duplicate within the delivery window of the first copy. */
  void markDuplicateMessageDelivery(PeerId peer, String topic, long validatedAt) {
    TopicStats t = topicStats(peer, topic);
    if (t == null || !t.inMesh) {
      return;
    }
    TopicScoreParams tp = params.topicParams(topic);
    if (validatedAt != 0
        && clock.getAsLong() > validatedAt + tp.meshMessageDeliveriesWindow().toMillis()) {
      return;
    }
    t.meshMessageDeliveries = Math.min(t.meshMessageDeliveries + 1, tp.meshMessageDeliveriesCap());
  }

  /** P4: the peer sent a message that failed StrictSign or that a validator REJECTed. */
  void markInvalidMessageDelivery(PeerId peer, String topic) {
    TopicStats t = topicStats(peer, topic);
    if (t != null) {
      t.invalidMessageDeliveries += 1;
    }
  }

  /** The peer's current score; 0 for unknown peers. */
  double score(PeerId peer) {
    PeerStats s = stats.get(peer);
    if (s == null) {
      return 0;
    }
    double score = 0;
    for (Map.Entry<String, TopicStats> e : s.topics.entrySet()) {
      TopicScoreParams tp = params.topicParams(e.getKey());
      if (tp != null) {
        score += topicScore(e.getValue(), tp) * tp.topicWeight();
      }
    }
    if (params.topicScoreCap > 0 && score > params.topicScoreCap) {
      score = params.topicScoreCap;
    }
    score += params.appSpecificScore.applyAsDouble(peer) * params.appSpecificWeight;
    if (s.behaviourPenalty > params.behaviourPenaltyThreshold) {
      double excess = s.behaviourPenalty - params.behaviourPenaltyThreshold;
      score += excess * excess * params.behaviourPenaltyWeight;
    }
    return score;
  }

  private static double topicScore(TopicStats t, TopicScoreParams tp) {
    double score = 0;
    if (t.inMesh) {
      double p1 = (double) t.meshTime / tp.timeInMeshQuantum().toMillis();
      score += Math.min(p1, tp.timeInMeshCap()) * tp.timeInMeshWeight();
    }
    score += t.firstMessageDeliveries * tp.firstMessageDeliveriesWeight();
    if (t.meshMessageDeliveriesActive
        && t.meshMessageDeliveries < tp.meshMessageDeliveriesThreshold()) {
      double deficit = tp.meshMessageDeliveriesThreshold() - t.meshMessageDeliveries;
      score += deficit * deficit * tp.meshMessageDeliveriesWeight();
    }
    score += t.meshFailurePenalty * tp.meshFailurePenaltyWeight();
    score +=
        t.invalidMessageDeliveries
            * t.invalidMessageDeliveries
            * tp.invalidMessageDeliveriesWeight();
    return score;
  }

  /** Decays counters once per {@link ScoreParams#decayInterval}; expires retained scores. */
  void refresh() {
    long now = clock.getAsLong();
    for (Iterator<Map.Entry<PeerId, Long>> it = retained.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<PeerId, Long> e = it.next();
      if (e.getValue() > now) {
        break;
      }
      stats.remove(e.getKey());
      it.remove();
    }
    double zero = params.decayToZero;
    for (PeerStats s : stats.values()) {
      if (!s.connected) {
        continue;
      }
      for (Map.Entry<String, TopicStats> e : s.topics.entrySet()) {
        TopicScoreParams tp = params.topicParams(e.getKey());
        TopicStats t = e.getValue();
        t.firstMessageDeliveries =
            decay(t.firstMessageDeliveries, tp.firstMessageDeliveriesDecay(), zero);
        t.meshMessageDeliveries =
            decay(t.meshMessageDeliveries, tp.meshMessageDeliveriesDecay(), zero);
        t.meshFailurePenalty = decay(t.meshFailurePenalty, tp.meshFailurePenaltyDecay(), zero);
        t.invalidMessageDeliveries =
            decay(t.invalidMessageDeliveries, tp.invalidMessageDeliveriesDecay(), zero);
        if (t.inMesh) {
          t.meshTime = now - t.graftTime;
          if (t.meshTime > tp.meshMessageDeliveriesActivation().toMillis()) {
            t.meshMessageDeliveriesActive = true;
          }
        }
      }
      s.behaviourPenalty = decay(s.behaviourPenalty, params.behaviourPenaltyDecay, zero);
    }
  }

  private static double decay(double value, double factor, double toZero) {
    double v = value * factor;
    return v < toZero ? 0 : v;
  }

  private static void applyMeshFailure(TopicStats t, TopicScoreParams tp) {
    if (t.inMesh
        && t.meshMessageDeliveriesActive
        && t.meshMessageDeliveries < tp.meshMessageDeliveriesThreshold()) {
      double deficit = tp.meshMessageDeliveriesThreshold() - t.meshMessageDeliveries;
      t.meshFailurePenalty += deficit * deficit;
    }
  }

  /** Stats of a connected peer in a scored topic, created on first use; else null. */
  private TopicStats topicStats(PeerId peer, String topic) {
    PeerStats s = stats.get(peer);
    if (s == null || !s.connected || params.topicParams(topic) == null) {
      return null;
    }
    return s.topics.computeIfAbsent(topic, t -> new TopicStats());
  }
}
