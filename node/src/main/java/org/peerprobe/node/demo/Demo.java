package org.peerprobe.node.demo;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.failover.FailbackMode;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.FailureClass;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.PhaseTimings;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.node.probe.FrontSpec;
import org.peerprobe.node.probe.NettyProber;
import org.peerprobe.node.probe.PhaseTimeouts;
import org.peerprobe.node.round.RoundClock;
import org.peerprobe.node.service.FrontProber;
import org.peerprobe.node.service.NodeService;
import org.peerprobe.node.service.NodeSettings;
import org.peerprobe.node.signer.Fence;
import org.peerprobe.node.signer.ReceiptIssuer;
import org.peerprobe.node.signer.Reconciler;
import org.peerprobe.node.signer.RouterTarget;
import org.peerprobe.node.signer.RouterTargets;
import org.peerprobe.node.signer.RouterWriter;
import org.peerprobe.node.signer.SignerRole;
import org.peerprobe.p2p.core.EventLoopScheduler;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.gossip.GossipNode;
import org.peerprobe.p2p.host.HostConfig;
import org.peerprobe.p2p.pubsub.GossipParams;

/**
 * Runs a whole peerprobe network in this process on loopback for {@link DemoOptions#duration}: two
 * real HTTP fronts, N observer nodes (each with its own key, libp2p host, gossip router, prober and
 * node service) spread over simulated networks, the primary front broken at {@code failAt} and
 * healed at {@code restoreAt}, and a {@link DemoView} of what the first node (also the signer)
 * sees. Until the signer capability exists, the router's target lives in the nodes' memory.
 */
public final class Demo {
  public static final String NETWORK_ID = "demo";
  public static final String PRIMARY = "cf-front";
  public static final String SECONDARY = "cdn2-front";
  public static final String ROUTER = "web-router";

  /** Where the first node's health feed is served; the others take the following ports. */
  public static final int DEFAULT_FEED_PORT = 8080;

  private final DemoOptions options;
  private final DemoView view;
  private DemoDns dns;
  private int feedPort = DEFAULT_FEED_PORT;
  private CompletableFuture<?> holdFeedsOpen = CompletableFuture.completedFuture(null);

  public Demo(DemoOptions options, PrintStream out) {
    this(options, out, false);
  }

  /**
   * @param live redraw a dashboard in place (for a terminal) instead of printing log lines
   */
  public Demo(DemoOptions options, PrintStream out, boolean live) {
    this.options = options;
    this.view = new DemoView(out, options.json(), live);
  }

  public DemoView view() {
    return view;
  }

  /** Writes the router record through {@code dns} instead of a fresh zone file. */
  public Demo dns(DemoDns dns) {
    this.dns = dns;
    return this;
  }

  /**
   * Serves the first node's feed on {@code port} (0: a free port), the others on the following
   * ports.
   */
  public Demo feedPort(int port) {
    if (port < 0 || port > 65535 - DemoOptions.MAX_OBSERVERS) {
      throw new IllegalArgumentException(
          "--feed-port must be 0.." + (65535 - DemoOptions.MAX_OBSERVERS));
    }
    this.feedPort = port;
    return this;
  }

  /**
   * Keeps the feeds serving after the nodes have stopped and the end is printed, until {@code
   * release} completes (at most {@link #MAX_HOLD}): time for a client to check the evidence of
   * everything the demo announced.
   */
  public Demo holdFeedsOpen(CompletableFuture<?> release) {
    this.holdFeedsOpen = release;
    return this;
  }

  /** Longest {@link #holdFeedsOpen} keeps the feeds up. */
  public static final Duration MAX_HOLD = Duration.ofMinutes(2);

