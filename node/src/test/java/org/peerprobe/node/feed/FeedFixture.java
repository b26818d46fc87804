package org.peerprobe.node.feed;

import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.Front;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.Router;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.metrics.NodeMetrics;
import org.peerprobe.node.store.FrontVerdictRow;
import org.peerprobe.node.store.SqliteStore;
import org.peerprobe.node.store.StoreConfig;

/**
 * A feed over a real store holding a known history, on a free loopback port, with a manual clock:
 * four observers on four networks, two fronts, one router with three decisions, and verdict rows
 * for rounds 900..999 (the primary DOWN in 950..952, and seen DOWN from one network in 971).
 */
final class FeedFixture implements AutoCloseable {
  static final TestNetwork NET = TestNetwork.of(4, 4);
  static final int INTERVAL_SECONDS = 30;
  static final long CURRENT_ROUND = 1000;
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  final AtomicLong now = new AtomicLong(CURRENT_ROUND * INTERVAL_SECONDS * 1000L + 1234);
  final NioEventLoopGroup io = new NioEventLoopGroup(1);
  final SqliteStore store;
  final NetworkBundle bundle;
  final List<SignedDecision> decisions = TestDecisions.chain(3, TestKeys.signer());
  final List<QuorumCertificate> certificates = new ArrayList<>();
  final List<FeedEvent> events = new ArrayList<>();
  final NodeMetrics metrics = new NodeMetrics(Duration.ofSeconds(INTERVAL_SECONDS));
  final EventHub hub;
  final LiveTracker tracker;
  final FeedServer server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  FeedFixture(Path dir) {
    bundle =
        NetworkBundle.builder()
            .roster(NET.roster())
            .front(
                Front.of(
                    TestNetwork.PRIMARY, "primary.example.net", "https://primary.example.net/"))
            .front(
                Front.of(
                    TestNetwork.SECONDARY, "backup.example.net", "https://backup.example.net/"))
            .router(
                new Router(
                    RouterPolicy.builder(
                            TestDecisions.ROUTER, TestNetwork.PRIMARY, TestNetwork.SECONDARY)
                        .build(),
                    60))
            .roundIntervalSeconds(INTERVAL_SECONDS)
            .build();
    store =
        SqliteStore.open(
            StoreConfig.builder().dataDir(dir).networkId(NET.networkId()).clock(now::get).build());
    for (SignedDecision d : decisions) {
      store.saveDecision(d).join();
    }
    for (long r = 900; r < CURRENT_ROUND; r++) {
      boolean down = r >= 950 && r <= 952;
      boolean partial = r == 971;
      QuorumCertificate c = down || r % 10 == 0 ? certificate(r, down) : null;
      if (c != null) {
        store.saveCertificate(c).join();
        certificates.add(c);
      }
      store.saveVerdict(row(r, down, partial, c)).join();
    }
    hub = new EventHub(io.next());
    tracker =
        new LiveTracker(
            bundle,
            Duration.ofSeconds(INTERVAL_SECONDS),
            "12D3KooWTestPeer",
            List.of("/ip4/127.0.0.1/tcp/4001"),
            Map.of(TestDecisions.ROUTER, decisions.get(2).decision().to()),
            List.of(decisions.get(2)),
            true,
            e -> {
              events.add(e);
              hub.accept(e);
            });
    server =
        FeedServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            io,
            tracker::state,
            store,
            EvidenceSource.NONE,
            metrics::scrape,
            hub,
            now::get);
  }

  /** A certificate of the primary for round {@code r} from all four observers. */
  static QuorumCertificate certificate(long r, boolean down) {
    Status s = down ? Status.DOWN : Status.UP;
    return new QuorumCertificate(
        NET.networkId(),
        NET.roster().version(),
        TestNetwork.PRIMARY,
        r,
        down ? Verdict.DOWN : Verdict.UP,
        IntStream.range(0, NET.size())
            .mapToObj(
                i ->
                    NET.report(
                        i, r, Map.of(TestNetwork.PRIMARY, s, TestNetwork.SECONDARY, Status.UP)))
            .toList());
  }

  private static FrontVerdictRow row(long r, boolean down, boolean partial, QuorumCertificate c) {
    TreeMap<String, FrontVerdictRow.NetworkWeights> nets = new TreeMap<>();
    for (int i = 0; i < NET.size(); i++) {
      boolean sawDown = down || partial && i == 0;
      nets.put(
          TestNetwork.network(i),
          new FrontVerdictRow.NetworkWeights(sawDown ? 0 : 1, sawDown ? 1 : 0));
    }
    long downW = nets.values().stream().mapToLong(FrontVerdictRow.NetworkWeights::down).sum();
    Verdict v =
        down ? Verdict.DOWN : c != null ? Verdict.UP : partial ? Verdict.NO_QUORUM : Verdict.UP;
    return new FrontVerdictRow(
        TestNetwork.PRIMARY,
        r,
        v,
        NET.size() - downW,
        downW,
        NET.size(),
        nets,
        v == Verdict.NO_QUORUM
            ? Optional.empty()
            : Optional.ofNullable(c).map(QuorumCertificate::id));
  }

  String url(String path) {
    return server.url() + path;
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).timeout(TIMEOUT).GET().build());
  }

  HttpResponse<String> send(HttpRequest req) {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    server.close();
    store.close();
    io.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
