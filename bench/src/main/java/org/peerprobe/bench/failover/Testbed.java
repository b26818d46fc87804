package org.peerprobe.bench.failover;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.failover.FailbackMode;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.node.demo.LocalFront;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.rfc2136.Rfc2136Provider;
import org.peerprobe.node.probe.FrontSpec;
import org.peerprobe.node.probe.NettyProber;
import org.peerprobe.node.probe.PhaseTimeouts;
import org.peerprobe.node.round.RoundClock;
import org.peerprobe.node.runtime.StoreRecorder;
import org.peerprobe.node.service.NodeService;
import org.peerprobe.node.service.NodeSettings;
import org.peerprobe.node.signer.Fence;
import org.peerprobe.node.signer.Reconciler;
import org.peerprobe.node.signer.RouterTarget;
import org.peerprobe.node.signer.RouterTargets;
import org.peerprobe.node.signer.RouterWriter;
import org.peerprobe.node.signer.SignerRole;
import org.peerprobe.node.store.SqliteStore;
import org.peerprobe.node.store.StoreConfig;
import org.peerprobe.node.testing.BindServer;
import org.peerprobe.p2p.core.EventLoopScheduler;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.gossip.GossipNode;
import org.peerprobe.p2p.host.HostConfig;
import org.peerprobe.p2p.pubsub.GossipParams;

/**
 * A whole peerprobe network in this JVM on loopback, built as the demo builds it: two real HTTP
 * fronts, {@code observers} nodes spread round-robin over {@code networks} (each with its own key,
 * libp2p host, gossip router, real prober and node service), and a real BIND whose router record
 * the first node, also the roster's signer, writes by RFC 2136 through the {@link Reconciler}; the
 * signer keeps its decisions in a real SQLite store, durable before they are published, as a
 * running signer does. The signer runs on its own event loop (it would have its own machine); the
 * other nodes share two.
 */
final class Testbed implements AutoCloseable {
  static final String ZONE = "bench.peerprobe.test.";
  static final String PRIMARY = "cf-front";
  static final String SECONDARY = "cdn2-front";
  static final String ROUTER = "web-router";
  static final long TTL = 60;

  /**
   * Failback after one UP round with one round of cooldown: only so that trials follow each other
   * quickly. Neither touches a failover, whose break always falls in a round after the failback.
   */
  static final int UP_ROUNDS = 1;

  static final int COOLDOWN_ROUNDS = 1;

  private final List<AutoCloseable> open = new ArrayList<>();
  private final NioEventLoopGroup io = new NioEventLoopGroup(2);
  private final EventLoopGroup nodeLoops = new DefaultEventLoopGroup(2);
  private final EventLoopGroup signerLoop = new DefaultEventLoopGroup(1);
  private final List<NodeService> services = new ArrayList<>();
  private LocalFront primary;
  private EventLog events;
  private Path dataDir;

  private Testbed() {}

  /** The name of a front's host, the CNAME target while it is active (absolute). */
  static String host(String front) {
    return front + "." + ZONE;
  }

  /** peerprobe's router record (absolute). */
  static String routerRecord() {
    return ROUTER + "." + ZONE;
  }

  /** The zone's records before anything runs: the router record on the primary. */
  static List<RecordSet> initialRecords(String... routerRecords) {
    List<RecordSet> out = new ArrayList<>();
    for (String r : routerRecords) {
      out.add(RecordSet.of(r, "CNAME", TTL, host(PRIMARY)));
    }
    return out;
  }

  /** Starts the fronts, the nodes and the signer writing to {@code bind}, and starts every node. */
  static Testbed start(
      BindServer bind, int observers, int networks, Duration interval, int downRounds, long seed)
      throws IOException {
    Testbed t = new Testbed();
    try {
      t.build(bind, observers, networks, interval, downRounds, new Random(seed));
      return t;
    } catch (IOException | RuntimeException e) {
      t.close();
      throw e;
    }
  }

