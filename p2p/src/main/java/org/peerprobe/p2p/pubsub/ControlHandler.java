package org.peerprobe.p2p.pubsub;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.pubsub.ControlMessage.Graft;
import org.peerprobe.p2p.pubsub.ControlMessage.IHave;
import org.peerprobe.p2p.pubsub.ControlMessage.IWant;
import org.peerprobe.p2p.pubsub.ControlMessage.PeerInfo;
import org.peerprobe.p2p.pubsub.ControlMessage.Prune;

/**
 * IHAVE, IWANT, GRAFT and PRUNE from a peer (gossipsub-v1.0.md "Control Messages", v1.1.md "Prune
 * Backoff and Peer Exchange", "Spam Protection"; js {@code handleIHave}, {@code handleIWant},
 * {@code handleGraft}, {@code handlePrune}). Router-thread only.
 */
final class ControlHandler {
  private final RouterState s;

  ControlHandler(RouterState s) {
    this.s = s;
  }

  void onControl(PeerState src, ControlMessage c) {
    if (!c.ihave().isEmpty()) {
      List<MessageId> want = onIHave(src, c.ihave());
      if (!want.isEmpty()) {
        s.outbox.iwant(src.id, new IWant(want));
      }
    }
    if (!c.iwant().isEmpty()) {
      for (Message m : onIWant(src, c.iwant())) {
        s.outbox.message(src.id, m);
      }
    }
    if (!c.graft().isEmpty()) {
      onGraft(src, c.graft());
    }
    if (!c.prune().isEmpty()) {
      onPrune(src, c.prune());
    }
  }

  /** Ids to ask for: unseen ids of our topics, bounded per peer and heartbeat. */
  private List<MessageId> onIHave(PeerState src, List<IHave> ihaves) {
    if (s.score(src.id) < s.scoreParams.gossipThreshold) {
      return List.of();
    }
    if (++src.ihavesThisHeartbeat > s.params.maxIHaveMessages
        || src.idsAskedThisHeartbeat >= s.params.maxIHaveLength
        || s.promises.full()) {
      return List.of();
    }
    Set<MessageId> want = new LinkedHashSet<>();
    for (IHave ih : ihaves) {
      if (!s.subscribed(ih.topic())) {
        continue;
      }
      for (MessageId id : ih.messageIds()) {
        if (!s.seen.contains(id)) {
          want.add(id);
        }
      }
    }
    if (want.isEmpty()) {
      return List.of();
    }
    List<MessageId> ask = new ArrayList<>(want);
    int budget = s.params.maxIHaveLength - src.idsAskedThisHeartbeat;
    if (ask.size() > budget) {
      s.shuffle(ask);
      ask = new ArrayList<>(ask.subList(0, budget));
    }
    src.idsAskedThisHeartbeat += ask.size();
    s.promises.add(src.id, ask, s.random);
    return ask;
  }

  /** Cached messages asked for, each at most {@code gossipRetransmission} times per peer. */
  private List<Message> onIWant(PeerState src, List<IWant> iwants) {
    if (s.score(src.id) < s.scoreParams.gossipThreshold) {
      return List.of();
    }
    Map<MessageId, Message> out = new LinkedHashMap<>();
    for (IWant iw : iwants) {
      for (MessageId id : iw.messageIds()) {
        if (!out.containsKey(id)) {
          Message m = s.mcache.getForPeer(id, src.id, s.params.gossipRetransmission);
          if (m != null) {
            out.put(id, m);
          }
        }
      }
    }
    return new ArrayList<>(out.values());
  }

  private void onGraft(PeerState src, List<Graft> grafts) {
    PeerId id = src.id;
    long now = s.now();
    double score = s.score(id);
    boolean doPx = s.params.doPx;
    List<String> prune = new ArrayList<>();
    for (Graft g : grafts) {
      String topic = g.topic();
      Set<PeerId> meshPeers = s.mesh.get(topic);
      if (meshPeers == null) {
        // spec: PRUNE a GRAFT for a topic we do not subscribe to (js ignores it). Bare: no PX
        // and no backoff, so that junk topics cost no backoff entries here.
        s.outbox.prune(id, new Prune(topic, List.of(), 0));
        continue;
      }
      if (meshPeers.contains(id)) {
        continue;
      }
      long backoffUntil = s.backoffs.expiresAt(topic, id);
      if (now < backoffUntil) {
        s.score.addPenalty(id, 1);
        long floodCutoff =
            backoffUntil
                + s.params.graftFloodThreshold.toMillis()
                - s.params.pruneBackoff.toMillis();
        if (now < floodCutoff) {
          s.score.addPenalty(id, 1);
        }
        doPx = false;
        s.backoffs.add(topic, id, s.params.pruneBackoff.toMillis());
        prune.add(topic);
      } else if (score < 0) {
        doPx = false;
        s.backoffs.add(topic, id, s.params.pruneBackoff.toMillis());
        prune.add(topic);
      } else if (meshPeers.size() >= s.params.dHi && !src.outbound) {
        s.backoffs.add(topic, id, s.params.pruneBackoff.toMillis());
        prune.add(topic);
      } else {
        s.addToMesh(topic, id);
      }
    }
    for (String topic : prune) {
      s.outbox.prune(id, s.makePrune(id, topic, doPx, false));
    }
  }

  private void onPrune(PeerState src, List<Prune> prunes) {
    double score = s.score(src.id);
    for (Prune p : prunes) {
      String topic = p.topic();
      if (!s.subscribed(topic)) {
        continue;
      }
      s.removeFromMesh(topic, src.id);
      long backoff =
          p.backoffSeconds() > 0
              ? Math.min(p.backoffSeconds(), Backoffs.MAX_BACKOFF_MILLIS / 1000) * 1000
              : s.params.pruneBackoff.toMillis();
      s.backoffs.add(topic, src.id, backoff);
      if (!p.peers().isEmpty() && score >= s.scoreParams.acceptPxThreshold) {
        exchange(src.id, topic, p.peers());
      }
    }
  }

  private void exchange(PeerId pruner, String topic, List<PeerInfo> infos) {
    List<PeerInfo> shuffled = new ArrayList<>(infos);
    s.shuffle(shuffled);
    List<PeerExchangeListener.Candidate> out = new ArrayList<>();
    for (PeerInfo pi : shuffled) {
      if (out.size() >= s.params.prunePeers) {
        break;
      }
      if (pi.peerId() == null) {
        continue;
      }
      PeerId peer;
      try {
        peer = PeerId.fromBytes(pi.peerId());
      } catch (BadPeerException e) {
        continue;
      }
      if (!peer.equals(s.self) && !s.peers.containsKey(peer)) {
        out.add(new PeerExchangeListener.Candidate(peer, pi.signedPeerRecord()));
      }
    }
    if (!out.isEmpty()) {
      s.pxListener.onPeerExchange(pruner, topic, List.copyOf(out));
    }
  }
}
