package org.peerprobe.p2p.ping;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.mss.StreamNegotiator;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.stream.StreamHandler;
import org.peerprobe.p2p.testing.RecordingHandler;
import org.peerprobe.p2p.testing.StreamPair;
import org.peerprobe.p2p.testing.StreamPair.Delivery;
import org.peerprobe.p2p.testing.VirtualScheduler;

class PingTest {
  private final VirtualScheduler scheduler = new VirtualScheduler();
  private final Ping ping = new Ping(new Random(42));

  private static byte[] expectedPayload() {
    byte[] p = new byte[Ping.PAYLOAD_BYTES];
    new Random(42).nextBytes(p);
    return p;
  }

  @ParameterizedTest
  @EnumSource(Delivery.class)
  void measuresTheRoundTripOnTheSchedulerClock(Delivery delivery) {
    StreamPair pair =
        StreamPair.builder(scheduler).latency(Duration.ofMillis(25)).delivery(delivery).build();
    Ping.responder().onStream(pair.responder());
    CompletableFuture<Duration> rtt = ping.ping(pair.initiator());
    scheduler.advance(Duration.ofMillis(49));
    assertThat(rtt).isNotDone();
    scheduler.advance(Duration.ofMillis(1));
    assertThat(rtt).isCompletedWithValue(Duration.ofMillis(50));

    assertThat(pair.initiator().writes()).containsExactly(expectedPayload());
    assertThat(pair.initiator().isWriteClosed()).isTrue();
    assertThat(pair.responder().writtenBytes()).isEqualTo(expectedPayload());
    scheduler.advance(Duration.ofMillis(25));
    assertThat(pair.responder().isWriteClosed()).isTrue();
    assertThat(pair.initiator().isClosed()).isTrue();
    assertThat(pair.unreleasedBuffers()).isZero();
  }

  @Test
  void worksOverANegotiatedStream() {
    StreamPair pair = StreamPair.builder(scheduler).latency(Duration.ofMillis(5)).build();
    StreamNegotiator.handle(pair.responder(), Map.of(Ping.PROTOCOL_ID, Ping.responder()));
    CompletableFuture<Duration> rtt =
        StreamNegotiator.select(pair.initiator(), List.of(Ping.PROTOCOL_ID))
            .thenCompose(ping::ping);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(rtt).isCompletedWithValue(Duration.ofMillis(10));
    assertThat(pair.unreleasedBuffers()).isZero();
  }

  @Test
  void aWrongEchoIsThePeersFault() {
    CompletableFuture<Duration> rtt = pingAgainst(echoing(p -> flipped(p)));
    assertThat(cause(rtt)).isInstanceOf(BadPeerException.class).hasMessageContaining("differs");
  }

  @Test
  void anOverlongEchoIsThePeersFault() {
    CompletableFuture<Duration> rtt = pingAgainst(echoing(p -> Arrays.copyOf(p, 33)));
    assertThat(cause(rtt)).isInstanceOf(BadPeerException.class).hasMessageContaining("longer");
  }

  @Test
  void aCloseBeforeTheEchoIsThePeersFault() {
    StreamPair pair = StreamPair.create(scheduler);
    pair.responder().setHandler(new RecordingHandler());
    pair.responder().closeWrite();
    CompletableFuture<Duration> rtt = ping.ping(pair.initiator());
    scheduler.runPending();
    assertThat(cause(rtt)).isInstanceOf(BadPeerException.class);
    assertThat(pair.initiator().isReset()).isTrue();
  }

  @Test
  void aSilentResponderTimesOutAfterTenSeconds() {
    StreamPair pair = StreamPair.create(scheduler);
    pair.responder().setHandler(new RecordingHandler());
    CompletableFuture<Duration> rtt = ping.ping(pair.initiator());
    scheduler.advance(Ping.TIMEOUT.minusMillis(1));
    assertThat(rtt).isNotDone();
    scheduler.advance(Duration.ofMillis(1));
    assertThat(cause(rtt)).isInstanceOf(TimeoutException.class);
    assertThat(pair.initiator().isReset()).isTrue();
  }

  @Test
  void responderEchoesEveryWholePayloadUntilTheRemoteHalfCloses() {
    StreamPair pair = StreamPair.create(scheduler);
    Ping.responder().onStream(pair.responder());
    RecordingHandler initiator = new RecordingHandler();
    pair.initiator().setHandler(initiator);
    byte[] two = new byte[70];
    new Random(7).nextBytes(two);
    pair.initiator().write(Unpooled.wrappedBuffer(two, 0, 10));
    pair.initiator().write(Unpooled.wrappedBuffer(two, 10, 40));
    pair.initiator().write(Unpooled.wrappedBuffer(two, 50, 20));
    pair.initiator().closeWrite();
    scheduler.runPending();
    assertThat(pair.responder().writes())
        .containsExactly(Arrays.copyOfRange(two, 0, 32), Arrays.copyOfRange(two, 32, 64));
    assertThat(initiator.remoteClosed()).isTrue();
    assertThat(pair.unreleasedBuffers()).isZero();
  }

  @Test
  void responderResetsAnIdleStream() {
    StreamPair pair = StreamPair.create(scheduler);
    Ping.responder().onStream(pair.responder());
    pair.initiator().setHandler(new RecordingHandler());
    pair.initiator().write(Unpooled.wrappedBuffer(new byte[32]));
    scheduler.advance(Ping.RESPONDER_IDLE_TIMEOUT.minusMillis(1));
    assertThat(pair.responder().isReset()).isFalse();
    scheduler.advance(Duration.ofMillis(1));
    assertThat(pair.responder().isReset()).isTrue();
  }

  private interface Transform {
    byte[] apply(byte[] payload);
  }

  private StreamHandler echoing(Transform t) {
    return new StreamHandler() {
      @Override
      public void onData(Stream stream, ByteBuf data) {
        byte[] p = ByteBufUtil.getBytes(data);
        data.release();
        stream.write(Unpooled.wrappedBuffer(t.apply(p)));
      }
    };
  }

  private CompletableFuture<Duration> pingAgainst(StreamHandler rawResponder) {
    StreamPair pair = StreamPair.create(scheduler);
    pair.responder().setHandler(rawResponder);
    CompletableFuture<Duration> rtt = ping.ping(pair.initiator());
    scheduler.runPending();
    assertThat(pair.initiator().isReset()).isTrue();
    assertThat(pair.unreleasedBuffers()).isZero();
    return rtt;
  }

  private static byte[] flipped(byte[] p) {
    byte[] out = p.clone();
    out[31] ^= 1;
    return out;
  }

  private static Throwable cause(CompletableFuture<?> f) {
    assertThat(f).isCompletedExceptionally();
    Throwable[] out = new Throwable[1];
    f.whenComplete((v, e) -> out[0] = e);
    return out[0] instanceof CompletionException c ? c.getCause() : out[0];
  }
}
