package org.peerprobe.node.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.PhaseTimings;
import org.peerprobe.node.testing.TestFront;

/** Shared pieces of the prober tests: event loops, fast timeouts, awaiting with a deadline. */
final class Probing {
  /** Longest any probe in a test may take before the test fails. */
  static final Duration AWAIT = Duration.ofSeconds(15);

  /** Short enough to keep timeout tests fast, long enough for a loaded 2-core machine. */
  static final Duration SHORT = Duration.ofMillis(300);

  /** Generous phase timeouts: a loaded machine never makes a healthy loopback front time out. */
  static final PhaseTimeouts FAST =
      PhaseTimeouts.builder()
          .dns(Duration.ofSeconds(2))
          .connect(Duration.ofSeconds(2))
          .tls(Duration.ofSeconds(4))
          .firstByte(Duration.ofSeconds(3))
          .total(Duration.ofSeconds(8))
          .build();

  /** {@link #FAST} with a {@link #SHORT} first-byte timeout, for fronts that hang. */
  static final PhaseTimeouts SHORT_FIRST_BYTE = FAST.toBuilder().firstByte(SHORT).build();

  private Probing() {}

  static EventLoopGroup group() {
    return new NioEventLoopGroup(2);
  }

  static void shutdown(EventLoopGroup group) {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(AWAIT.toMillis());
  }

  /** A front served by {@code server} under {@code hostname}, with {@link #FAST} timeouts. */
  static FrontSpec.Builder front(String id, TestFront server, String hostname) {
    return FrontSpec.builder(id).hostname(hostname).url(server.url(hostname)).timeouts(FAST);
  }

  static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      throw new AssertionError("probe failed instead of observing", e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no observation within " + AWAIT, e);
    }
  }

  /** Which phases an observation carries, as a string like "dns connect firstByte total". */
  static String phases(Observation o) {
    PhaseTimings t = o.timings();
    StringBuilder s = new StringBuilder();
    if (t.dnsUs().isPresent()) {
      s.append("dns ");
    }
    if (t.connectUs().isPresent()) {
      s.append("connect ");
    }
    if (t.tlsUs().isPresent()) {
      s.append("tls ");
    }
    if (t.firstByteUs().isPresent()) {
      s.append("firstByte ");
    }
    if (t.totalUs().isPresent()) {
      s.append("total");
    }
    return s.toString().trim();
  }

  /** The total is at least the sum of the phases measured (they are consecutive). */
  static void assertConsistent(Observation o) {
    PhaseTimings t = o.timings();
    long sum =
        t.dnsUs().orElse(0)
            + t.connectUs().orElse(0)
            + t.tlsUs().orElse(0)
            + t.firstByteUs().orElse(0);
    assertThat(t.totalUs()).isPresent();
    assertThat(t.totalUs().getAsLong()).isGreaterThanOrEqualTo(sum);
  }
}
