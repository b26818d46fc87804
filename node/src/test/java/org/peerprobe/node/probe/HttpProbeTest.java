package org.peerprobe.node.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.probe.Probing.await;
import static org.peerprobe.node.probe.Probing.front;
import static org.peerprobe.node.probe.Probing.phases;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.model.FailureClass;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.node.testing.TestFront;
import org.peerprobe.node.testing.TestFront.Behaviour;

/**
 * The prober against a real plain-HTTP front on loopback, reached as {@code cf-front.example.de}.
 */
class HttpProbeTest {
  private static final String HOST = "cf-front.example.de";

  private static EventLoopGroup servers;
  private static EventLoopGroup clients;

  private TestFront server;
  private NettyProber prober;

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
    prober = prober(ProbeConfig.forLocalFronts());
  }

  @AfterEach
  void stop() {
    prober.close();
    server.close();
  }

  private NettyProber prober(ProbeConfig config) {
    return NettyProber.builder(config, clients)
        .resolver(StaticHostResolver.of(HOST, server.address()))
        .build();
  }

  private Observation probe(FrontSpec front) {
    return await(prober.probe(front, System.currentTimeMillis()));
  }

  private FrontSpec.Builder cfFront() {
    return front("cf-front", server, HOST);
  }

  @Test
  void healthyFrontIsUpWithTimingsAndIsAskedByItsOwnName() {
    Observation o = probe(cfFront().bodyContains(TestFront.HEALTHY_TEXT).build());

    assertThat(o.status()).isEqualTo(Status.UP);
    assertThat(o.failure()).isEmpty();
    assertThat(o.httpStatus()).isEqualTo(200);
    assertThat(o.front()).isEqualTo("cf-front");
    assertThat(phases(o)).isEqualTo("dns connect firstByte total");
    Probing.assertConsistent(o);
    // 3 planned attempts: two successes decide UP, the third is not made
    assertThat(server.requests()).isEqualTo(2);
    assertThat(server.hostHeaders()).containsOnly(HOST + ":" + server.port());
  }

  @Test
  void serverErrorIsDownWithHttpStatusAfterTwoOfThreeAttempts() {
    server.behave(Behaviour.SERVER_ERROR);

    Observation o = probe(cfFront().build());

    assertThat(o.status()).isEqualTo(Status.DOWN);
    assertThat(o.failure()).contains(FailureClass.HTTP_STATUS);
    assertThat(o.httpStatus()).isEqualTo(503);
    assertThat(phases(o)).isEqualTo("dns connect firstByte total");
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void anExpectedErrorStatusIsUp() {
    server.behave(Behaviour.SERVER_ERROR);

    Observation o = probe(cfFront().expectedStatuses(List.of(503)).build());

    assertThat(o.status()).isEqualTo(Status.UP);
    assertThat(o.httpStatus()).isEqualTo(503);
  }

  @Test
  void missingBodyTextIsBodyMismatch() {
    server.behave(Behaviour.WRONG_BODY);

    Observation o = probe(cfFront().bodyContains(TestFront.HEALTHY_TEXT).build());

    assertThat(o.status()).isEqualTo(Status.DOWN);
    assertThat(o.failure()).contains(FailureClass.BODY_MISMATCH);
    assertThat(o.httpStatus()).isEqualTo(200);
    assertThat(phases(o)).isEqualTo("dns connect firstByte total");
  }

  @Test
  void hangingFrontTimesOutWaitingForTheFirstByte() {
    server.behave(Behaviour.HANG);

    Observation o = probe(cfFront().timeouts(Probing.SHORT_FIRST_BYTE).build());

    assertThat(o.status()).isEqualTo(Status.DOWN);
    assertThat(o.failure()).contains(FailureClass.TIMEOUT);
    assertThat(o.httpStatus()).isZero();
    assertThat(phases(o)).isEqualTo("dns connect total");
    assertThat(o.timings().totalUs().getAsLong())
        .isGreaterThanOrEqualTo(Probing.SHORT.toNanos() / 1000);
  }

  @Test
  void slowFirstByteBeyondItsTimeoutIsTimeoutAndWithinItIsUp() {
    server.behave(Behaviour.SLOW_FIRST_BYTE).slowDelay(Duration.ofSeconds(2));
    Observation slow = probe(cfFront().timeouts(Probing.SHORT_FIRST_BYTE).build());
    assertThat(slow.failure()).contains(FailureClass.TIMEOUT);

    server.slowDelay(Duration.ofMillis(50));
    Observation patient = probe(cfFront().build());
    assertThat(patient.status()).isEqualTo(Status.UP);
    assertThat(patient.timings().firstByteUs().getAsLong()).isGreaterThanOrEqualTo(50_000);
  }

  @Test
  void connectionClosedWithoutAResponseIsHttpStatusZero() {
    server.behave(Behaviour.CLOSE);

    Observation o = probe(cfFront().build());

    assertThat(o.failure()).contains(FailureClass.HTTP_STATUS);
    assertThat(o.httpStatus()).isZero();
    assertThat(phases(o)).isEqualTo("dns connect total");
  }

  @Test
  void earlyHintsAreSkippedForTheFinalStatus() {
    server.behave(Behaviour.EARLY_HINTS);

    Observation o = probe(cfFront().bodyContains(TestFront.HEALTHY_TEXT).build());

    assertThat(o.status()).isEqualTo(Status.UP);
    assertThat(o.httpStatus()).isEqualTo(200);
  }

  @Test
  void refusedConnectionIsConnectFailure() {
    server.refuse();

    Observation o = probe(cfFront().build());

    assertThat(o.status()).isEqualTo(Status.DOWN);
    assertThat(o.failure()).contains(FailureClass.CONNECT);
    assertThat(o.httpStatus()).isZero();
    assertThat(phases(o)).isEqualTo("dns total");

    server.resume();
    assertThat(probe(cfFront().build()).status()).isEqualTo(Status.UP);
  }

  @Test
  void unknownNameIsDnsFailure() {
    Observation o =
        probe(
            FrontSpec.builder("other")
                .hostname("unknown.example.de")
                .url("http://unknown.example.de:" + server.port() + "/")
                .timeouts(Probing.FAST)
                .build());

    assertThat(o.failure()).contains(FailureClass.DNS);
    assertThat(phases(o)).isEqualTo("total");
    assertThat(server.connections()).isZero();
  }

  @Test
  void loopbackIsRefusedUnlessPrivateAddressesAreAllowed() {
    try (NettyProber strict = prober(ProbeConfig.DEFAULT)) {
      Observation o = await(strict.probe(cfFront().build(), System.currentTimeMillis()));

      assertThat(o.status()).isEqualTo(Status.DOWN);
      assertThat(o.failure()).contains(FailureClass.DNS);
      assertThat(phases(o)).isEqualTo("dns total");
      assertThat(server.connections()).isZero();
    }
  }

  @Test
  void oneFailureInThreeIsUp() {
    server.cycle(Behaviour.HEALTHY, Behaviour.SERVER_ERROR); // ok, fail, ok

    Observation o = probe(cfFront().build());

    assertThat(o.status()).isEqualTo(Status.UP);
    assertThat(o.httpStatus()).isEqualTo(200);
    assertThat(server.requests()).isEqualTo(3);
  }

  @Test
  void twoFailuresInThreeAreDown() {
    server.cycle(Behaviour.SERVER_ERROR, Behaviour.HEALTHY); // fail, ok, fail

    Observation o = probe(cfFront().build());

    assertThat(o.status()).isEqualTo(Status.DOWN);
    assertThat(o.failure()).contains(FailureClass.HTTP_STATUS);
    assertThat(o.httpStatus()).isEqualTo(503);
    assertThat(server.requests()).isEqualTo(3);
  }

  @Test
  void mostCommonFailureIsReportedWithItsLastAttemptsStatus() {
    // 5 planned attempts: body, body, ok, 503 → 3 failures decide DOWN after 4 requests
    server.cycle(
        Behaviour.WRONG_BODY, Behaviour.WRONG_BODY, Behaviour.HEALTHY, Behaviour.SERVER_ERROR);

    Observation o = probe(cfFront().bodyContains(TestFront.HEALTHY_TEXT).attempts(5).build());

    assertThat(o.failure()).contains(FailureClass.BODY_MISMATCH);
    assertThat(o.httpStatus()).isEqualTo(200);
    assertThat(server.requests()).isEqualTo(4);
  }

  @Test
  void noFurtherAttemptStartsAfterTheRoundBudget() {
    server.behave(Behaviour.SERVER_ERROR);
    FrontSpec front = cfFront().build();
    long budget = ProbeConfig.DEFAULT_ROUND_BUDGET.toMillis();
    // the round started a whole budget ago: no further attempt fits, but the first always runs
    long roundStart = System.currentTimeMillis() - budget;

    Observation o = await(prober.probe(front, roundStart));

    assertThat(o.status()).isEqualTo(Status.DOWN); // 1 of 1 attempts made failed
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void severalFrontsProbedAtOnceAreIndependent() {
    try (TestFront second = TestFront.http(servers);
        NettyProber both =
            NettyProber.builder(ProbeConfig.forLocalFronts(), clients)
                .resolver(
                    StaticHostResolver.builder()
                        .map(HOST, server.address())
                        .map("cdn2-front.example.de", second.address())
                        .build())
                .build()) {
      second.behave(Behaviour.SERVER_ERROR);
      long round = System.currentTimeMillis();
      List<CompletableFuture<Observation>> running = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        running.add(both.probe(cfFront().build(), round));
        running.add(
            both.probe(front("cdn2-front", second, "cdn2-front.example.de").build(), round));
      }

      for (int i = 0; i < running.size(); i++) {
        Observation o = await(running.get(i));
        assertThat(o.status()).isEqualTo(i % 2 == 0 ? Status.UP : Status.DOWN);
      }
      assertThat(server.requests()).isEqualTo(8);
      assertThat(second.requests()).isEqualTo(8);
    }
  }

  @Test
  void observedAtComesFromTheInjectedClock() {
    ProbeClock fixed =
        new ProbeClock() {
          @Override
          public long nanoTime() {
            return System.nanoTime();
          }

          @Override
          public long epochMillis() {
            return 1_763_424_000_000L;
          }
        };
    try (NettyProber clocked =
        NettyProber.builder(ProbeConfig.forLocalFronts(), clients)
            .resolver(StaticHostResolver.of(HOST, server.address()))
            .clock(fixed)
            .build()) {
      Observation o = await(clocked.probe(cfFront().attempts(1).build(), 1_763_424_000_000L));

      assertThat(o.observedAtMs()).isEqualTo(1_763_424_000_000L);
      assertThat(o.status()).isEqualTo(Status.UP);
      assertThat(server.requests()).isEqualTo(1);
    }
  }

  @Test
  void requestIsAGetWithPathQueryUserAgentAndConnectionClose() {
    Observation o =
        probe(cfFront().url("http://" + HOST + ":" + server.port() + "/a/b?x=1").build());

    assertThat(o.status()).isEqualTo(Status.UP);
    assertThat(server.seen())
        .first()
        .isEqualTo(
            new TestFront.Request(
                "GET", "/a/b?x=1", HOST + ":" + server.port(), "peerprobe/0.1.0", "close"));
  }

  @Test
  void redirectIsReportedNotFollowed() {
    server.behave(Behaviour.REDIRECT);

    Observation o = probe(cfFront().build());

    assertThat(o.status()).isEqualTo(Status.UP); // 302 is expected by default
    assertThat(o.httpStatus()).isEqualTo(302);
    assertThat(server.requests()).isEqualTo(2);

    Observation strict = probe(cfFront().expectedStatuses(List.of(200)).build());
    assertThat(strict.failure()).contains(FailureClass.HTTP_STATUS);
    assertThat(strict.httpStatus()).isEqualTo(302);
  }
}
