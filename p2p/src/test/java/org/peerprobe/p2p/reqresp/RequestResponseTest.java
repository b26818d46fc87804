package org.peerprobe.p2p.reqresp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.LimitExceededException;
import org.peerprobe.p2p.core.P2PException;
import org.peerprobe.p2p.stream.LengthPrefix;
import org.peerprobe.p2p.testing.RecordingHandler;
import org.peerprobe.p2p.testing.StreamPair;
import org.peerprobe.p2p.testing.StreamPair.Delivery;
import org.peerprobe.p2p.testing.VirtualScheduler;

class RequestResponseTest {
  static final ReqRespLimits LIMITS = new ReqRespLimits(64, 3, 100, Duration.ofSeconds(5), 1, 2);

  private final VirtualScheduler scheduler = new VirtualScheduler();
  private final List<String> badPeers = new ArrayList<>();

  private Responder responder(Responder.Service service) {
    return new Responder(LIMITS, service, (peer, reason) -> badPeers.add(reason));
  }

  /** Answers "abc" with its letters, one frame each. */
  private final Responder.Service letters =
      (peer, req) -> {
        List<byte[]> out = new ArrayList<>();
        for (byte b : req) {
          out.add(new byte[] {b});
        }
        return CompletableFuture.completedFuture(out);
      };

  @ParameterizedTest
  @EnumSource(Delivery.class)
  void aRequestIsAnsweredWithItsFramesAndBothSidesHalfClose(Delivery delivery) {
    StreamPair pair = StreamPair.builder(scheduler).delivery(delivery).build();
    responder(letters).onStream(pair.responder());
    CompletableFuture<List<byte[]>> answer =
        Requester.request(pair.initiator(), bytes("abc"), LIMITS);
    scheduler.runPending();

    assertThat(answer.join()).containsExactly(bytes("a"), bytes("b"), bytes("c"));
    assertThat(pair.initiator().isClosed()).isTrue();
    assertThat(badPeers).isEmpty();
    assertThat(pair.unreleasedBuffers()).isZero();
  }

  @Test
  void anOversizedResponseFrameIsRefusedFromItsLengthPrefixAlone() {
    StreamPair pair = StreamPair.create(scheduler);
    pair.responder().setHandler(new RecordingHandler());
    CompletableFuture<List<byte[]>> answer =
        Requester.request(pair.initiator(), bytes("x"), LIMITS);
    scheduler.runPending();
    // only the prefix announcing 1 GiB is sent: refused before any body is buffered
    io.netty.buffer.ByteBuf prefix = Unpooled.buffer();
    LengthPrefix.writePrefix(prefix, 1 << 30);
    pair.responder().write(prefix);
    scheduler.runPending();

    assertThat(cause(answer))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("response frame bytes");
    assertThat(pair.initiator().isReset()).isTrue();
    assertThat(pair.unreleasedBuffers()).isZero();
  }

  @Test
  void oneFrameTooManyIsThePeersFault() {
    StreamPair pair = StreamPair.create(scheduler);
    responder((peer, req) -> CompletableFuture.completedFuture(List.of()))
        .onStream(pair.responder());
    pair.responder().setHandler(new RecordingHandler());
    CompletableFuture<List<byte[]>> answer =
        Requester.request(pair.initiator(), bytes("x"), LIMITS);
    for (int i = 0; i < 4; i++) {
      pair.responder().write(LengthPrefix.frame(pair.responder().alloc(), bytes("f")));
    }
    scheduler.runPending();

    assertThat(cause(answer))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("response frames");
  }

  @Test
  void aResponseCutInsideAFrameIsThePeersFault() {
    StreamPair pair = StreamPair.create(scheduler);
    pair.responder().setHandler(new RecordingHandler());
    CompletableFuture<List<byte[]>> answer =
        Requester.request(pair.initiator(), bytes("x"), LIMITS);
    pair.responder().write(Unpooled.wrappedBuffer(new byte[] {5, 'a', 'b'}));
    pair.responder().closeWrite();
    scheduler.runPending();

    assertThat(cause(answer)).isInstanceOf(BadPeerException.class).hasMessageContaining("inside");
  }

