package org.peerprobe.node.demo;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.Front;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.Router;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.node.evidence.BundleHistory;
import org.peerprobe.node.evidence.EvidenceAssembler;
import org.peerprobe.node.feed.NodeFeed;
import org.peerprobe.node.metrics.NodeMetrics;
import org.peerprobe.node.probe.FrontSpec;
import org.peerprobe.node.runtime.StoreRecorder;
import org.peerprobe.node.service.NodeService;
import org.peerprobe.node.store.SqliteStore;
import org.peerprobe.node.store.StoreConfig;
import org.peerprobe.p2p.gossip.GossipNode;

/**
 * The demo nodes' stores and health feeds: each node records into its own store in a temporary
 * directory (deleted at the end) and serves its feed, the first on the port asked for and the
 * others on the following ports. A port already taken falls back to a free one, so the demo always
 * runs; the URL printed is where the feed really is.
 */
final class DemoFeeds implements AutoCloseable {
  private final Path dir;
  private final List<SqliteStore> stores = new ArrayList<>();
  private final List<NodeFeed> feeds = new ArrayList<>();
  private final java.util.concurrent.ExecutorService evidenceThreads = EvidenceAssembler.executor();

  DemoFeeds() {
    try {
      dir = Files.createTempDirectory("peerprobe-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the demo's data directory", e);
    }
  }

  /**
   * The bundle the demo network would have been given: its roster, fronts and router. The feed
   * shows it, and it is what evidence files cite.
   */
  static NetworkBundle bundle(
      Roster roster, RouterPolicy router, Map<String, FrontSpec> specs, Duration interval) {
    NetworkBundle.Builder b =
        NetworkBundle.builder()
            .roster(roster)
            .router(new Router(router, 60))
            .roundIntervalSeconds((int) Math.max(1, interval.toSeconds()))
            .allowPrivateAddresses(true);
    for (FrontSpec s : specs.values()) {
      // one short attempt: the demo's prober uses its own FrontSpec timeouts; these only have to
      // fit the bundle's whole-second interval
      b.front(
          new Front(
              s.id(),
              s.hostname(),
              s.url().toString(),
              Front.DEFAULT_EXPECTED_STATUS,
              Optional.empty(),
              new Front.Timeouts(100, 100, 100, 200, 400),
              1));
    }
    return b.build();
  }

  /** Gives node {@code i} a store to record into. Before the node starts. */
  void record(int i, NodeService service) {
    Path nodeDir = dir.resolve("node-" + i);
    SqliteStore store =
        SqliteStore.open(
            StoreConfig.builder()
                .dataDir(nodeDir)
                .networkId(Demo.NETWORK_ID)
                .clock(System::currentTimeMillis)
                .build());
    stores.add(store);
    service.setRecorder(StoreRecorder.forDataDir(store, nodeDir));
  }

  /**
   * Starts every node's feed. Returns a note when the first did not get {@code firstPort} (empty
   * otherwise).
   */
  String serve(
      int firstPort,
      EventLoopGroup io,
      SignedBundle bundle,
      List<NodeService> services,
      List<GossipNode> nodes,
      Duration interval) {
    String note = "";
    for (int i = 0; i < services.size(); i++) {
      int port = firstPort == 0 ? 0 : firstPort + i;
      NodeFeed feed;
      try {
        feed = start(port, io, bundle, services.get(i), nodes.get(i), i, interval);
      } catch (UncheckedIOException e) {
        feed = start(0, io, bundle, services.get(i), nodes.get(i), i, interval);
        if (i == 0) {
          note = "port " + port + " is taken: the feed is on a free port instead (see --feed-port)";
        }
      }
      feeds.add(feed);
    }
    return note;
  }

  private NodeFeed start(
      int port,
      EventLoopGroup io,
      SignedBundle bundle,
      NodeService service,
      GossipNode node,
      int i,
      Duration interval) {
    return NodeFeed.start(
        new InetSocketAddress("127.0.0.1", port),
        io,
        service,
        node.router(),
        stores.get(i),
        bundle.bundle(),
        node.host().listenAddresses().stream().map(Object::toString).toList(),
        List.of(),
        evidence(i, bundle),
        metrics(node, interval));
  }

  private static NodeMetrics metrics(GossipNode node, Duration interval) {
    NodeMetrics m = new NodeMetrics(interval);
    m.p2pTraffic(node.host().traffic());
    return m;
  }

  /** Node {@code i}'s evidence files, citing the demo's bundle signed by its operator. */
  private EvidenceAssembler evidence(int i, SignedBundle bundle) {
    try {
      BundleHistory history =
          BundleHistory.open(
              dir.resolve("node-" + i),
              bundle.bundle().roster().operator(),
              bundle.bundle().networkId());
      history.record(bundle);
      return new EvidenceAssembler(stores.get(i), history, evidenceThreads);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the demo's bundle history", e);
    }
  }

  /** The first node's feed URL, ending in a slash. */
  String url() {
    return feeds.get(0).url() + "/";
  }

  List<NodeFeed> feeds() {
    return List.copyOf(feeds);
  }

  @Override
  public void close() {
    feeds.forEach(NodeFeed::close);
    evidenceThreads.shutdownNow();
    stores.forEach(SqliteStore::close);
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }
}
