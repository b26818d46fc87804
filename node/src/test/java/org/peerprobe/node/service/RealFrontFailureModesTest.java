package org.peerprobe.node.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.peerprobe.consensus.testing.TestNetwork.PRIMARY;
import static org.peerprobe.consensus.testing.TestNetwork.SECONDARY;
import static org.peerprobe.node.service.TestNodes.WAIT;

import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.model.FailureClass;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.probe.FrontSpec;
import org.peerprobe.node.probe.NettyProber;
import org.peerprobe.node.probe.PhaseTimeouts;
import org.peerprobe.node.probe.ProbeConfig;
import org.peerprobe.node.probe.StaticHostResolver;
import org.peerprobe.node.testing.TestFront;
import org.peerprobe.node.testing.TestFront.Behaviour;
import org.peerprobe.node.testing.TestFront.Tls;
import org.peerprobe.node.testing.TestPki;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * Five full nodes over the real p2p stack, each probing two real fronts on loopback with its own
 * {@link NettyProber}: the primary over HTTPS (certificates from {@link TestPki}), the secondary
 * over plain HTTP. For every way the primary can fail, every node certifies it DOWN with the
 * matching failure class and switches the router to the secondary, once; nothing switches while
 * both are healthy, and the secondary stays UP throughout.
 */
class RealFrontFailureModesTest {
  static final int N = 5;
  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final int WARM_UP_PROBES = 20;
  static final String PRIMARY_HOST = "cf-front.example.de";
  static final String SECONDARY_HOST = "cdn2-front.example.de";
  static final String ROUTER = "web-router";

  /**
   * Short enough that a hanging front's two failed attempts (2 × first byte, after a probe offset
   * of up to half a round) end before the round after next, when peers stop counting the report;
   * long enough that a loaded two-core machine does not fail a healthy loopback front.
   */
  static final PhaseTimeouts TIMEOUTS =
      PhaseTimeouts.builder()
          .dns(Duration.ofSeconds(1))
          .connect(Duration.ofSeconds(1))
          .tls(Duration.ofSeconds(1))
          .firstByte(Duration.ofMillis(500))
          .total(Duration.ofSeconds(1))
          .build();

  /** How the primary fails, and what the observers must say about it. */
  enum Mode {
    SERVER_ERROR(f -> f.behave(Behaviour.SERVER_ERROR), FailureClass.HTTP_STATUS, 503),
    HANG(f -> f.behave(Behaviour.HANG), FailureClass.TIMEOUT, 0),
    TLS_EXPIRED(f -> f.tls(Tls.EXPIRED), FailureClass.TLS, 0),
    TLS_SELF_SIGNED(f -> f.tls(Tls.SELF_SIGNED), FailureClass.TLS, 0),
    TLS_WRONG_NAME(f -> f.tls(Tls.WRONG_NAME), FailureClass.TLS, 0),
    REFUSED(TestFront::refuse, FailureClass.CONNECT, 0);

    final Consumer<TestFront> breakFront;
    final FailureClass failure;
    final int httpStatus;

    Mode(Consumer<TestFront> breakFront, FailureClass failure, int httpStatus) {
      this.breakFront = breakFront;
      this.failure = failure;
      this.httpStatus = httpStatus;
    }
  }

  /** The fronts' own event loop: a front is another machine, not a task among the nodes'. */
  private static NioEventLoopGroup servers;

  private TestNodes nodes;

