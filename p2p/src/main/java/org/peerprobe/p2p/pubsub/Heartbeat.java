package org.peerprobe.p2p.pubsub;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.pubsub.ControlMessage.IHave;

/**
 * The periodic heartbeat (gossipsub-v1.0.md "Heartbeat", v1.1.md "Outbound Mesh Quotas",
 * "Opportunistic Grafting"; go/js {@code heartbeat}): penalise broken IWANT promises, repair each
 * mesh towards D within [D_lo, D_hi] keeping the D_score best and at least D_out outbound peers,
 * expire and refill fanout, emit IHAVE gossip to D_lazy (or gossipFactor of the) non-mesh peers,
 * shift the message cache, decay scores and disconnect peers below the disconnect threshold.
 * Router-thread only.
 */
final class Heartbeat {
  private static final System.Logger LOG = System.getLogger(Heartbeat.class.getName());

  private final RouterState s;
  private final Membership membership;
  private long ticks;
  private long lastDecay;

  Heartbeat(RouterState s, Membership membership) {
    this.s = s;
    this.membership = membership;
    this.lastDecay = s.now();
  }

  void run() {
    ticks++;
    for (PeerState ps : s.peers.values()) {
      ps.ihavesThisHeartbeat = 0;
      ps.idsAskedThisHeartbeat = 0;
    }
    s.promises.collectBroken().forEach((peer, count) -> s.score.addPenalty(peer, count));
    if (s.now() - lastDecay >= s.scoreParams.decayInterval.toMillis()) {
      s.score.refresh();
      lastDecay = s.now();
    }
    disconnectBadPeers();

    Map<PeerId, List<String>> toGraft = new LinkedHashMap<>();
    Map<PeerId, List<String>> toPrune = new LinkedHashMap<>();
    Set<PeerId> noPx = new HashSet<>();
    for (String topic : membership.sortedTopics()) {
      maintainMesh(topic, toGraft, toPrune, noPx);
      emitGossip(topic, s.mesh.get(topic));
    }
    maintainFanout();

    toGraft.forEach((peer, topics) -> topics.forEach(t -> s.outbox.graft(peer, t)));
    toPrune.forEach(
        (peer, topics) ->
            topics.forEach(
                t -> s.outbox.prune(peer, s.makePrune(peer, t, !noPx.contains(peer), false))));

    s.mcache.shift();
    s.seen.gc();
    s.deliveries.gc();
    s.backoffs.gc();
  }

  private void disconnectBadPeers() {
    for (PeerId p : s.sortedPeers()) {
      double score = s.score(p);
      if (score < s.scoreParams.disconnectThreshold) {
        LOG.log(System.Logger.Level.INFO, "disconnecting {0}: gossip score {1}", p, score);
        membership.disconnected(p);
        s.sender.disconnect(p, "gossipsub score " + score + " below disconnect threshold");
      }
    }
  }

  private void maintainMesh(
      String topic,
      Map<PeerId, List<String>> toGraft,
      Map<PeerId, List<String>> toPrune,
      Set<PeerId> noPx) {
    Set<PeerId> mesh = s.mesh.get(topic);
    GossipParams p = s.params;
    // peers with a negative score leave, without PX
    for (PeerId peer : new ArrayList<>(mesh)) {
      if (s.score(peer) < 0) {
        prune(topic, peer, toPrune);
        noPx.add(peer);
      }
    }
    if (mesh.size() < p.dLo) {
      for (PeerId peer : s.randomPeers(topic, p.d - mesh.size(), candidate(topic, mesh))) {
        graft(topic, peer, toGraft);
      }
    }
    if (mesh.size() > p.dHi) {
      for (PeerId peer : excess(mesh)) {
        prune(topic, peer, toPrune);
      }
    }
    if (mesh.size() >= p.dLo) {
      int outbound = countOutbound(mesh);
      if (outbound < p.dOut) {
        List<PeerId> more =
            s.randomPeers(topic, p.dOut - outbound, candidate(topic, mesh).and(x -> isOutbound(x)));
        for (PeerId peer : more) {
          graft(topic, peer, toGraft);
        }
      }
    }
    if (ticks % p.opportunisticGraftTicks == 0 && mesh.size() > 1) {
      List<PeerId> byScore = new ArrayList<>(mesh);
      byScore.sort(Comparator.comparingDouble(s::score));
      double median = s.score(byScore.get(byScore.size() / 2));
      if (median < s.scoreParams.opportunisticGraftThreshold) {
        for (PeerId peer :
            s.randomPeers(
                topic,
                p.opportunisticGraftPeers,
                candidate(topic, mesh).and(x -> s.score(x) > median))) {
          graft(topic, peer, toGraft);
        }
      }
    }
  }

