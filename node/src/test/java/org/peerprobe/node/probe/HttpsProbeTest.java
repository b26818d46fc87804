package org.peerprobe.node.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.probe.Probing.await;
import static org.peerprobe.node.probe.Probing.front;
import static org.peerprobe.node.probe.Probing.phases;

import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.peerprobe.consensus.model.FailureClass;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.node.testing.TestFront;
import org.peerprobe.node.testing.TestFront.Behaviour;
import org.peerprobe.node.testing.TestFront.Tls;
import org.peerprobe.node.testing.TestPki;

/**
 * The prober against a real HTTPS front on loopback, reached as {@code cf-front.example.de}, with
 * certificates from the test CA: SNI, hostname verification and validity dates are checked.
 */
class HttpsProbeTest {
  private static final String HOST = "cf-front.example.de";

  private static EventLoopGroup servers;
  private static EventLoopGroup clients;

  private TestFront server;
  private NettyProber prober;

  @BeforeAll
  static void startGroupsAndWarmUpTls() {
    servers = Probing.group();
    clients = Probing.group();
    // the JVM's first handshake loads JSSE and seeds its random: not something to measure
    try (TestFront warm = TestFront.https(servers);
        NettyProber p =
            NettyProber.builder(ProbeConfig.forLocalFronts(), clients)
                .resolver(StaticHostResolver.of(HOST, warm.address()))
                .tlsContext(TestPki.get().clientContext())
                .build()) {
      await(p.probe(front("warm-up", warm, HOST).attempts(1).build(), System.currentTimeMillis()));
    }
  }

  @AfterAll
  static void stopGroups() {
    Probing.shutdown(clients);
    Probing.shutdown(servers);
  }

  @BeforeEach
  void start() {
    server = TestFront.https(servers);
    prober =
        NettyProber.builder(ProbeConfig.forLocalFronts(), clients)
            .resolver(StaticHostResolver.of(HOST, server.address()))
            .tlsContext(TestPki.get().clientContext())
            .build();
  }

  @AfterEach
  void stop() {
    prober.close();
    server.close();
  }

  private Observation probe(FrontSpec front) {
    return await(prober.probe(front, System.currentTimeMillis()));
  }

  private FrontSpec.Builder cfFront() {
    return front("cf-front", server, HOST);
  }

  @Test
  void healthyHttpsFrontIsUpWithSniAndHostSetToItsOwnName() {
    Observation o = probe(cfFront().bodyContains(TestFront.HEALTHY_TEXT).build());

    assertThat(o.status()).isEqualTo(Status.UP);
    assertThat(o.httpStatus()).isEqualTo(200);
    assertThat(phases(o)).isEqualTo("dns connect tls firstByte total");
    Probing.assertConsistent(o);
    assertThat(server.sniNames()).hasSize(2).containsOnly(HOST);
    assertThat(server.hostHeaders()).containsOnly(HOST + ":" + server.port());
  }

  @ParameterizedTest
  @EnumSource(
      value = Tls.class,
      names = {"EXPIRED", "SELF_SIGNED", "WRONG_NAME"})
  void badCertificateIsTlsFailure(Tls mode) {
    server.tls(mode);

    Observation o = probe(cfFront().build());

    assertThat(o.status()).isEqualTo(Status.DOWN);
    assertThat(o.failure()).contains(FailureClass.TLS);
    assertThat(o.httpStatus()).isZero();
    assertThat(phases(o)).isEqualTo("dns connect total");
    assertThat(server.requests()).isZero();
  }

  @Test
  void stalledHandshakeIsTimeout() {
    server.tls(Tls.STALL);

    Observation o =
        probe(cfFront().timeouts(Probing.FAST.toBuilder().tls(Probing.SHORT).build()).build());

    assertThat(o.failure()).contains(FailureClass.TIMEOUT);
    assertThat(phases(o)).isEqualTo("dns connect total");
    assertThat(server.connections()).isEqualTo(2);
  }

  @Test
  void hangAfterHandshakeIsTimeoutWithTlsTiming() {
    server.behave(Behaviour.HANG);

    Observation o = probe(cfFront().timeouts(Probing.SHORT_FIRST_BYTE).build());

    assertThat(o.failure()).contains(FailureClass.TIMEOUT);
    assertThat(phases(o)).isEqualTo("dns connect tls total");
  }

  @Test
  void serverErrorOverHttpsIsHttpStatus() {
    server.behave(Behaviour.SERVER_ERROR);

    Observation o = probe(cfFront().build());

    assertThat(o.failure()).contains(FailureClass.HTTP_STATUS);
    assertThat(o.httpStatus()).isEqualTo(503);
    assertThat(phases(o)).isEqualTo("dns connect tls firstByte total");
  }

  @Test
  void certificateIsCheckedForTheFrontsOwnNameNotAnother() {
    // the certificate covers cf-front.example.de, but this front is called by another name
    String other = "cdn3-front.example.de";
    try (NettyProber p =
        NettyProber.builder(ProbeConfig.forLocalFronts(), clients)
            .resolver(StaticHostResolver.of(other, server.address()))
            .tlsContext(TestPki.get().clientContext())
            .build()) {
      Observation o =
          await(p.probe(front("cdn3", server, other).build(), System.currentTimeMillis()));

      assertThat(o.failure()).contains(FailureClass.TLS);
    }
  }

  @Test
  void productionTrustStoreDoesNotTrustTheTestCa() {
    try (NettyProber p =
        NettyProber.builder(ProbeConfig.forLocalFronts(), clients)
            .resolver(StaticHostResolver.of(HOST, server.address()))
            .build()) {
      Observation o = await(p.probe(cfFront().build(), System.currentTimeMillis()));

      assertThat(o.failure()).contains(FailureClass.TLS);
    }
  }
}
