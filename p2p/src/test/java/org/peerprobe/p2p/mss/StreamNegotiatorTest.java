package org.peerprobe.p2p.mss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.p2p.mss.MultistreamNegotiation.PROTOCOL_ID;
import static org.peerprobe.p2p.mss.MultistreamNegotiationTest.msgs;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.InternalErrorException;
import org.peerprobe.p2p.stream.ProtocolHandler;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.testing.RecordingHandler;
import org.peerprobe.p2p.testing.StreamPair;
import org.peerprobe.p2p.testing.StreamPair.Delivery;
import org.peerprobe.p2p.testing.VirtualScheduler;

class StreamNegotiatorTest {
  private static final String PING = "/ipfs/ping/1.0.0";

  private final VirtualScheduler scheduler = new VirtualScheduler();
  private final List<Stream> accepted = new ArrayList<>();
  private final RecordingHandler listenerSide = new RecordingHandler();
  private final ProtocolHandler recording =
      s -> {
        accepted.add(s);
        s.setHandler(listenerSide);
      };

  @ParameterizedTest
  @EnumSource(Delivery.class)
  void dialerAndListenerAgreeOverAnyChunking(Delivery delivery) throws Exception {
    StreamPair pair = StreamPair.builder(scheduler).delivery(delivery).build();
    CompletableFuture<NegotiatedStream> dialed =
        StreamNegotiator.select(pair.initiator(), List.of("/meshsub/1.2.0", "/meshsub/1.1.0"));
    CompletableFuture<String> handled =
        StreamNegotiator.handle(
            pair.responder(), Map.of("/meshsub/1.1.0", recording, PING, s -> {}));
    scheduler.runPending();

    assertThat(handled).isCompletedWithValue("/meshsub/1.1.0");
    NegotiatedStream out = dialed.getNow(null);
    assertThat(out.protocol()).isEqualTo("/meshsub/1.1.0");
    assertThat(out.unwrap()).isSameAs(pair.initiator());
    assertThat(accepted).singleElement().isInstanceOf(NegotiatedStream.class);
    assertThat(pair.initiator().writes().get(0)).isEqualTo(msgs(PROTOCOL_ID, "/meshsub/1.2.0"));
    assertThat(pair.initiator().writtenBytes())
        .isEqualTo(concat(msgs(PROTOCOL_ID, "/meshsub/1.2.0"), msgs("/meshsub/1.1.0")));
    assertThat(pair.responder().writtenBytes())
        .isEqualTo(msgs(PROTOCOL_ID, "na", "/meshsub/1.1.0"));

    RecordingHandler dialerSide = new RecordingHandler();
    out.setHandler(dialerSide);
    out.write(Unpooled.wrappedBuffer(bytes("rpc")));
    accepted.get(0).write(Unpooled.wrappedBuffer(bytes("ack")));
    out.closeWrite();
    scheduler.runPending();
    assertThat(listenerSide.bytes()).isEqualTo(bytes("rpc"));
    assertThat(listenerSide.remoteClosed()).isTrue();
    assertThat(dialerSide.bytes()).isEqualTo(bytes("ack"));
    assertThat(pair.unreleasedBuffers()).isZero();
  }

  @Test
  void optimisticDataAfterTheProposalIsTheListenerHandlersFirstData() {
    StreamPair pair = StreamPair.create(scheduler);
    StreamNegotiator.handle(pair.responder(), Map.of(PING, recording));
    // A js dialer using optimistic select writes header, protocol and data in one piece, then FIN.
    pair.initiator().write(Unpooled.wrappedBuffer(concat(msgs(PROTOCOL_ID, PING), bytes("hi"))));
    pair.initiator().closeWrite();
    scheduler.runPending();
    assertThat(listenerSide.bytes()).isEqualTo(bytes("hi"));
    assertThat(listenerSide.chunks()).isEqualTo(1);
    assertThat(listenerSide.remoteClosed()).isTrue();
    assertThat(pair.unreleasedBuffers()).isZero();
  }

  @Test
  void bytesAfterTheEchoAndLaterEventsReachTheDialersHandlerInOrder() {
    StreamPair pair = StreamPair.builder(scheduler).delivery(Delivery.COALESCED).build();
    CompletableFuture<NegotiatedStream> dialed =
        StreamNegotiator.select(pair.initiator(), List.of(PING));
    RecordingHandler rawListener = new RecordingHandler();
    pair.responder().setHandler(rawListener);
    scheduler.runPending();
    pair.responder().write(Unpooled.wrappedBuffer(msgs(PROTOCOL_ID, PING)));
    pair.responder().write(Unpooled.wrappedBuffer(bytes("one")));
    scheduler.runPending();
    pair.responder().write(Unpooled.wrappedBuffer(bytes("two")));
    pair.responder().closeWrite();
    scheduler.runPending();

    // Nobody claimed the stream yet: everything waits, then arrives in order.
    RecordingHandler handler = new RecordingHandler();
    dialed.getNow(null).setHandler(handler);
    assertThat(handler.chunks()).isZero();
    scheduler.runPending();
    assertThat(new String(handler.bytes(), StandardCharsets.UTF_8)).isEqualTo("onetwo");
    assertThat(handler.remoteClosed()).isTrue();
    assertThat(pair.unreleasedBuffers()).isZero();
  }