  private void build(
      BindServer bind, int observers, int networks, Duration interval, int downRounds, Random rnd)
      throws IOException {
    primary = LocalFront.start(PRIMARY, io);
    open.add(primary);
    LocalFront secondary = LocalFront.start(SECONDARY, io);
    open.add(secondary);
    Map<String, FrontSpec> specs = new LinkedHashMap<>();
    specs.put(PRIMARY, spec(PRIMARY, primary.port()));
    specs.put(SECONDARY, spec(SECONDARY, secondary.port()));
    NettyProber prober = org.peerprobe.node.demo.LocalNetwork.loopbackProber(io, specs);
    open.add(prober);

    List<Ed25519KeyPair> keys = new ArrayList<>();
    Roster.Builder roster =
        Roster.builder()
            .networkId("bench")
            .version(1)
            .operator(Ed25519KeyPair.generate(rnd).publicKey());
    for (int i = 0; i < observers; i++) {
      keys.add(Ed25519KeyPair.generate(rnd));
      roster.observer(keys.get(i).publicKey(), network(i, networks), "observer-" + i, 1);
    }
    Roster r = roster.signer(keys.get(0).publicKey()).build();
    events = new EventLog(r);
    RouterPolicy router =
        RouterPolicy.builder(ROUTER, PRIMARY, SECONDARY)
            .downRounds(downRounds)
            .upRounds(UP_ROUNDS)
            .cooldownRounds(COOLDOWN_ROUNDS)
            .failback(FailbackMode.AUTO)
            .build();
    GossipParams params =
        GossipParams.builder().degrees(4, 2, 8).dLazy(4).dScore(2).dOut(1).build();
    List<GossipNode> nodes = new ArrayList<>();
    for (int i = 0; i < observers; i++) {
      GossipNode node =
          new GossipNode(
              HostConfig.builder(HostKey.fromSeed(keys.get(i).seed()))
                  .random(new Random(rnd.nextLong()))
                  .build(),
              params,
              io);
      open.add(node);
      nodes.add(node);
      NodeSettings settings =
          new NodeSettings(
              keys.get(i),
              r,
              List.copyOf(specs.keySet()),
              List.of(router),
              interval,
              network(i, networks));
      EventLoopGroup loop = i == 0 ? signerLoop : nodeLoops;
      NodeService service =
          new NodeService(
              settings,
              node.router(),
              (front, start) -> prober.probe(specs.get(front), start),
              new EventLoopScheduler(loop.next()),
              new RoundClock(interval, System::currentTimeMillis, rnd));
      service.addListener(events.observer(network(i, networks), 1));
      services.add(service);
    }
    NodeService signer = services.get(0);
    dataDir = Files.createTempDirectory("peerprobe-bench-signer-");
    SqliteStore store =
        SqliteStore.open(
            StoreConfig.builder()
                .dataDir(dataDir)
                .networkId(r.networkId())
                .clock(System::currentTimeMillis)
                .build());
    open.add(store);
    signer.setRecorder(StoreRecorder.forDataDir(store, dataDir));
    DnsProvider dns = Rfc2136Provider.open(bind.providerConfig().build());
    open.add(dns);
    EventLoopScheduler signerScheduler = new EventLoopScheduler(signerLoop.next());
    Reconciler reconciler =
        new Reconciler(
            List.of(dns),
            new RouterWriter(System::nanoTime),
            signerScheduler,
            Reconciler.DEFAULT_CHECK_EVERY,
            applied -> {});
    open.add(reconciler::stop);
    signer.addListener(events.signer());
    signer.addListener(
        new SignerRole(
            reconciler,
            RouterTargets.fixed(
                Map.of(ROUTER, routerRecord()), f -> specs.get(f).hostname(), TTL)));
    org.peerprobe.node.demo.LocalNetwork.ring(nodes);
    // The record starts on the primary under fence seq 0, so it exists before any decision.
    reconciler.desire(
        new RouterTarget(
            ROUTER, routerRecord(), host(PRIMARY), TTL, new Fence(0, Decision.GENESIS)));
    services.forEach(NodeService::start);
  }

  EventLog events() {
    return events;
  }

  /** The primary front: switched to 503 and back by the trials. */
  LocalFront primary() {
    return primary;
  }

  /** Completes once the signer has certified both fronts UP: reports flow, the mesh formed. */
  CompletableFuture<Void> ready() {
    return CompletableFuture.allOf(events.upCertified(PRIMARY), events.upCertified(SECONDARY));
  }

  @Override
  public void close() {
    services.forEach(NodeService::stop);
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        // shutting down: nothing useful to do with a failure to close
      }
    }
    signerLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    nodeLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    io.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    if (dataDir != null) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        // best effort: a temporary directory
      }
    }
  }

  private static String network(int i, int networks) {
    return "AS" + (64500 + i % networks);
  }

  /** The demo's front: three attempts per round, 400 ms per phase. */
  private static FrontSpec spec(String id, int port) {
    String hostname = host(id);
    Duration t = Duration.ofMillis(400);
    return FrontSpec.builder(id)
        .hostname(hostname.substring(0, hostname.length() - 1))
        .url("http://" + hostname.substring(0, hostname.length() - 1) + ":" + port + "/")
        .timeouts(new PhaseTimeouts(t, t, t, t, Duration.ofMillis(600)))
        .attempts(3)
        .build();
  }
}
