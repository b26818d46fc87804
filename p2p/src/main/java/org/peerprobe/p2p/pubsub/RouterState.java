package org.peerprobe.p2p.pubsub;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.core.Scheduler;
import org.peerprobe.p2p.pubsub.ControlMessage.PeerInfo;
import org.peerprobe.p2p.pubsub.ControlMessage.Prune;
import org.peerprobe.p2p.pubsub.PubSub.MessageHandler;

/**
 * Everything the router knows, shared by its parts ({@link MessagePipeline}, {@link
 * ControlHandler}, {@link Heartbeat}, {@link Membership}). Router-thread only: one writer, no
 * locks.
 *
 * <p>Memory: per connected peer a {@link PeerState}; per topic sets of peers (announced, mesh,
 * fanout); plus the bounded caches ({@link SeenCache}, {@link MessageCache}, {@link
 * DeliveryTracker}, {@link GossipPromises}, {@link Backoffs}, retained scores).
 */
final class RouterState {
  final GossipParams params;
  final ScoreParams scoreParams;
  final HostKey hostKey;
  final PeerId self;
  final Scheduler scheduler;
  final Random random;
  final RpcSender sender;
  final MessageIdFunction messageIds;
  final PeerExchangeListener pxListener;
  final Function<PeerId, byte[]> signedPeerRecords;

  final Map<PeerId, PeerState> peers = new HashMap<>();

  /** Connected peers per announced topic. */
  final Map<String, Set<PeerId>> topicPeers = new HashMap<>();

  /** Our topics' meshes: a key exists exactly for each topic we subscribe to. */
  final Map<String, Set<PeerId>> mesh = new HashMap<>();

  final Map<String, Set<PeerId>> fanout = new HashMap<>();
  final Map<String, Long> fanoutLastPublish = new HashMap<>();
  final Map<String, List<MessageHandler>> handlers = new HashMap<>();
  final Map<String, Validator> validators = new HashMap<>();

  final PeerScore score;
  final DeliveryTracker deliveries;
  final SeenCache seen;
  final MessageCache mcache;
  final GossipPromises promises;
  final Backoffs backoffs;
  final Outbox outbox;

  RouterState(
      GossipParams params,
      ScoreParams scoreParams,
      HostKey hostKey,
      Scheduler scheduler,
      Random random,
      RpcSender sender,
      MessageIdFunction messageIds,
      PeerExchangeListener pxListener,
      Function<PeerId, byte[]> signedPeerRecords) {
    this.params = params;
    this.scoreParams = scoreParams;
    this.hostKey = hostKey;
    this.self = hostKey.peerId();
    this.scheduler = scheduler;
    this.random = random;
    this.sender = sender;
    this.messageIds = messageIds;
    this.pxListener = pxListener;
    this.signedPeerRecords = signedPeerRecords;
    this.score = new PeerScore(scoreParams, scheduler::nowMillis);
    this.deliveries =
        new DeliveryTracker(
            score, scheduler::nowMillis, params.seenTtl.toMillis(), params.maxSeenEntries);
    this.seen =
        new SeenCache(scheduler::nowMillis, params.seenTtl.toMillis(), params.maxSeenEntries);
    this.mcache = new MessageCache(params.historyGossip, params.historyLength);
    this.promises =
        new GossipPromises(
            scheduler::nowMillis, params.iwantFollowupTime.toMillis(), params.maxPendingPromises);
    this.backoffs =
        new Backoffs(
            scheduler::nowMillis, params.maxBackoffEntries, params.heartbeatInterval.toMillis());
    this.outbox = new Outbox(params.rpcLimits.maxRpcBytes());
  }

  long now() {
    return scheduler.nowMillis();
  }

  double score(PeerId peer) {
    return score.score(peer);
  }

  boolean subscribed(String topic) {
    return mesh.containsKey(topic);
  }

  /**
   * Up to {@code count} random connected peers that announced {@code topic} and pass {@code
   * filter}; all of them when {@code count} is negative.
   */
  List<PeerId> randomPeers(String topic, int count, Predicate<PeerId> filter) {
    List<PeerId> out = new ArrayList<>();
    for (PeerId p : topicPeers.getOrDefault(topic, Set.of())) {
      if (filter.test(p)) {
        out.add(p);
      }
    }
    sortAndShuffle(out);
    return count >= 0 && out.size() > count ? new ArrayList<>(out.subList(0, count)) : out;
  }

  /** Shuffles in place; sorting first makes the result depend only on the seeded random. */
  void sortAndShuffle(List<PeerId> list) {
    Collections.sort(list);
    Collections.shuffle(list, random);
  }

  void shuffle(List<?> list) {
    Collections.shuffle(list, random);
  }

  /** Removes {@code peer} from {@code topic}'s mesh, scoring the prune; true if it was there. */
  boolean removeFromMesh(String topic, PeerId peer) {
    Set<PeerId> m = mesh.get(topic);
    if (m != null && m.remove(peer)) {
      score.prune(peer, topic);
      return true;
    }
    return false;
  }

  void addToMesh(String topic, PeerId peer) {
    Set<PeerId> m = mesh.get(topic);
    if (m != null && m.add(peer)) {
      score.graft(peer, topic);
    }
  }

  /**
   * A PRUNE for {@code peer}: v1.0 peers get the bare topic; v1.1 peers the backoff and, with
   * {@code doPx}, up to {@link GossipParams#prunePeers} other non-negative-score peers of the
   * topic.
   */
  Prune makePrune(PeerId peer, String topic, boolean doPx, boolean onUnsubscribe) {
    PeerState ps = peers.get(peer);
    if (ps == null || !ps.v11) {
      return new Prune(topic, List.of(), 0);
    }
    long backoff = (onUnsubscribe ? params.unsubscribeBackoff : params.pruneBackoff).toSeconds();
    List<PeerInfo> px = new ArrayList<>();
    if (doPx && params.doPx) {
      for (PeerId p :
          randomPeers(topic, params.prunePeers, p -> !p.equals(peer) && score(p) >= 0)) {
        px.add(new PeerInfo(p.bytes(), signedPeerRecords.apply(p)));
      }
    }
    return new Prune(topic, px, Math.max(1, backoff));
  }

  /** Connected peers in a stable order (for deterministic iteration). */
  List<PeerId> sortedPeers() {
    List<PeerId> out = new ArrayList<>(peers.keySet());
    Collections.sort(out);
    return out;
  }

  static Set<PeerId> newPeerSet() {
    return new LinkedHashSet<>();
  }
}
