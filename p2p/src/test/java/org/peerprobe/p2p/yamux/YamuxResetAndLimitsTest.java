package org.peerprobe.p2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.stream.Stream;

/** Resets, stream limits, the ACK backlog, failing handlers and session shutdown. */
class YamuxResetAndLimitsTest {
  @BeforeAll
  static void paranoid() {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  @Test
  void aResetReachesBothSidesAndFailsPendingWrites() {
    List<Stream> accepted = new ArrayList<>();
    Peers p = new Peers(YamuxConfig.DEFAULT, YamuxConfig.DEFAULT, accepted::add);
    Stream client = p.open(p.dialer);
    RecordingHandler clientGot = new RecordingHandler();
    client.setHandler(clientGot);
    // the listener installs no handler: the first 256 KiB wait there, the rest here
    CompletableFuture<Void> big = client.write(p.alloc.buffer().writeZero(300 * 1024));
    ByteBuf queued = p.bytes("queued behind the window");
    CompletableFuture<Void> pending = client.write(queued);
    p.pump();
    assertThat(big).isNotDone();
    assertThat(pending).isNotDone();

    Stream server = accepted.get(0);
    server.reset();
    assertThat(server.isClosed()).isTrue();
    RecordingHandler lateServer = new RecordingHandler();
    server.setHandler(lateServer);
    assertThat(lateServer.resets).as("a handler installed after the reset hears of it").isOne();
    assertThat(lateServer.dataCalls).isZero();
    p.pump();
    assertThat(clientGot.resets).isEqualTo(1);
    assertThat(client.isClosed()).isTrue();
    assertThat(big).isCompletedExceptionally();
    assertThat(pending).isCompletedExceptionally();
    assertThat(queued.refCnt()).isZero();
    ByteBuf after = p.bytes("after");
    CompletableFuture<Void> afterReset = client.write(after);
    assertThat(afterReset.handle((v, e) -> e))
        .isCompletedWithValueMatching(e -> e instanceof StreamClosedException);
    assertThat(after.refCnt()).isZero();
    assertThat(p.dialer.streamCount()).isZero();
    assertThat(p.listener.streamCount()).isZero();
    assertThat(p.dialerCh.isOpen()).isTrue();
    p.finishAndCheckReleased();
  }

  @Test
  void aLocalResetIsReportedToTheLocalHandler() {
    Peers p = new Peers();
    Stream s = p.open(p.dialer);
    RecordingHandler got = new RecordingHandler();
    s.setHandler(got);
    s.write(p.bytes("x"));
    s.reset();
    assertThat(got.resets).isOne();
    s.reset();
    assertThat(got.resets).isOne();
    p.pump();
    assertThat(p.listener.streamCount()).isZero();
    p.finishAndCheckReleased();
  }

  @Test
  void beyondMaxInboundStreamsTheSynIsRefusedWithRstAndTheConnectionStays() {
    YamuxConfig two = YamuxConfig.builder().maxInboundStreams(2).build();
    Peers p = new Peers(YamuxConfig.DEFAULT, two, s -> s.setHandler(new RecordingHandler(true)));
    List<RecordingHandler> handlers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RecordingHandler h = new RecordingHandler();
      Stream s = p.open(p.dialer);
      s.setHandler(h);
      s.write(p.bytes("stream " + i));
      handlers.add(h);
    }
    List<Wire.Sent> answers = new ArrayList<>();
    for (Object m; (m = p.dialerCh.readOutbound()) != null; ) {
      p.listenerCh.writeInbound(m);
    }
    answers.addAll(Wire.peek(p.listenerCh));
    assertThat(answers)
        .filteredOn(f -> f.has(YamuxFrame.RST))
        .singleElement()
        .satisfies(f -> assertThat(f.streamId()).isEqualTo(5));
    p.pump();
    assertThat(p.acceptedByListener).hasSize(2);
    assertThat(handlers.get(0).text()).isEqualTo("stream 0");
    assertThat(handlers.get(1).text()).isEqualTo("stream 1");
    assertThat(handlers.get(2).resets).isEqualTo(1);
    assertThat(p.listenerCh.isOpen()).isTrue();
    assertThat(p.listener.closeCause()).isEmpty();

    // a slot frees up when a stream closes
    p.acceptedByListener.get(0).reset();
    p.pump();
    Stream fourth = p.open(p.dialer);
    RecordingHandler h4 = new RecordingHandler();
    fourth.setHandler(h4);
    fourth.write(p.bytes("fourth"));
    p.pump();
    assertThat(h4.text()).isEqualTo("fourth");
    p.finishAndCheckReleased();
  }

  @Test
  void opensBeyondTheAckBacklogWaitForAcks() {
    YamuxConfig backlog2 = YamuxConfig.builder().ackBacklog(2).build();
    Peers p = new Peers(backlog2, YamuxConfig.DEFAULT, s -> s.setHandler(new RecordingHandler()));
    CompletableFuture<Stream> first = p.dialer.openStream();
    CompletableFuture<Stream> second = p.dialer.openStream();
    CompletableFuture<Stream> third = p.dialer.openStream();
    assertThat(first).isCompleted();
    assertThat(second).isCompleted();
    assertThat(third).isNotDone();
    p.pump();
    assertThat(third).isCompleted();
    assertThat(((YamuxStream) third.getNow(null)).id()).isEqualTo(5);
    p.finishAndCheckReleased();
  }

