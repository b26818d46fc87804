package org.peerprobe.node.feed;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.node.metrics.NodeMetrics;
import org.peerprobe.node.service.NodeService;
import org.peerprobe.node.store.Store;
import org.peerprobe.p2p.pubsub.GossipRouter;

/**
 * One node's feed, wired: the live state and metrics listen to the node's events, the gossip router
 * is sampled for the peer gauges, and the HTTP server answers from them and the store.
 */
public final class NodeFeed implements AutoCloseable {
  /** How often the peer and mesh gauges are sampled on the router's thread. */
  static final long GOSSIP_SAMPLE_SECONDS = 5;

  private final LiveTracker tracker;
  private final FeedServer server;
  private final ScheduledFuture<?> sampling;

  private NodeFeed(LiveTracker tracker, FeedServer server, ScheduledFuture<?> sampling) {
    this.tracker = tracker;
    this.server = server;
    this.sampling = sampling;
  }

  /**
   * Starts the feed of a node whose routers have been resumed (their active targets are read now).
   *
   * @param listen the node's listen multiaddrs, as the status shows them
   */
  public static NodeFeed start(
      InetSocketAddress address,
      EventLoopGroup io,
      NodeService service,
      GossipRouter router,
      Store store,
      NetworkBundle bundle,
      List<String> listen,
      List<SignedDecision> lastDecisions,
      EvidenceSource evidence,
      NodeMetrics metrics) {
    EventHub hub = new EventHub(io.next());
    LiveTracker tracker =
        new LiveTracker(
            bundle,
            service.settings().join().interval(),
            router.localPeer().toString(),
            listen,
            service.activeTargets().join(),
            lastDecisions,
            service.signerReady(),
            hub);
    store.latestReceipts().join().forEach(tracker::onReceipt);
    service.addListener(tracker);
    service.addListener(metrics);
    String reports = service.topics().reports();
    ScheduledFuture<?> sampling =
        io.next()
            .scheduleAtFixedRate(
                () ->
                    router
                        .call(
                            () ->
                                new int[] {router.peers().size(), router.meshPeers(reports).size()})
                        .thenAccept(n -> metrics.gossip(n[0], n[1])),
                0,
                GOSSIP_SAMPLE_SECONDS,
                TimeUnit.SECONDS);
    try {
      FeedServer server =
          FeedServer.start(
              address,
              io,
              tracker::state,
              store,
              new CachedEvidence(evidence),
              metrics::scrape,
              hub,
              System::currentTimeMillis);
      return new NodeFeed(tracker, server, sampling);
    } catch (RuntimeException e) {
      sampling.cancel(false);
      hub.close();
      throw e;
    }
  }

  /** The node runs a new bundle. Call on the node service's thread. */
  public void adopt(NetworkBundle bundle) {
    tracker.adopt(bundle, java.time.Duration.ofSeconds(bundle.roundIntervalSeconds()));
  }

  public String url() {
    return server.url();
  }

  public InetSocketAddress address() {
    return server.address();
  }

  public LiveState state() {
    return tracker.state();
  }

  @Override
  public void close() {
    sampling.cancel(false);
    server.close();
  }
}
