package org.peerprobe.node.runtime;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.Front;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.Router;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.node.config.ConfigException;
import org.peerprobe.node.config.HostPort;
import org.peerprobe.node.config.KeyFile;
import org.peerprobe.node.config.NodeConfig;
import org.peerprobe.node.config.SignedBundleFile;
import org.peerprobe.node.probe.FrontSpec;
import org.peerprobe.node.probe.NettyProber;
import org.peerprobe.node.probe.PhaseTimeouts;
import org.peerprobe.node.probe.ProbeConfig;
import org.peerprobe.node.round.RoundClock;
import org.peerprobe.node.service.NodeRecorder;
import org.peerprobe.node.service.NodeService;
import org.peerprobe.node.service.NodeSettings;
import org.peerprobe.node.store.SqliteStore;
import org.peerprobe.node.store.StoreConfig;
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

  private final NioEventLoopGroup io = new NioEventLoopGroup(2);
  private final DefaultEventLoopGroup nodeLoop = new DefaultEventLoopGroup(1);
  private final List<AutoCloseable> open = new ArrayList<>();
  private NodeService service;
  private GossipNode node;
  private Multiaddr listening;

  private NodeRunner() {}

  /**
   * Loads the key (refusing a key file others can read) and the signed bundle (refusing one not
   * signed by the trusted operator), then starts everything.
   *
   * @throws ConfigException naming the file and what is wrong; nothing is left running
   */
  public static NodeRunner start(NodeConfig config) {
    Ed25519KeyPair key = KeyFile.read(config.keyFile());
    NetworkBundle bundle =
        SignedBundleFile.load(config.bundleFile(), config.trustedOperator(), Optional.empty());
    Optional<Observer> me = bundle.roster().observer(key.publicKey());
    if (me.isPresent() && !me.get().network().equals(config.network())) {
      throw ConfigException.ofFile(
          config.bundleFile(),
          "this node is admitted for network "
              + me.get().network()
              + " but node.yaml declares "
              + config.network());
    }
    NodeRunner r = new NodeRunner();
    try {
      r.startWith(config, key, bundle);
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

  private void startWith(NodeConfig config, Ed25519KeyPair key, NetworkBundle bundle) {
    HostConfig.Builder host = HostConfig.builder(HostKey.fromSeed(key.seed()));
    bundle.bootstrapPeers().stream()
        .map(Multiaddr::parse)
        .filter(a -> !a.peerId().orElseThrow().equals(HostKey.fromSeed(key.seed()).peerId()))
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
    Map<String, FrontSpec> specs = new LinkedHashMap<>();
    bundle.fronts().forEach(f -> specs.put(f.id(), spec(f)));

    SqliteStore store =
        SqliteStore.open(
            StoreConfig.builder()
                .dataDir(config.dataDir())
                .networkId(bundle.networkId())
                .clock(System::currentTimeMillis)
                .build());
    open.add(store);

    Duration interval = Duration.ofSeconds(bundle.roundIntervalSeconds());
    NodeSettings settings =
        new NodeSettings(
            key,
            bundle.roster(),
            List.copyOf(specs.keySet()),
            bundle.routers().stream().map(Router::policy).toList(),
            interval,
            config.network());
    service =
        new NodeService(
            settings,
            node.router(),
            (front, start) -> prober.probe(specs.get(front), start),
            new EventLoopScheduler(nodeLoop.next()),
            new RoundClock(interval, System::currentTimeMillis, new SecureRandom()));
    service.setRecorder(recorder(store));
    service.start();
    open.add(service::stop);
    LOG.info(
        "peerprobe node {} in network {} (bundle v{}, {}): listening on {}, probing {} front(s)"
            + " every {}s",
        node.host().peerId(),
        bundle.networkId(),
        bundle.version(),
        settings.isObserver() ? "observer for " + config.network() : "not an observer",
        listening,
        specs.size(),
        bundle.roundIntervalSeconds());
  }

  private static NodeRecorder recorder(SqliteStore store) {
    return new NodeRecorder() {
      @Override
      public void report(SignedReport report, boolean own) {
        store.saveReport(report, own, System.currentTimeMillis()).whenComplete(NodeRunner::logged);
      }

      @Override
      public void certificate(QuorumCertificate certificate) {
        store.saveCertificate(certificate).whenComplete(NodeRunner::logged);
      }

      @Override
      public void decision(SignedDecision decision) {
        store.saveDecision(decision).whenComplete(NodeRunner::logged);
      }
    };
  }

  private static void logged(Object result, Throwable err) {
    if (err != null) {
      LOG.warn("could not store: {}", err.toString());
    }
  }

  static FrontSpec spec(Front f) {
    Front.Timeouts t = f.timeouts();
    FrontSpec.Builder b =
        FrontSpec.builder(f.id())
            .hostname(f.hostname())
            .url(f.url())
            .expectedStatuses(
                f.expectedStatus().stream()
                    .flatMap(r -> IntStream.rangeClosed(r.from(), r.to()).boxed())
                    .toList())
            .timeouts(
                new PhaseTimeouts(
                    Duration.ofMillis(t.dnsMs()),
                    Duration.ofMillis(t.connectMs()),
                    Duration.ofMillis(t.tlsMs()),
                    Duration.ofMillis(t.firstByteMs()),
                    Duration.ofMillis(t.totalMs())))
            .attempts(f.attempts());
    f.bodyContains().ifPresent(b::bodyContains);
    return b.build();
  }

  public NodeService service() {
    return service;
  }

  public GossipNode gossipNode() {
    return node;
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