  @Test
  void beyondMaxOutboundStreamsOpeningFails() {
    YamuxConfig one = YamuxConfig.builder().maxOutboundStreams(1).build();
    Peers p = new Peers(one, YamuxConfig.DEFAULT, s -> s.setHandler(new RecordingHandler()));
    assertThat(p.dialer.openStream()).isCompleted();
    assertThat(p.dialer.openStream().handle((s, e) -> e))
        .isCompletedWithValueMatching(e -> e instanceof IllegalStateException);
    p.finishAndCheckReleased();
  }

  @Test
  void aThrowingHandlerResetsOnlyItsStream() {
    Peers p =
        new Peers(
            YamuxConfig.DEFAULT,
            YamuxConfig.DEFAULT,
            s ->
                s.setHandler(
                    new RecordingHandler(true) {
                      @Override
                      public void onData(Stream stream, ByteBuf data) {
                        if (data.toString(java.nio.charset.StandardCharsets.UTF_8).equals("boom")) {
                          data.release();
                          throw new IllegalStateException("handler bug");
                        }
                        super.onData(stream, data);
                      }
                    }));
    Stream bad = p.open(p.dialer);
    RecordingHandler badGot = new RecordingHandler();
    bad.setHandler(badGot);
    Stream good = p.open(p.dialer);
    RecordingHandler goodGot = new RecordingHandler();
    good.setHandler(goodGot);
    bad.write(p.bytes("boom"));
    good.write(p.bytes("fine"));
    good.write(p.bytes(" still"));
    p.pump();
    assertThat(badGot.resets).isEqualTo(1);
    assertThat(goodGot.resets).isZero();
    assertThat(goodGot.text()).isEqualTo("fine still");
    assertThat(p.listenerCh.isOpen()).isTrue();
    assertThat(p.listener.closeCause()).isEmpty();
    p.finishAndCheckReleased();
  }

  @Test
  void aThrowingInboundCallbackResetsThatStream() {
    Peers p =
        new Peers(
            YamuxConfig.DEFAULT,
            YamuxConfig.DEFAULT,
            s -> {
              throw new IllegalStateException("callback bug");
            });
    Stream s = p.open(p.dialer);
    RecordingHandler got = new RecordingHandler();
    s.setHandler(got);
    s.write(p.bytes("hi"));
    p.pump();
    assertThat(got.resets).isEqualTo(1);
    assertThat(p.listenerCh.isOpen()).isTrue();
    p.finishAndCheckReleased();
  }

  @Test
  void goAwayStopsNewStreamsAndClosesWhenTheLastOneEnds() {
    Peers p = new Peers();
    Stream s = p.open(p.dialer);
    RecordingHandler got = new RecordingHandler();
    s.setHandler(got);
    p.pump();
    p.listener.goAway();
    p.pump();
    assertThat(p.dialer.openStream()).isCompletedExceptionally();
    assertThat(p.listener.openStream()).isCompletedExceptionally();
    s.write(p.bytes("still works"));
    p.pump();
    assertThat(got.text()).isEqualTo("still works");
    assertThat(p.listenerCh.isOpen()).isTrue();
    s.closeWrite();
    p.pump();
    assertThat(got.remoteClosed).isTrue();
    assertThat(p.listenerCh.isOpen()).isFalse();
    assertThat(p.dialerCh.isOpen()).isFalse();
    assertThat(p.listener.closeCause()).isEmpty();
    assertThat(p.dialer.closeCause()).isEmpty();
    p.finishAndCheckReleased();
  }

  @Test
  void closingTheChannelSaysGoAwayAndResetsEveryStream() {
    Peers p = new Peers(YamuxConfig.DEFAULT, YamuxConfig.DEFAULT, s -> {});
    Stream s = p.open(p.dialer);
    RecordingHandler got = new RecordingHandler();
    s.setHandler(got);
    CompletableFuture<Void> blocked = s.write(p.alloc.buffer().writeZero(300 * 1024));
    p.pump();
    assertThat(blocked).isNotDone();
    p.dialerCh.close();
    assertThat(Wire.drain(p.dialerCh))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.type()).isEqualTo(YamuxFrame.Type.GO_AWAY);
              assertThat(f.length()).isEqualTo(YamuxFrame.GO_AWAY_NORMAL);
            });
    assertThat(got.resets).isEqualTo(1);
    assertThat(blocked).isCompletedExceptionally();
    assertThat(p.dialer.openStream()).isCompletedExceptionally();
    p.finishAndCheckReleased();
  }

  @Test
  void theListenerSideLosingItsConnectionResetsItsStreams() {
    Peers p = new Peers();
    p.open(p.dialer).write(p.bytes("x"));
    p.pump();
    Stream in = p.acceptedByListener.get(0);
    p.listenerCh.pipeline().fireChannelInactive();
    assertThat(in.isClosed()).isTrue();
    assertThat(p.listener.streamCount()).isZero();
    p.finishAndCheckReleased();
  }
}