  @Test
  void aSilentResponderTimesOut() {
    StreamPair pair = StreamPair.create(scheduler);
    pair.responder().setHandler(new RecordingHandler());
    CompletableFuture<List<byte[]>> answer =
        Requester.request(pair.initiator(), bytes("x"), LIMITS);
    scheduler.advance(LIMITS.timeout().minusMillis(1));
    assertThat(answer).isNotDone();
    scheduler.advance(Duration.ofMillis(1));

    assertThat(cause(answer)).isInstanceOf(TimeoutException.class);
    assertThat(pair.initiator().isReset()).isTrue();
  }

  @Test
  void anOversizedRequestResetsTheStreamAndReportsThePeerBeforeBuffering() {
    StreamPair pair = StreamPair.create(scheduler);
    responder(letters).onStream(pair.responder());
    io.netty.buffer.ByteBuf prefix = Unpooled.buffer();
    LengthPrefix.writePrefix(prefix, LIMITS.maxRequestBytes() + 1);
    pair.initiator().setHandler(new RecordingHandler());
    pair.initiator().write(prefix);
    scheduler.runPending();

    assertThat(pair.responder().isReset()).isTrue();
    assertThat(badPeers).singleElement().asString().contains("request bytes exceeded");
    assertThat(pair.unreleasedBuffers()).isZero();
  }

  @Test
  void garbageAfterTheRequestOrAnEarlyCloseIsThePeersFault() {
    StreamPair extra = StreamPair.create(scheduler);
    responder(letters).onStream(extra.responder());
    extra.initiator().setHandler(new RecordingHandler());
    extra.initiator().write(LengthPrefix.frame(extra.initiator().alloc(), bytes("ab")));
    extra.initiator().write(Unpooled.wrappedBuffer(bytes("junk")));
    StreamPair early = StreamPair.create(scheduler);
    responder(letters).onStream(early.responder());
    early.initiator().setHandler(new RecordingHandler());
    early.initiator().write(Unpooled.wrappedBuffer(new byte[] {9, 'a'}));
    early.initiator().closeWrite();
    scheduler.runPending();

    assertThat(badPeers).hasSize(2);
    assertThat(extra.responder().isReset()).isTrue();
    assertThat(early.responder().isReset()).isTrue();
  }

  @Test
  void aServiceRefusingTheRequestAsGarbageReportsThePeer() {
    StreamPair pair = StreamPair.create(scheduler);
    responder((peer, req) -> CompletableFuture.failedFuture(new BadPeerException("not a request")))
        .onStream(pair.responder());
    CompletableFuture<List<byte[]>> answer =
        Requester.request(pair.initiator(), bytes("x"), LIMITS);
    scheduler.runPending();

    assertThat(badPeers).containsExactly("not a request");
    assertThat(cause(answer)).isInstanceOf(P2PException.class);
  }

  @Test
  void requestsOverThePeersRateAreResetWithoutPenalty() {
    Responder shared = responder(letters);
    List<CompletableFuture<List<byte[]>>> answers = new ArrayList<>();
    for (int i = 0; i < LIMITS.requestBurst() + 1; i++) {
      StreamPair pair = StreamPair.create(scheduler);
      shared.onStream(pair.responder());
      answers.add(Requester.request(pair.initiator(), bytes("a"), LIMITS));
    }
    scheduler.runPending();

    assertThat(answers.subList(0, LIMITS.requestBurst()))
        .allSatisfy(a -> assertThat(a.join()).hasSize(1));
    assertThat(cause(answers.get(LIMITS.requestBurst())))
        .isInstanceOf(P2PException.class)
        .hasMessageContaining("reset");
    assertThat(badPeers).isEmpty();

    scheduler.advance(Duration.ofSeconds(1));
    StreamPair later = StreamPair.create(scheduler);
    shared.onStream(later.responder());
    CompletableFuture<List<byte[]>> again =
        Requester.request(later.initiator(), bytes("a"), LIMITS);
    scheduler.runPending();
    assertThat(again.join()).hasSize(1);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static Throwable cause(CompletableFuture<?> f) {
    assertThat(f).isCompletedExceptionally();
    try {
      f.join();
      throw new AssertionError("not failed");
    } catch (CompletionException e) {
      return e.getCause();
    }
  }
}