  /**
   * Warms up the TLS code on both sides (the JVM's first handshakes load JSSE and run its EC code
   * interpreted): cold, five nodes' first rounds of handshakes would be slow enough to time out.
   */
  @BeforeAll
  static void startServersAndWarmUpTls() {
    servers = new NioEventLoopGroup(1);
    NioEventLoopGroup clients = new NioEventLoopGroup(1);
    try (TestFront front = TestFront.https(servers);
        NettyProber prober =
            prober(clients, StaticHostResolver.of(PRIMARY_HOST, front.address()))) {
      for (int i = 0; i < WARM_UP_PROBES; i++) {
        Observation o =
            JavaPeer.await(
                prober.probe(spec(PRIMARY, PRIMARY_HOST, front), System.currentTimeMillis()), WAIT);
        assertThat(o.status()).isEqualTo(Status.UP);
      }
    } finally {
      clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @AfterAll
  static void stopServers() {
    servers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @AfterEach
  void tearDown() {
    nodes.close();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void everyNodeCertifiesThePrimaryDownAndSwitchesToTheSecondary(Mode mode) {
    RouterPolicy router =
        RouterPolicy.builder(ROUTER, PRIMARY, SECONDARY).downRounds(2).cooldownRounds(0).build();
    nodes = new TestNodes(TestNetwork.of(N, 3), INTERVAL, router);
    TestFront primary = nodes.closeLater(TestFront.https(servers));
    TestFront secondary = nodes.closeLater(TestFront.http(servers));
    Map<String, FrontSpec> specs =
        Map.of(
            PRIMARY, spec(PRIMARY, PRIMARY_HOST, primary),
            SECONDARY, spec(SECONDARY, SECONDARY_HOST, secondary));
    StaticHostResolver resolver =
        StaticHostResolver.builder()
            .map(PRIMARY_HOST, primary.address())
            .map(SECONDARY_HOST, secondary.address())
            .build();
    for (int i = 0; i < N; i++) {
      NettyProber prober = nodes.closeLater(prober(nodes.group(), resolver));
      nodes.node(i, (front, start) -> prober.probe(specs.get(front), start));
    }
    nodes.connect();
    nodes.start();

    nodes.await(
        () ->
            nodes.everyNode(
                n ->
                    !n.certified(PRIMARY, Verdict.UP).isEmpty()
                        && !n.certified(SECONDARY, Verdict.UP).isEmpty()),
        "every node certifies both fronts UP");
    for (TestNodes.Node n : nodes.nodes()) {
      assertThat(n.switches()).as("%s switched while both fronts were healthy", n).isEmpty();
      assertThat(n.certified(PRIMARY, Verdict.DOWN)).as("%s: healthy primary DOWN", n).isEmpty();
    }
    assertThat(primary.sniNames()).isNotEmpty().containsOnly(PRIMARY_HOST);

    long brokenAt = System.currentTimeMillis();
    mode.breakFront.accept(primary);
    nodes.await(() -> nodes.everyNode(n -> !n.switches().isEmpty()), "every node switches");

    for (TestNodes.Node n : nodes.nodes()) {
      assertThat(n.switches()).as("%s switches once", n).hasSize(1);
      Decision d = n.switches().get(0).decision();
      assertThat(d.router()).isEqualTo(ROUTER);
      assertThat(d.from()).isEqualTo(PRIMARY);
      assertThat(d.to()).isEqualTo(SECONDARY);
      assertThat(d.seq()).isEqualTo(1);
      assertThat(d.reason()).isEqualTo(DecisionReason.FAILOVER);
      assertThat(n.activeTargets()).containsEntry(ROUTER, SECONDARY);
      assertThat(n.certified(SECONDARY, Verdict.DOWN)).as("%s: secondary DOWN", n).isEmpty();

      // The decision cites two DOWN certificates of the primary, then an UP one of the secondary.
      Map<String, QuorumCertificate> held = new HashMap<>();
      n.certificates.forEach(c -> held.put(c.id(), c));
      assertThat(held)
          .as("%s holds what its decision cites", n)
          .containsKeys(d.certificates().toArray(String[]::new));
      List<QuorumCertificate> cited = d.certificates().stream().map(held::get).toList();
      assertThat(cited)
          .extracting(QuorumCertificate::front, QuorumCertificate::verdict)
          .containsExactly(
              tuple(PRIMARY, Verdict.DOWN),
              tuple(PRIMARY, Verdict.DOWN),
              tuple(SECONDARY, Verdict.UP));

      // Every DOWN certificate rests on observations of the broken front, made after it broke
      // (nodes that lag may observe it in an earlier round than the test's clock says).
      List<Observation> certifiedDown =
          n.certificates.stream()
              .filter(c -> c.front().equals(PRIMARY) && c.verdict() == Verdict.DOWN)
              .flatMap(c -> c.reports().stream())
              .map(r -> r.report().observationOf(PRIMARY).orElseThrow())
              .toList();
      assertThat(certifiedDown)
          .as("%s's DOWN certificates of the primary", n)
          .allSatisfy(o -> assertThat(o.observedAtMs()).isGreaterThanOrEqualTo(brokenAt));
      assertFailure(n + "'s DOWN certificates", certifiedDown, mode);
      List<Observation> ownDown =
          n.ownReports.stream()
              .map(r -> r.report().observationOf(PRIMARY).orElseThrow())
              .filter(o -> o.status() == Status.DOWN && o.observedAtMs() >= brokenAt)
              .toList();
      assertFailure(n + "'s own reports", ownDown, mode);
    }
    assertThat(nodes.allEvents()).noneMatch(e -> e instanceof NodeEvent.Rejected);
  }

  /**
   * The observers name the mode's failure class (and HTTP status). On a starved machine any attempt
   * may also time out, and a round with one failure of each kind reports the later one: TIMEOUT is
   * tolerated beside the mode's class, but the mode's class must be there.
   */
  private static void assertFailure(String what, List<Observation> down, Mode mode) {
    assertThat(down)
        .as(what)
        .isNotEmpty()
        .allSatisfy(o -> assertThat(o.status()).isEqualTo(Status.DOWN))
        .allSatisfy(
            o -> assertThat(o.failure().orElseThrow()).isIn(mode.failure, FailureClass.TIMEOUT))
        .anySatisfy(
            o -> {
              assertThat(o.failure()).contains(mode.failure);
              assertThat(o.httpStatus()).isEqualTo(mode.httpStatus);
            });
  }

  static FrontSpec spec(String id, String hostname, TestFront front) {
    return FrontSpec.builder(id)
        .hostname(hostname)
        .url(front.url(hostname))
        .bodyContains(TestFront.HEALTHY_TEXT)
        .timeouts(TIMEOUTS)
        .build();
  }

  /** The prober a node runs (as in {@code NodeRunner}), trusting the test CA, names mapped. */
  static NettyProber prober(io.netty.channel.EventLoopGroup group, StaticHostResolver resolver) {
    return NettyProber.builder(ProbeConfig.builder().allowPrivateAddresses(true).build(), group)
        .resolver(resolver)
        .tlsContext(TestPki.get().clientContext())
        .build();
  }
}
