package org.peerprobe.p2p.pubsub;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.peerprobe.multiformats.UnsignedVarint;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.pubsub.ControlMessage.Graft;
import org.peerprobe.p2p.pubsub.ControlMessage.Prune;
import org.peerprobe.p2p.testing.VirtualScheduler;

/**
 * A deterministic in-memory network of routers on one virtual-time scheduler: every RPC is encoded,
 * framed, delayed by its link's latency and decoded with the receiver's limits. Watches the wire
 * for backoff violations (a GRAFT sent while the sender is backed off from the receiver).
 */
final class SimNetwork {
  final VirtualScheduler sched = new VirtualScheduler();
  final Random random;
  final List<Node> nodes = new ArrayList<>();
  private final Map<PeerId, Node> byId = new HashMap<>();
  private final Map<Set<Integer>, Long> latency = new HashMap<>();
  private final int minLatency;
  private final int maxLatency;

  /** Wire statistics. */
  long rpcs;

  long messageCopies;
  int backoffViolations;
  int prunesSent;
  int graftsSent;
  final List<String> disconnects = new ArrayList<>();

  /** (sender → receiver, topic) → earliest time the sender may GRAFT. */
  private final Map<String, Long> noGraftBefore = new HashMap<>();

  SimNetwork(long seed, int minLatencyMs, int maxLatencyMs) {
    random = new Random(seed);
    minLatency = minLatencyMs;
    maxLatency = maxLatencyMs;
  }

  /** A node and what it received. */
  final class Node implements RpcSender {
    final int index;
    final HostKey key;
    final PeerId id;
    final GossipRouter router;
    final Set<PeerId> links = new HashSet<>();

    /** payload → virtual time of each delivery to a handler. */
    final Map<String, List<Long>> received = new HashMap<>();

    final List<PeerExchangeListener.Candidate> pxCandidates = new ArrayList<>();
    final List<PubSub.Subscription> handles = new ArrayList<>();

    Node(int index, GossipParams params, ScoreParams scoreParams) {
      this.index = index;
      this.key = RouterHarness.key(1000 + index);
      this.id = key.peerId();
      this.router =
          GossipRouter.builder()
              .hostKey(key)
              .scheduler(sched)
              .sender(this)
              .random(new Random(random.nextLong()))
              .params(params)
              .scoreParams(scoreParams)
              .peerExchangeListener((pruner, topic, c) -> pxCandidates.addAll(c))
              .build();
    }

    void subscribe(String topic) {
      PubSub.Subscription sub =
          router.subscribe(
              topic,
              m ->
                  received
                      .computeIfAbsent(
                          new String(m.data(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                      .add(sched.nowMillis()));
      handles.add(sub);
    }

    @Override
    public void send(PeerId peer, Rpc rpc) {
      Node to = byId.get(peer);
      if (to == null || !links.contains(peer)) {
        return;
      }
      watch(this, to, rpc, true);
      byte[] framed = RpcCodec.encodeFramed(rpc);
      rpcs++;
      messageCopies += rpc.publish().size();
      sched.schedule(
          Duration.ofMillis(latency.get(Set.of(index, to.index))),
          () -> {
            if (!to.links.contains(id)) {
              return;
            }
            int[] used = new int[1];
            long len = UnsignedVarint.decode(framed, 0, used);
            RpcCodec.checkFrameLength(len, to.router.rpcLimits());
            Rpc decoded = to.router.decode(Arrays.copyOfRange(framed, used[0], framed.length));
            watch(this, to, decoded, false);
            to.router.rpcReceived(id, decoded);
          });
    }

    @Override
    public void disconnect(PeerId peer, String reason) {
      Node other = byId.get(peer);
      disconnects.add(index + "->" + (other == null ? "?" : other.index));
      if (other != null) {
        unlink(this, other);
      }
    }
  }

  Node add(GossipParams params, ScoreParams scoreParams) {
    Node n = new Node(nodes.size(), params, scoreParams);
    nodes.add(n);
    byId.put(n.id, n);
    return n;
  }

  /** {@code a} dials {@code b}. */
  void link(Node a, Node b) {
    if (a == b || a.links.contains(b.id)) {
      return;
    }
    latency.computeIfAbsent(
        Set.of(a.index, b.index),
        k -> (long) (minLatency + random.nextInt(maxLatency - minLatency + 1)));
    a.links.add(b.id);
    b.links.add(a.id);
    a.router.peerConnected(b.id, GossipRouter.PROTOCOL_V11, true);
    b.router.peerConnected(a.id, GossipRouter.PROTOCOL_V11, false);
  }

  void unlink(Node a, Node b) {
    if (a.links.remove(b.id) | b.links.remove(a.id)) {
      a.router.peerDisconnected(b.id);
      b.router.peerDisconnected(a.id);
    }
  }

  /** Each node dials {@code dials} distinct random others: average degree 2 × dials. */
  void randomGraph(int dials) {
    for (Node a : nodes) {
      int made = 0;
      while (made < dials) {
        Node b = nodes.get(random.nextInt(nodes.size()));
        if (b != a && !a.links.contains(b.id)) {
          link(a, b);
          made++;
        }
      }
    }
  }

  void startAll() {
    nodes.forEach(n -> n.router.start());
  }

  void run(Duration d) {
    sched.advance(d);
  }

  private void watch(Node from, Node to, Rpc rpc, boolean sending) {
    long now = sched.nowMillis();
    if (sending) {
      prunesSent += rpc.control().prune().size();
      graftsSent += rpc.control().graft().size();
    }
    for (Prune p : rpc.control().prune()) {
      long backoff = p.backoffSeconds() * 1000;
      if (sending) {
        // the pruner itself backs off for the backoff it announces
        noGraftBefore.merge(key(from, to, p.topic()), now + backoff, Math::max);
      } else {
        noGraftBefore.merge(key(to, from, p.topic()), now + backoff, Math::max);
      }
    }
    if (sending) {
      for (Graft g : rpc.control().graft()) {
        if (now < noGraftBefore.getOrDefault(key(from, to, g.topic()), 0L)) {
          backoffViolations++;
        }
      }
    }
  }

  private static String key(Node from, Node to, String topic) {
    return from.index + ">" + to.index + "/" + topic;
  }
}
