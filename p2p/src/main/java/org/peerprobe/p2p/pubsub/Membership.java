package org.peerprobe.p2p.pubsub;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.peerprobe.p2p.core.PeerId;

/**
 * Peers joining and leaving, their topic announcements, and our own joins and leaves
 * (gossipsub-v1.0.md "Topic Membership"; v1.1 unsubscribe backoff). Router-thread only.
 */
final class Membership {
  private final RouterState s;

  Membership(RouterState s) {
    this.s = s;
  }

  /** A gossipsub stream is up: remember the peer and send it our subscriptions first. */
  void connected(PeerId peer, boolean v11, boolean outbound) {
    if (peer.equals(s.self)) {
      return;
    }
    if (s.peers.containsKey(peer)) {
      disconnected(peer);
    }
    s.peers.put(peer, new PeerState(peer, v11, outbound));
    s.score.addPeer(peer);
    for (String topic : sortedTopics()) {
      s.outbox.subscription(peer, new SubOpts(true, topic));
    }
  }

  void disconnected(PeerId peer) {
    PeerState ps = s.peers.remove(peer);
    if (ps == null) {
      return;
    }
    for (String topic : ps.topics) {
      removeFromTopic(topic, peer);
      // the score keeps the mesh state: removePeer applies the mesh-failure penalty itself
      Set<PeerId> m = s.mesh.get(topic);
      if (m != null) {
        m.remove(peer);
      }
    }
    s.outbox.forget(peer);
    s.score.removePeer(peer);
  }

  /** The peer announced (un)subscriptions. */
  void onSubscriptions(PeerState ps, List<SubOpts> subs) {
    for (SubOpts so : subs) {
      String topic = so.topic();
      if (so.subscribe()) {
        if (ps.topics.contains(topic) || ps.topics.size() >= s.params.maxTopicsPerPeer) {
          continue;
        }
        ps.topics.add(topic);
        s.topicPeers.computeIfAbsent(topic, t -> RouterState.newPeerSet()).add(ps.id);
      } else if (ps.topics.remove(topic)) {
        removeFromTopic(topic, ps.id);
        s.removeFromMesh(topic, ps.id);
      }
    }
  }

  private void removeFromTopic(String topic, PeerId peer) {
    Set<PeerId> tp = s.topicPeers.get(topic);
    if (tp != null) {
      tp.remove(peer);
      if (tp.isEmpty()) {
        s.topicPeers.remove(topic);
      }
    }
    Set<PeerId> f = s.fanout.get(topic);
    if (f != null) {
      f.remove(peer);
    }
  }

  /** We subscribe: announce, then build the mesh from fanout peers and random topic peers. */
  void join(String topic) {
    if (s.subscribed(topic)) {
      return;
    }
    for (PeerId p : s.sortedPeers()) {
      s.outbox.subscription(p, new SubOpts(true, topic));
    }
    Set<PeerId> meshPeers = RouterState.newPeerSet();
    Set<PeerId> fanoutPeers = s.fanout.remove(topic);
    s.fanoutLastPublish.remove(topic);
    if (fanoutPeers != null) {
      for (PeerId p : fanoutPeers) {
        if (s.score(p) >= 0) {
          meshPeers.add(p);
        }
      }
    }
    if (meshPeers.size() < s.params.d) {
      meshPeers.addAll(
          s.randomPeers(
              topic,
              s.params.d - meshPeers.size(),
              p -> !meshPeers.contains(p) && !s.backoffs.isBackedOff(topic, p) && s.score(p) >= 0));
    }
    s.mesh.put(topic, RouterState.newPeerSet());
    for (PeerId p : meshPeers) {
      s.addToMesh(topic, p);
      s.outbox.graft(p, topic);
    }
  }

  /** We unsubscribe: announce, and PRUNE the mesh with the unsubscribe backoff. */
  void leave(String topic) {
    Set<PeerId> meshPeers = s.mesh.get(topic);
    if (meshPeers == null) {
      return;
    }
    for (PeerId p : s.sortedPeers()) {
      s.outbox.subscription(p, new SubOpts(false, topic));
    }
    for (PeerId p : new ArrayList<>(meshPeers)) {
      s.outbox.prune(p, s.makePrune(p, topic, true, true));
      s.backoffs.add(topic, p, s.params.unsubscribeBackoff.toMillis());
      s.removeFromMesh(topic, p);
    }
    s.mesh.remove(topic);
  }

  List<String> sortedTopics() {
    List<String> out = new ArrayList<>(s.mesh.keySet());
    out.sort(null);
    return out;
  }
}
