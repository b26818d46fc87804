package org.peerprobe.node.runtime;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.node.config.ConfigException;
import org.peerprobe.node.config.HostPort;
import org.peerprobe.node.config.KeyFile;
import org.peerprobe.node.config.NodeConfig;
import org.peerprobe.node.evidence.BundleHistory;
import org.peerprobe.node.evidence.EvidenceAssembler;
import org.peerprobe.node.feed.NodeFeed;
import org.peerprobe.node.metrics.NodeMetrics;
import org.peerprobe.node.probe.FrontSpec;
import org.peerprobe.node.probe.NettyProber;
import org.peerprobe.node.probe.ProbeConfig;
import org.peerprobe.node.round.RoundClock;
import org.peerprobe.node.service.BundleGossip;
import org.peerprobe.node.service.NodeService;
import org.peerprobe.node.service.NodeSettings;
import org.peerprobe.node.signer.Reconciler;
import org.peerprobe.node.store.SqliteStore;
import org.peerprobe.node.store.StoreConfig;
import org.peerprobe.node.sync.ChainSync;
import org.peerprobe.node.sync.SyncGate;
import org.peerprobe.p2p.core.EventLoopScheduler;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.gossip.GossipNode;
import org.peerprobe.p2p.host.HostConfig;
import org.peerprobe.p2p.pubsub.GossipParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running volunteer node. Start with {@link #start(NodeConfig)}; {@link #close()} stops it. */
public final class NodeRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRunner.class);

  /** Delay of the first retention run after start. */
  static final Duration RETENTION_FIRST_RUN = Duration.ofMinutes(1);

  /** Spacing of retention runs. */
  static final Duration RETENTION_EVERY = Duration.ofHours(1);

  private final NioEventLoopGroup io = new NioEventLoopGroup(2);
  private final DefaultEventLoopGroup nodeLoop = new DefaultEventLoopGroup(1);
  private final List<AutoCloseable> open = new ArrayList<>();
  private final NodeConfig config;
  private final Ed25519KeyPair key;
  private final SignerDns dns;
  private Reconciler reconciler;
  private EventLoopScheduler nodeScheduler;
  private volatile org.peerprobe.p2p.core.Scheduler.Cancellable retention;
  private NodeService service;
  private GossipNode node;
  private Multiaddr listening;
  private SqliteStore store;
  private BundleGossip bundles;
  private BundleFileWatcher watcher;
  private volatile Map<String, FrontSpec> specs = Map.of();
  private volatile NetworkBundle current;
  private NodeMetrics metrics;
  private NodeFeed feed;
  private BundleHistory history;
  private EvidenceAssembler evidence;

  private NodeRunner(NodeConfig config, Ed25519KeyPair key, SignerDns dns) {
    this.config = config;
    this.key = key;
    this.dns = dns;
    dns.providers().forEach(open::add);
  }

  /**
   * Loads the key (refusing a key file others can read) and the signed bundle (refusing one not
   * signed by the trusted operator; a newer one accepted earlier from gossip and kept in the data
   * directory wins over the file), then starts everything.
   *
   * @throws ConfigException naming the file and what is wrong; nothing is left running
   */
  public static NodeRunner start(NodeConfig config) {
    SignerDns dns = config.signer().map(SignerDns::open).orElse(SignerDns.NONE);
    try {
      return start(config, dns);
    } catch (RuntimeException e) {
      dns.providers().forEach(p -> p.close());
      throw e;
    }
  }

  /**
   * Like {@link #start(NodeConfig)}, for a signer that writes its routers' records to {@code dns}'s
   * providers (which the runner closes when it stops).
   */
  public static NodeRunner start(NodeConfig config, SignerDns dns) {
    Ed25519KeyPair key = KeyFile.read(config.keyFile());
    SignedBundle signed = AcceptedBundle.newest(config);
    NetworkBundle bundle = signed.bundle();
    Optional<Observer> me = bundle.roster().observer(key.publicKey());
    if (me.isPresent() && !me.get().network().equals(config.network())) {
      throw ConfigException.ofFile(
          config.bundleFile(),
          "this node is admitted for network "
              + me.get().network()
              + " but node.yaml declares "
              + config.network());
    }
    NodeRunner r = new NodeRunner(config, key, dns);
    try {
      r.startWith(signed);
      return r;
    } catch (IllegalArgumentException e) {
      r.close();
      throw ConfigException.ofFile(
          config.bundleFile(), "cannot run this bundle: " + e.getMessage());
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
  }

  private void startWith(SignedBundle signed) {
    NetworkBundle bundle = signed.bundle();
    current = bundle;
    HostKey hostKey = HostKey.fromSeed(key.seed());
    HostConfig.Builder host = HostConfig.builder(hostKey);
    bundle.bootstrapPeers().stream()
        .map(Multiaddr::parse)
        .filter(a -> !a.peerId().orElseThrow().equals(hostKey.peerId()))
        .forEach(host::bootstrapPeer);
    node = new GossipNode(host.build(), GossipParams.DEFAULT, io);
    open.add(node);
    listening = node.host().listen(config.listen()).join();
    node.host().connectBootstrapPeers();

    ProbeConfig.Builder probe =
        ProbeConfig.builder().allowPrivateAddresses(bundle.allowPrivateAddresses());
    for (HostPort dns : config.dnsResolvers()) {
      probe.resolver(new InetSocketAddress(dns.host(), dns.port()));
    }
    NettyProber prober = NettyProber.builder(probe.build(), io).build();
    open.add(prober);
    specs = BundleSettings.specs(bundle);

    store =
        SqliteStore.open(
            StoreConfig.builder()
                .dataDir(config.dataDir())
                .networkId(bundle.networkId())
                .clock(System::currentTimeMillis)
                .build());
    open.add(store);
    startEvidence(signed);

    NodeSettings settings = BundleSettings.settings(bundle, key, config.network());
    Duration interval = settings.interval();
    EventLoopScheduler scheduler = new EventLoopScheduler(nodeLoop.next());
    nodeScheduler = scheduler;
    service =
        new NodeService(
            settings,
            node.router(),
            (front, start) -> prober.probe(specs.get(front), start),
            scheduler,
            new RoundClock(interval, System::currentTimeMillis, new SecureRandom()));
    TakenCommands commands = TakenCommands.load(config.dataDir());
    service.setRecorder(new StoreRecorder(store, System::currentTimeMillis, commands));
    service.holdSigning("syncing the decision log after start"); // before anything can switch
    List<SignedDecision> storedHeads = store.lastDecisions().join(); // read once, used thrice
    List<Decision> heads = storedHeads.stream().map(SignedDecision::decision).toList();
    service.resume(heads).join();
    service.restoreCommands(commands.all()).join();
    lastOwnRound(interval).ifPresent(service::resumeAfterReportedRound);
    ChainSync sync =
        new ChainSync(
            node.host(),
            store,
            scheduler,
            () -> current.roster(),
            () -> current.routers().stream().map(r -> r.policy().name()).toList(),
            key.publicKey(),
            service::adoptHead,
            new SyncGate(
                scheduler, config.syncGrace(), service::holdSigning, service::openSigning));
    service.setChainRepair(sync);
    sync.start();
    metrics = new NodeMetrics(interval);
    metrics.p2pTraffic(node.host().traffic());
    reconciler =
        SignerStartup.start(
                dns,
                settings,
                key,
                scheduler,
                service,
                store,
                () -> current,
                metrics,
                storedHeads,
                open)
            .orElse(null);
    feed =
        NodeFeed.start(
            new InetSocketAddress(config.feedAddress().host(), config.feedAddress().port()),
            io,
            service,
            node.router(),
            store,
            bundle,
            List.of(listening.toString()),
            storedHeads,
            evidence,
            metrics);
    open.add(feed);
    open.add(scheduler.schedule(RETENTION_FIRST_RUN, this::pruneExpired)::cancel); // then hourly
    service.start();
    open.add(service::stop);
    bundles =
        new BundleGossip(
            config.trustedOperator(),
            signed,
            node.router(),
            service.topics().bundle(),
            scheduler,
            this::adopted);
    bundles.start();
    watcher = new BundleFileWatcher(config, bundles, scheduler, interval);
    watcher.start();
    open.add(watcher::stop);
    LOG.info(
        "peerprobe node {} in network {} (bundle v{}, {}): listening on {}, probing {} front(s)"
            + " every {}s{}",
        node.host().peerId(),
        bundle.networkId(),
        bundle.version(),
        settings.isObserver() ? "observer for " + config.network() : "not an observer",
        listening,
        specs.size(),
        bundle.roundIntervalSeconds(),
        heads.isEmpty() ? "" : "; resumed " + heads.size() + " router(s) from the store");
  }

  /** Keeps the bundle this node starts with, and serves evidence from the history and store. */
  private void startEvidence(SignedBundle signed) {
    try {
      history =
          BundleHistory.open(
              config.dataDir(), config.trustedOperator(), signed.bundle().networkId());
      history.record(signed);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot keep the bundle history in the data dir", e);
    }
    java.util.concurrent.ExecutorService threads = EvidenceAssembler.executor();
    open.add(threads::shutdownNow);
    evidence = new EvidenceAssembler(store, history, threads);
  }

  /** The latest round of the accepted window for which the store holds a report of this node. */
  private Optional<Long> lastOwnRound(Duration interval) {
    long current = Math.floorDiv(System.currentTimeMillis(), interval.toMillis());
    for (long r = current + 1; r >= current - 1; r--) {
      boolean own =
          store.reportsForRound(r).join().stream()
              .anyMatch(s -> s.own() && s.report().report().observer().equals(key.publicKey()));
      if (own) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** Deletes rows older than the store's retention, now and every {@link #RETENTION_EVERY}. */
  private void pruneExpired() {
    if (store == null) {
      return;
    }
    store
        .pruneExpired()
        .whenComplete(
            (r, err) -> {
              if (err != null) {
                LOG.warn("retention failed: {}", err.toString());
              } else {
                LOG.debug("retention: {}", r);
              }
            });
    retention = nodeScheduler.schedule(RETENTION_EVERY, this::pruneExpired);
  }

  /** The signer's reconciler, when this node writes DNS. */
  public Optional<Reconciler> reconciler() {
    return Optional.ofNullable(reconciler);
  }

  /** A newer bundle was accepted: keep it in the data directory, then run it. Node thread. */
  private void adopted(SignedBundle next) {
    try {
      AcceptedBundle.save(config, next);
    } catch (IOException e) {
      LOG.warn("could not keep bundle v{} in the data directory: {}", next.bundle().version(), e);
    }
    try {
      history.record(next);
    } catch (IOException e) {
      LOG.warn("could not add bundle v{} to the history: {}", next.bundle().version(), e);
    }
    specs = BundleSettings.specs(next.bundle());
    service.adopt(BundleSettings.settings(next.bundle(), key, config.network()));
    feed.adopt(next.bundle());
    LOG.info(
        "now running network bundle {}",
        String.join(", ", BundleSettings.describeChange(current, next.bundle())));
    current = next.bundle();
  }

  public NodeService service() {
    return service;
  }

  /** This node's store (for the feed and for tests). */
  public SqliteStore store() {
    return store;
  }

  /** Evidence files of this node's decisions and certificates (for the feed). */
  public EvidenceAssembler evidence() {
    return evidence;
  }

  /** Every bundle version this node ran. */
  public BundleHistory bundleHistory() {
    return history;
  }

  /** The bundle gossip of this node: its current bundle, and where local updates are offered. */
  public BundleGossip bundles() {
    return bundles;
  }

  public GossipNode gossipNode() {
    return node;
  }

  /** This node's health feed. */
  public NodeFeed feed() {
    return feed;
  }

  /** The address this node listens on, ending in {@code /p2p/<its PeerId>}. */
  public Multiaddr listenAddress() {
    return listening;
  }

  @Override
  public void close() {
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        LOG.warn("while stopping: {}", e.toString());
      }
    }
    open.clear();
    nodeLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