  /** Runs the demo to its end (or until interrupted); returns the view's summary. */
  public String run() throws InterruptedException {
    Random random = new Random(options.seed());
    NioEventLoopGroup io = new NioEventLoopGroup(2);
    EventLoopGroup nodeLoops = new DefaultEventLoopGroup(1);
    List<AutoCloseable> open = new ArrayList<>();
    try {
      LocalFront primary = LocalFront.start(PRIMARY, io);
      LocalFront secondary = LocalFront.start(SECONDARY, io);
      open.add(primary);
      open.add(secondary);
      Map<String, FrontSpec> specs = new LinkedHashMap<>();
      specs.put(PRIMARY, spec(PRIMARY, primary.port()));
      specs.put(SECONDARY, spec(SECONDARY, secondary.port()));
      NettyProber prober = LocalNetwork.loopbackProber(io, specs);
      open.add(prober);

      List<Ed25519KeyPair> keys = new ArrayList<>();
      for (int i = 0; i < options.observers(); i++) {
        keys.add(Ed25519KeyPair.generate(random));
      }
      Ed25519KeyPair operator = Ed25519KeyPair.generate(random);
      Roster roster = roster(keys, operator);
      RouterPolicy router =
          RouterPolicy.builder(ROUTER, PRIMARY, SECONDARY)
              .downRounds(2)
              .upRounds(3)
              .cooldownRounds(5)
              .failback(FailbackMode.AUTO)
              .build();
      GossipParams params =
          GossipParams.builder().degrees(4, 2, 8).dLazy(4).dScore(2).dOut(1).build();
      List<GossipNode> nodes = new ArrayList<>();
      List<NodeService> services = new ArrayList<>();
      DemoFeeds feeds = new DemoFeeds();
      open.add(feeds);
      for (int i = 0; i < keys.size(); i++) {
        HostKey hostKey = HostKey.fromSeed(keys.get(i).seed());
        GossipNode node =
            new GossipNode(
                HostConfig.builder(hostKey).random(new Random(random.nextLong())).build(),
                params,
                io);
        open.add(node);
        nodes.add(node);
        String network = network(i);
        NodeSettings settings =
            new NodeSettings(
                keys.get(i),
                roster,
                List.copyOf(specs.keySet()),
                List.of(router),
                options.interval(),
                network);
        NodeService service =
            new NodeService(
                settings,
                node.router(),
                proberFor(i, network, prober, specs),
                new EventLoopScheduler(nodeLoops.next()),
                new RoundClock(options.interval(), System::currentTimeMillis, random));
        services.add(service);
        feeds.record(i, service);
      }
      services.get(0).addListener(view::onEvent);
      if (dns == null) {
        try {
          dns = DemoDns.defaultZoneFile();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException("cannot create the demo's zone file", e);
        }
      }
      open.add(dns.provider());
      EventLoopScheduler signerLoop = new EventLoopScheduler(nodeLoops.next());
      ReceiptIssuer receipts =
          new ReceiptIssuer(
              roster.networkId(),
              List.of(dns.provider().id()),
              keys.get(0),
              signerLoop,
              options.interval(),
              services.get(0)::publishReceipt);
      Consumer<Reconciler.Applied> shown = view::dns;
      Reconciler reconciler =
          new Reconciler(
              List.of(dns.provider()),
              new RouterWriter(System::nanoTime),
              signerLoop,
              options.interval(),
              Duration.ofMillis(500),
              shown.andThen(receipts));
      open.add(reconciler::stop);
      RouterTargets targets =
          RouterTargets.fixed(Map.of(ROUTER, dns.routerRecord()), f -> specs.get(f).hostname(), 60);
      services.get(0).addListener(new SignerRole(reconciler, targets));
      LocalNetwork.ring(nodes);
      view.started(options, Map.of(PRIMARY, primary.port(), SECONDARY, secondary.port()), ROUTER);
      view.dnsTarget(dns.provider().id(), dns.provider().toString());
      String note =
          feeds.serve(
              feedPort,
              io,
              SignedBundle.sign(
                  DemoFeeds.bundle(roster, router, specs, options.interval()), operator),
              services,
              nodes,
              options.interval());
      view.feed(feeds.url(), services.size(), operator.publicKey().peerId(), note);
      // The record starts on the primary under fence seq 0, so it exists before any decision.
      reconciler.desire(
          new RouterTarget(
              ROUTER,
              RouterTargets.absolute(dns.routerRecord()),
              RouterTargets.absolute(specs.get(PRIMARY).hostname()),
              60,
              new Fence(0, Decision.GENESIS)));
      services.forEach(NodeService::start);
      runTimeline(primary);
      services.forEach(NodeService::stop);
      String summary = view.finished();
      try {
        holdFeedsOpen.get(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // the holder gave up or took too long: close anyway
      }
      return summary;
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        try {
          open.get(i).close();
        } catch (Exception e) {
          // Shutting down: nothing useful to do with a failure to close.
        }
      }
      nodeLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      io.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
  }

  private void runTimeline(LocalFront primary) throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    long start = System.nanoTime();
    waitUntil(never, start, options.failAt());
    if (options.failAt().compareTo(options.duration()) < 0) {
      primary.setHealthy(false);
      view.frontChanged(PRIMARY, false);
    }
    waitUntil(never, start, options.restoreAt());
    if (options.restoreAt().compareTo(options.duration()) < 0) {
      primary.setHealthy(true);
      view.frontChanged(PRIMARY, true);
    }
    waitUntil(never, start, options.duration());
  }

  private void waitUntil(CountDownLatch latch, long startNanos, Duration at)
      throws InterruptedException {
    Duration until = at.compareTo(options.duration()) < 0 ? at : options.duration();
    long left = startNanos + until.toNanos() - System.nanoTime();
    if (left > 0) {
      latch.await(left, TimeUnit.NANOSECONDS);
    }
  }

  private String network(int i) {
    return "AS" + (64500 + i % options.networks());
  }

  private FrontProber proberFor(
      int i, String network, NettyProber real, Map<String, FrontSpec> specs) {
    if (i < options.liars()) {
      return (front, start) ->
          CompletableFuture.completedFuture(down(front, FailureClass.HTTP_STATUS));
    }
    if (options.brokenNetwork() && network.equals(network(0))) {
      return (front, start) -> CompletableFuture.completedFuture(down(front, FailureClass.CONNECT));
    }
    return (front, start) -> real.probe(specs.get(front), start);
  }

  private static Observation down(String front, FailureClass failure) {
    return Observation.down(front, failure, 0, PhaseTimings.NONE, System.currentTimeMillis());
  }

  private Roster roster(List<Ed25519KeyPair> keys, Ed25519KeyPair operator) {
    Roster.Builder b =
        Roster.builder().networkId(NETWORK_ID).version(1).operator(operator.publicKey());
    for (int i = 0; i < keys.size(); i++) {
      b.observer(keys.get(i).publicKey(), network(i), "demo-observer-" + i, 1);
    }
    return b.signer(keys.get(0).publicKey()).build();
  }

  private static FrontSpec spec(String id, int port) {
    String host = id + ".demo.peerprobe.test";
    Duration t = Duration.ofMillis(400);
    return FrontSpec.builder(id)
        .hostname(host)
        .url("http://" + host + ":" + port + "/")
        .timeouts(new PhaseTimeouts(t, t, t, t, Duration.ofMillis(600)))
        .attempts(3)
        .build();
  }
}