  /**
   * The mesh peers to prune when over D_hi: keep the D_score best, fill up to D at random, then
   * swap in outbound peers until D_out of the kept are outbound.
   */
  private List<PeerId> excess(Set<PeerId> mesh) {
    GossipParams p = s.params;
    List<PeerId> all = new ArrayList<>(mesh);
    s.sortAndShuffle(all);
    all.sort(Comparator.comparingDouble(s::score).reversed());
    List<PeerId> keep = new ArrayList<>(all.subList(0, p.dScore));
    List<PeerId> rest = new ArrayList<>(all.subList(p.dScore, all.size()));
    s.shuffle(rest);
    int fill = p.d - p.dScore;
    keep.addAll(rest.subList(0, fill));
    List<PeerId> drop = new ArrayList<>(rest.subList(fill, rest.size()));
    int outbound = countOutbound(keep);
    for (int i = keep.size() - 1; i >= p.dScore && outbound < p.dOut; i--) {
      if (isOutbound(keep.get(i))) {
        continue;
      }
      PeerId swapIn = drop.stream().filter(this::isOutbound).findFirst().orElse(null);
      if (swapIn == null) {
        break;
      }
      drop.remove(swapIn);
      drop.add(keep.set(i, swapIn));
      outbound++;
    }
    return drop;
  }

  private java.util.function.Predicate<PeerId> candidate(String topic, Set<PeerId> mesh) {
    return x -> !mesh.contains(x) && !s.backoffs.isBackedOff(topic, x) && s.score(x) >= 0;
  }

  private boolean isOutbound(PeerId peer) {
    PeerState ps = s.peers.get(peer);
    return ps != null && ps.outbound;
  }

  private int countOutbound(java.util.Collection<PeerId> peers) {
    int n = 0;
    for (PeerId peer : peers) {
      if (isOutbound(peer)) {
        n++;
      }
    }
    return n;
  }

  private void graft(String topic, PeerId peer, Map<PeerId, List<String>> toGraft) {
    s.addToMesh(topic, peer);
    toGraft.computeIfAbsent(peer, x -> new ArrayList<>()).add(topic);
  }

  private void prune(String topic, PeerId peer, Map<PeerId, List<String>> toPrune) {
    s.removeFromMesh(topic, peer);
    s.backoffs.add(topic, peer, s.params.pruneBackoff.toMillis());
    toPrune.computeIfAbsent(peer, x -> new ArrayList<>()).add(topic);
  }

  private void maintainFanout() {
    long now = s.now();
    List<String> topics = new ArrayList<>(s.fanoutLastPublish.keySet());
    topics.sort(null);
    for (String topic : topics) {
      if (s.fanoutLastPublish.get(topic) + s.params.fanoutTtl.toMillis() < now) {
        s.fanout.remove(topic);
        s.fanoutLastPublish.remove(topic);
        continue;
      }
      Set<PeerId> f = s.fanout.computeIfAbsent(topic, t -> RouterState.newPeerSet());
      double threshold = s.scoreParams.publishThreshold;
      Set<PeerId> announced = s.topicPeers.getOrDefault(topic, Set.of());
      f.removeIf(x -> !announced.contains(x) || s.score(x) < threshold);
      if (f.size() < s.params.d) {
        f.addAll(
            s.randomPeers(
                topic, s.params.d - f.size(), x -> !f.contains(x) && s.score(x) >= threshold));
      }
      emitGossip(topic, f);
    }
  }

  /** IHAVE of the recent ids of {@code topic} to D_lazy (at least) peers outside {@code skip}. */
  private void emitGossip(String topic, Set<PeerId> skip) {
    List<MessageId> ids = s.mcache.gossipIds(topic);
    if (ids.isEmpty()) {
      return;
    }
    List<PeerId> candidates =
        s.randomPeers(
            topic, -1, x -> !skip.contains(x) && s.score(x) >= s.scoreParams.gossipThreshold);
    int target = Math.max(s.params.dLazy, (int) (s.params.gossipFactor * candidates.size()));
    int max = s.params.maxIHaveLength;
    for (PeerId peer : candidates.subList(0, Math.min(target, candidates.size()))) {
      List<MessageId> peerIds = ids;
      if (ids.size() > max) {
        peerIds = new ArrayList<>(ids);
        s.shuffle(peerIds);
        peerIds = peerIds.subList(0, max);
      }
      s.outbox.ihave(peer, new IHave(topic, peerIds));
    }
  }
}
