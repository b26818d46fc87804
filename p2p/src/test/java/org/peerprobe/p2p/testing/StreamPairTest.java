package org.peerprobe.p2p.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.testing.StreamPair.Delivery;

class StreamPairTest {
  private final VirtualScheduler scheduler = new VirtualScheduler();

  @Test
  void deliversInOrderAfterTheLatencyAndBuffersUntilAHandlerIsSet() {
    StreamPair pair = StreamPair.builder(scheduler).latency(Duration.ofMillis(40)).build();
    assertThat(pair.initiator().remotePeer()).isEqualTo(StreamPair.RESPONDER_KEY.peerId());
    assertThat(pair.responder().remotePeer()).isEqualTo(StreamPair.INITIATOR_KEY.peerId());
    assertThat(pair.initiator().isInitiator()).isTrue();
    pair.initiator().write(buf(1, 2));
    pair.initiator().write(buf(3));
    pair.initiator().closeWrite();
    scheduler.advance(Duration.ofMillis(39));
    assertThat(pair.responder().sawRemoteClose()).isFalse();
    scheduler.advance(Duration.ofMillis(1));
    assertThat(pair.responder().sawRemoteClose()).isTrue();

    RecordingHandler h = new RecordingHandler();
    pair.responder().setHandler(h);
    scheduler.runPending();
    assertThat(h.bytes()).containsExactly(1, 2, 3);
    assertThat(h.chunks()).isEqualTo(2);
    assertThat(h.remoteClosed()).isTrue();
    assertThat(pair.initiator().write(buf(4))).isCompletedExceptionally();
    assertThat(pair.initiator().isClosed()).isFalse();
    pair.responder().closeWrite();
    scheduler.advance(Duration.ofMillis(40));
    assertThat(pair.initiator().isClosed()).isTrue();
    assertThat(pair.unreleasedBuffers()).isZero();
  }

  @Test
  void chunkingModes() {
    for (Delivery d : Delivery.values()) {
      StreamPair pair = StreamPair.builder(scheduler).delivery(d).build();
      RecordingHandler h = new RecordingHandler();
      pair.responder().setHandler(h);
      pair.initiator().write(buf(1, 2));
      pair.initiator().write(buf(3));
      scheduler.runPending();
      assertThat(h.bytes()).containsExactly(1, 2, 3);
      assertThat(h.chunks())
          .isEqualTo(
              switch (d) {
                case AS_WRITTEN -> 2;
                case COALESCED -> 1;
                case BYTE_BY_BYTE -> 3;
              });
    }
  }

  @Test
  void resetReachesBothSidesAndDropsUndeliveredData() {
    StreamPair pair = StreamPair.create(scheduler);
    RecordingHandler a = new RecordingHandler();
    RecordingHandler b = new RecordingHandler();
    pair.initiator().setHandler(a);
    pair.initiator().write(buf(1));
    pair.initiator().reset();
    scheduler.runPending();
    pair.responder().setHandler(b);
    scheduler.runPending();
    assertThat(a.reset()).isTrue();
    assertThat(b.reset()).isTrue();
    assertThat(b.chunks()).isZero();
    assertThat(pair.responder().write(buf(2))).isCompletedExceptionally();
    assertThat(pair.responder().isClosed()).isTrue();
  }

  @Test
  void writeTakesOwnership() {
    StreamPair pair = StreamPair.create(scheduler);
    ByteBuf b = buf(9);
    pair.initiator().write(b);
    assertThat(b.refCnt()).isZero();
    assertThat(pair.initiator().writes()).singleElement().isEqualTo(new byte[] {9});
  }

  private static ByteBuf buf(int... bytes) {
    ByteBuf b = Unpooled.buffer();
    for (int x : bytes) {
      b.writeByte(x);
    }
    return b;
  }
}