  @Test
  void noCommonProtocolFailsTheDialerAndResetsTheStream() {
    StreamPair pair = StreamPair.create(scheduler);
    CompletableFuture<NegotiatedStream> dialed =
        StreamNegotiator.select(pair.initiator(), List.of("/meshsub/1.2.0"));
    CompletableFuture<String> handled =
        StreamNegotiator.handle(pair.responder(), Map.of(PING, recording));
    scheduler.runPending();
    assertThat(cause(dialed)).isInstanceOf(NoCommonProtocolException.class);
    assertThat(pair.initiator().isReset()).isTrue();
    assertThat(handled).isCompletedExceptionally();
    assertThat(accepted).isEmpty();
  }

  @Test
  void silentListenerTimesOutAfterTenSeconds() {
    StreamPair pair = StreamPair.create(scheduler);
    CompletableFuture<NegotiatedStream> dialed =
        StreamNegotiator.select(pair.initiator(), List.of(PING));
    pair.responder().setHandler(new RecordingHandler());
    scheduler.advance(StreamNegotiator.NEGOTIATION_TIMEOUT.minusMillis(1));
    assertThat(dialed).isNotDone();
    scheduler.advance(Duration.ofMillis(1));
    assertThat(cause(dialed)).isInstanceOf(TimeoutException.class);
    assertThat(pair.initiator().isReset()).isTrue();
  }

  @Test
  void closeDuringNegotiationIsThePeersFault() {
    StreamPair pair = StreamPair.create(scheduler);
    CompletableFuture<String> handled =
        StreamNegotiator.handle(pair.responder(), Map.of(PING, recording));
    pair.initiator().write(Unpooled.wrappedBuffer(msgs(PROTOCOL_ID)));
    pair.initiator().closeWrite();
    scheduler.runPending();
    assertThat(cause(handled)).isInstanceOf(BadPeerException.class);
    assertThat(pair.responder().isReset()).isTrue();
  }

  @Test
  void aThrowingProtocolHandlerIsOurBugAndResetsTheStream() {
    StreamPair pair = StreamPair.create(scheduler);
    ProtocolHandler broken =
        s -> {
          throw new IllegalStateException("boom");
        };
    CompletableFuture<String> handled =
        StreamNegotiator.handle(pair.responder(), Map.of(PING, broken));
    StreamNegotiator.select(pair.initiator(), List.of(PING));
    scheduler.runPending();
    assertThat(cause(handled)).isInstanceOf(InternalErrorException.class);
    assertThat(pair.responder().isReset()).isTrue();
  }

  @Test
  void anUnclaimedStreamHoldsAtMostItsLimit() {
    StreamPair pair = StreamPair.create(scheduler);
    CompletableFuture<NegotiatedStream> dialed =
        StreamNegotiator.select(pair.initiator(), List.of(PING));
    pair.responder().setHandler(new RecordingHandler());
    pair.responder().write(Unpooled.wrappedBuffer(msgs(PROTOCOL_ID, PING)));
    pair.responder().write(Unpooled.wrappedBuffer(new byte[StreamNegotiator.MAX_UNCLAIMED_BYTES]));
    scheduler.runPending();
    assertThat(dialed).isCompleted();
    assertThat(pair.initiator().isReset()).isFalse();
    pair.responder().write(Unpooled.wrappedBuffer(new byte[1]));
    scheduler.runPending();
    assertThat(pair.initiator().isReset()).isTrue();
    RecordingHandler late = new RecordingHandler();
    dialed.getNow(null).setHandler(late);
    scheduler.runPending();
    assertThat(late.reset()).isTrue();
    assertThat(late.chunks()).isZero();
    assertThat(pair.unreleasedBuffers()).isZero();
  }

  static Throwable cause(CompletableFuture<?> f) {
    assertThat(f).isCompletedExceptionally();
    Throwable[] out = new Throwable[1];
    f.whenComplete((v, e) -> out[0] = e);
    return out[0] instanceof CompletionException c ? c.getCause() : out[0];
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
