package org.peerprobe.node.service;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.round.RoundClock;
import org.peerprobe.node.round.Topics;
import org.peerprobe.p2p.core.EventLoopScheduler;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.pubsub.GossipParams;
import org.peerprobe.p2p.testing.Await;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * Full {@link NodeService}s over the real p2p stack on loopback, for tests: each node is a {@link
 * JavaPeer} (libp2p host and gossipsub router) keyed with its observer key, running a node service
 * whose events and recorded reports and certificates the test reads. Bare peers (no node service)
 * stand in for adversaries that speak gossip directly.
 *
 * <p>Use: {@link #node} and {@link #peer} to add members, {@link #connect()}, {@link #start()};
 * {@link #close()} stops everything, including what was handed to {@link #closeLater}. Everything
 * runs on one two-thread Netty group that the fixture owns ({@link #group()}).
 */
final class TestNodes implements AutoCloseable {
  /** Longest any awaited network condition may take. */
  static final Duration WAIT = Duration.ofSeconds(30);

  /** Small meshes for networks of a handful of nodes. */
  static final GossipParams PARAMS =
      GossipParams.builder().degrees(4, 2, 8).dLazy(4).dScore(2).dOut(1).build();

  private final NioEventLoopGroup group = new NioEventLoopGroup(2);
  private final TestNetwork net;
  private final Duration interval;
  private final List<RouterPolicy> routers;
  private final List<Node> nodes = new ArrayList<>();
  private final List<JavaPeer> bare = new ArrayList<>();
  private final List<AutoCloseable> open = new ArrayList<>();

  /**
   * @param net the roster and observer keys
   * @param interval the round interval of every node
   * @param routers the routers every node follows
   */
  TestNodes(TestNetwork net, Duration interval, RouterPolicy... routers) {
    this.net = net;
    this.interval = interval;
    this.routers = List.of(routers);
  }

  /** The two-thread group every peer, node and test front of this fixture runs on. */
  EventLoopGroup group() {
    return group;
  }

  TestNetwork net() {
    return net;
  }

  Duration interval() {
    return interval;
  }

  Topics topics() {
    return Topics.of(net.networkId());
  }

  /** The round arithmetic the nodes use, with probe offset 0 (for adversaries and assertions). */
  RoundClock clock() {
    return new RoundClock(interval, System::currentTimeMillis, 0);
  }

  /** Adds an honest node with observer {@code i}'s key, probing with {@code prober}. */
  Node node(int i, FrontProber prober) {
    Ed25519KeyPair key = net.key(i);
    JavaPeer peer = new JavaPeer(HostKey.fromSeed(key.seed()), group, PARAMS, i);
    open.add(peer);
    NodeSettings settings =
        new NodeSettings(
            key, net.roster(), TestNetwork.FRONTS, routers, interval, net.observer(i).network());
    NodeService service =
        new NodeService(
            settings,
            peer.router(),
            prober,
            new EventLoopScheduler(group.next()),
            new RoundClock(interval, System::currentTimeMillis, new Random(i)));
    Node node = new Node(i, peer, service);
    service.addListener(node.events::add);
    service.setRecorder(node.recorder());
    nodes.add(node);
    return node;
  }

  /** Adds a bare peer with {@code key} (no node service): an adversary's gossip endpoint. */
  JavaPeer peer(Ed25519KeyPair key) {
    JavaPeer peer = new JavaPeer(HostKey.fromSeed(key.seed()), group, PARAMS, 1000 + bare.size());
    open.add(peer);
    bare.add(peer);
    return peer;
  }

  /** Closes {@code resource} (a front, a prober, an adversary) when the fixture closes. */
  <T extends AutoCloseable> T closeLater(T resource) {
    open.add(resource);
    return resource;
  }

  /**
   * Connects the nodes in a ring with chords (node i dials i+1 and i+3), and every bare peer to
   * every node, waiting for each connection.
   */
  void connect() {
    List<Multiaddr> addrs = new ArrayList<>();
    for (Node n : nodes) {
      addrs.add(n.peer.listen());
    }
    int size = nodes.size();
    for (int i = 0; i < size; i++) {
      for (int hop : new int[] {1, 3}) {
        int j = (i + hop) % size;
        if (j != i && !nodes.get(i).connectedTo(nodes.get(j).peerId())) {
          JavaPeer.await(nodes.get(i).peer.host().dial(addrs.get(j)), WAIT);
        }
      }
    }
    for (JavaPeer p : bare) {
      for (Multiaddr a : addrs) {
        JavaPeer.await(p.host().dial(a), WAIT);
      }
    }
  }

  /** Starts every node service (each probes from its next round on). */
  void start() {
    nodes.forEach(n -> n.service.start());
    open.add(() -> nodes.forEach(n -> n.service.stop()));
  }

  List<Node> nodes() {
    return List.copyOf(nodes);
  }

  /** True when {@code p} holds for every node. */
  boolean everyNode(Predicate<Node> p) {
    return nodes.stream().allMatch(p);
  }

  /** Every event of every node. */
  List<NodeEvent> allEvents() {
    return nodes.stream().flatMap(n -> n.events.stream()).toList();
  }

  /**
   * Awaits {@code condition} like {@link org.peerprobe.p2p.testing.Await#until}; on timeout the
   * failure describes what every node saw, so that a slow or broken network can be told apart.
   */
  void await(BooleanSupplier condition, String description) {
    if (!Await.within(WAIT, condition)) {
      throw new AssertionError("not within " + WAIT + ": " + description + "\n" + describe());
    }
  }

  /** One line per node: its latest round, certificates, switches and rejections. */
  String describe() {
    StringBuilder b = new StringBuilder();
    for (Node n : nodes) {
      List<NodeEvent.Certified> certs = n.events(NodeEvent.Certified.class);
      b.append(n)
          .append(": reported up to round ")
          .append(n.events(NodeEvent.Reported.class).stream().mapToLong(r -> r.round()).max())
          .append(", ")
          .append(certs.size())
          .append(" certificates (last ")
          .append(certs.isEmpty() ? "-" : certs.get(certs.size() - 1))
          .append("), ")
          .append(n.switches().size())
          .append(" switches, rejected ")
          .append(
              n.events(NodeEvent.Rejected.class).stream()
                  .map(NodeEvent.Rejected::reason)
                  .limit(5)
                  .toList())
          .append('\n');
    }
    return b.toString();
  }

  @Override
  public void close() {
    Exception first = null;
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    open.clear();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    if (first != null) {
      throw new IllegalStateException("could not stop a test node cleanly", first);
    }
  }

  /** One node: its peer, its service and everything it emitted and recorded. Thread-safe reads. */
  static final class Node {
    final int index;
    final JavaPeer peer;
    final NodeService service;
    final ConcurrentLinkedQueue<NodeEvent> events = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<SignedReport> ownReports = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<SignedReport> acceptedReports = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<QuorumCertificate> certificates = new ConcurrentLinkedQueue<>();

    private Node(int index, JavaPeer peer, NodeService service) {
      this.index = index;
      this.peer = peer;
      this.service = service;
    }

    private NodeRecorder recorder() {
      return new NodeRecorder() {
        @Override
        public void report(SignedReport report, boolean own) {
          (own ? ownReports : acceptedReports).add(report);
        }

        @Override
        public void certificate(QuorumCertificate certificate) {
          certificates.add(certificate);
        }
      };
    }

    PeerId peerId() {
      return peer.host().peerId();
    }

    <T extends NodeEvent> List<T> events(Class<T> type) {
      return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<NodeEvent.Switched> switches() {
      return events(NodeEvent.Switched.class);
    }

    List<NodeEvent.Certified> certified(String front, Verdict verdict) {
      return events(NodeEvent.Certified.class).stream()
          .filter(c -> c.front().equals(front) && c.verdict() == verdict)
          .toList();
    }

    /** True once this node holds a certificate that {@code front} was {@code v} at round ≥ r. */
    boolean certifiedSince(String front, Verdict v, long round) {
      return certified(front, v).stream().anyMatch(c -> c.round() >= round);
    }

    List<NodeEvent.Rejected> rejected(String topic) {
      return events(NodeEvent.Rejected.class).stream()
          .filter(r -> r.topic().equals(topic))
          .toList();
    }

    List<NodeEvent.Tallied> tallies(String front) {
      return events(NodeEvent.Tallied.class).stream().filter(t -> t.front().equals(front)).toList();
    }

    /** The router targets as this node's failover machines see them now. */
    Map<String, String> activeTargets() {
      return JavaPeer.await(service.activeTargets(), WAIT);
    }

    boolean connectedTo(PeerId other) {
      return peer.host().connections().stream().anyMatch(c -> c.remotePeer().equals(other));
    }

    /** This node's gossip score of {@code other} (read on its router thread). */
    double score(PeerId other) {
      return peer.onRouter(() -> peer.router().score(other));
    }

    @Override
    public String toString() {
      return "node " + index;
    }
  }
}
