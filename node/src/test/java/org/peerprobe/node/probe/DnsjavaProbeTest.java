package org.peerprobe.node.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.probe.Probing.await;
import static org.peerprobe.node.probe.Probing.front;
import static org.peerprobe.node.probe.Probing.phases;

import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.model.FailureClass;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.node.testing.TestDns;
import org.peerprobe.node.testing.TestFront;

/**
 * The dnsjava path for real: the prober is configured with explicit resolvers (so it builds its own
 * {@link DnsjavaHostResolver}) that point at a {@link TestDns} responder on loopback UDP.
 */
class DnsjavaProbeTest {
  private static final String HOST = "cf-front.example.de";

  private static EventLoopGroup servers;
  private static EventLoopGroup clients;

  private TestFront server;
  private TestDns dns;

  @BeforeAll
  static void startGroups() {
    servers = Probing.group();
    clients = Probing.group();
  }

  @AfterAll
  static void stopGroups() {
    Probing.shutdown(clients);
    Probing.shutdown(servers);
  }

  @BeforeEach
  void start() {
    server = TestFront.http(servers);
    dns = TestDns.start(servers).answer(HOST, server.address());
  }

  @AfterEach
  void stop() {
    dns.close();
    server.close();
  }

  private ProbeConfig config(Duration resolverTimeout) {
    return ProbeConfig.builder()
        .allowPrivateAddresses(true)
        .resolver(dns.address())
        .resolverTimeout(resolverTimeout)
        .build();
  }

  private Observation probe(FrontSpec front, ProbeConfig config) {
    try (NettyProber prober = NettyProber.builder(config, clients).build()) {
      return await(prober.probe(front, System.currentTimeMillis()));
    }
  }

  @Test
  void frontResolvedThroughConfiguredServerIsUp() {
    Observation o = probe(front("cf-front", server, HOST).build(), config(Duration.ofSeconds(1)));

    assertThat(o.status()).isEqualTo(Status.UP);
    assertThat(phases(o)).isEqualTo("dns connect firstByte total");
    // A and AAAA per attempt, two attempts, no cache
    assertThat(dns.queries()).isEqualTo(4);
    assertThat(server.hostHeaders()).containsOnly(HOST + ":" + server.port());
  }

  @Test
  void frontBehindACnameIsFollowedToItsAddress() {
    String alias = "www-front.example.de";
    dns.alias(alias, HOST);

    Observation o = probe(front("www", server, alias).build(), config(Duration.ofSeconds(1)));

    assertThat(o.status()).isEqualTo(Status.UP);
    assertThat(server.hostHeaders()).containsOnly(alias + ":" + server.port());
  }

  @Test
  void nxdomainIsDnsFailure() {
    String missing = "missing-front.example.de";
    Observation o = probe(front("missing", server, missing).build(), config(Duration.ofSeconds(1)));

    assertThat(o.status()).isEqualTo(Status.DOWN);
    assertThat(o.failure()).contains(FailureClass.DNS);
    assertThat(phases(o)).isEqualTo("total");
    assertThat(server.connections()).isZero();
  }

  @Test
  void silentResolverIsTimeoutInTheDnsPhase() {
    dns.silent(true);
    FrontSpec front =
        front("cf-front", server, HOST)
            .timeouts(Probing.FAST.toBuilder().dns(Probing.SHORT).build())
            .build();

    Observation o = probe(front, config(Duration.ofSeconds(1)));

    assertThat(o.failure()).contains(FailureClass.TIMEOUT);
    assertThat(phases(o)).isEqualTo("total");
    assertThat(server.connections()).isZero();
  }

  @Test
  void resolverGivesUpWithTimeoutReason() {
    dns.silent(true);
    try (DnsjavaHostResolver r =
        new DnsjavaHostResolver(List.of(dns.address()), Duration.ofMillis(100), clients)) {
      ResolutionException e = failure(r.resolve(HOST));

      assertThat(e.reason()).isEqualTo(ResolutionException.Reason.TIMEOUT);
      assertThat(dns.queries()).isGreaterThanOrEqualTo(2); // A and AAAA
    }
  }

  @Test
  void resolverReturnsIpv4BeforeIpv6AndClassifiesMissingNames() throws Exception {
    InetAddress v6 = InetAddress.getByName("2001:db8::5");
    dns.answer(HOST, v6).exists("empty.example.de");
    try (DnsjavaHostResolver r =
        new DnsjavaHostResolver(List.of(dns.address()), Duration.ofSeconds(1), clients)) {
      assertThat(r.resolve(HOST).get(Probing.AWAIT.toMillis(), TimeUnit.MILLISECONDS))
          .containsExactly(server.address(), v6);
      assertThat(failure(r.resolve("nope.example.de")).reason())
          .isEqualTo(ResolutionException.Reason.NO_SUCH_NAME);
      assertThat(failure(r.resolve("empty.example.de")).reason())
          .isEqualTo(ResolutionException.Reason.NO_ADDRESS);
    }
  }

  private static ResolutionException failure(CompletableFuture<List<InetAddress>> f) {
    try {
      List<InetAddress> got = f.get(Probing.AWAIT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("resolved unexpectedly: " + got);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ResolutionException.class);
      return (ResolutionException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
