package org.peerprobe.p2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.stream.Stream;

/** Two sessions back to back: opening, echo, flow control, half-close, many streams. */
class YamuxSessionTest {
  @BeforeAll
  static void paranoid() {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  @Test
  void streamsOpenBothWaysAndEcho() {
    Peers p = new Peers();
    Stream out = p.open(p.dialer);
    RecordingHandler got = new RecordingHandler();
    out.setHandler(got);
    assertThat(out.isInitiator()).isTrue();
    assertThat(out.remotePeer()).isEqualTo(Peers.LISTENER_ID);
    assertThat(((YamuxStream) out).id()).isEqualTo(1);
    assertThat(out.write(p.bytes("hello"))).isCompleted();
    p.pump();
    assertThat(got.text()).isEqualTo("hello");
    assertThat(p.acceptedByListener).hasSize(1);
    Stream in = p.acceptedByListener.get(0);
    assertThat(in.isInitiator()).isFalse();
    assertThat(in.remotePeer()).isEqualTo(Peers.DIALER_ID);

    Stream back = p.open(p.listener);
    assertThat(((YamuxStream) back).id()).isEqualTo(2);
    RecordingHandler gotBack = new RecordingHandler();
    back.setHandler(gotBack);
    back.write(p.bytes("from the listener"));
    p.pump();
    assertThat(gotBack.text()).isEqualTo("from the listener");
    assertThat(p.acceptedByDialer).hasSize(1);
    assertThat(p.dialer.streamCount()).isEqualTo(2);
    assertThat(p.listener.streamCount()).isEqualTo(2);
    assertThat(p.dialer.closeCause()).isEmpty();
    p.finishAndCheckReleased();
  }

  @Test
  void openingSendsWindowUpdateSynAndTheAnswerCarriesAck() {
    Peers p = new Peers();
    p.open(p.dialer).setHandler(new RecordingHandler());
    List<Wire.Sent> syn = Wire.drain(p.dialerCh);
    assertThat(syn)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.type()).isEqualTo(YamuxFrame.Type.WINDOW_UPDATE);
              assertThat(f.flags()).isEqualTo(YamuxFrame.SYN);
              assertThat(f.streamId()).isEqualTo(1);
              assertThat(f.length()).isZero();
            });
    Wire.inject(p.listenerCh, YamuxFrame.windowUpdate(YamuxFrame.SYN, 1, 0));
    List<Wire.Sent> ack = Wire.drain(p.listenerCh);
    assertThat(ack)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.flags()).isEqualTo(YamuxFrame.ACK);
              assertThat(f.streamId()).isEqualTo(1);
            });
    p.finishAndCheckReleased();
  }

  @Test
  void fourMebibytesOverOneStreamWaitForWindowUpdates() {
    RecordingHandler sink = new RecordingHandler();
    List<Stream> accepted = new ArrayList<>();
    Peers p =
        new Peers(
            YamuxConfig.DEFAULT,
            YamuxConfig.DEFAULT,
            s -> {
              accepted.add(s);
              s.setHandler(sink);
            });
    byte[] payload = new byte[4 * 1024 * 1024];
    new Random(42).nextBytes(payload);
    YamuxStream out = (YamuxStream) p.open(p.dialer);
    out.setHandler(new RecordingHandler());
    CompletableFuture<Void> written = out.write(p.alloc.buffer().writeBytes(payload));

    // the sender stopped at the spec's initial window of 256 KiB
    assertThat(written).isNotDone();
    assertThat(out.sendWindow()).isZero();
    assertThat(out.queuedBytes()).isEqualTo(payload.length - 256 * 1024);
    long dataOnWire =
        Wire.peek(p.dialerCh).stream()
            .filter(f -> f.type() == YamuxFrame.Type.DATA)
            .mapToLong(Wire.Sent::length)
            .sum();
    assertThat(dataOnWire).isEqualTo(256 * 1024);
    out.closeWrite();
    assertThat(written).isNotDone();
    int rounds = p.pump();
    assertThat(written).isCompleted();
    assertThat(rounds).isGreaterThan(3);
    assertThat(sink.bytes()).isEqualTo(payload);
    assertThat(sink.remoteClosed).isTrue();
    YamuxStream receiver = (YamuxStream) accepted.get(0);
    assertThat(receiver.recvWindow()).isGreaterThan(YamuxConfig.DEFAULT_INITIAL_WINDOW);
    assertThat(receiver.recvWindow()).isLessThanOrEqualTo(YamuxConfig.DEFAULT_MAX_WINDOW);
    p.finishAndCheckReleased();
  }

  @Test
  void manyConcurrentStreamsBothWays() {
    Peers p = new Peers();
    int n = 200;
    List<RecordingHandler> dialerSide = new ArrayList<>();
    List<RecordingHandler> listenerSide = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      RecordingHandler h = new RecordingHandler();
      Stream s = p.open(p.dialer);
      s.setHandler(h);
      s.write(p.bytes("d" + i + "x".repeat(i * 50)));
      s.closeWrite();
      dialerSide.add(h);
      RecordingHandler h2 = new RecordingHandler();
      Stream s2 = p.open(p.listener);
      s2.setHandler(h2);
      s2.write(p.bytes("l" + i));
      s2.closeWrite();
      listenerSide.add(h2);
    }
    p.pump();
    for (int i = 0; i < n; i++) {
      assertThat(dialerSide.get(i).text()).isEqualTo("d" + i + "x".repeat(i * 50));
      assertThat(dialerSide.get(i).remoteClosed).isTrue();
      assertThat(listenerSide.get(i).text()).isEqualTo("l" + i);
      assertThat(listenerSide.get(i).remoteClosed).isTrue();
    }
    assertThat(p.dialer.streamCount()).isZero();
    assertThat(p.listener.streamCount()).isZero();
    p.finishAndCheckReleased();
  }

  @Test
  void halfCloseLetsTheOtherDirectionContinue() {
    RecordingHandler server = new RecordingHandler();
    List<Stream> accepted = new ArrayList<>();
    Peers p =
        new Peers(
            YamuxConfig.DEFAULT,
            YamuxConfig.DEFAULT,
            s -> {
              accepted.add(s);
              s.setHandler(server);
            });
    Stream client = p.open(p.dialer);
    RecordingHandler clientGot = new RecordingHandler();
    client.setHandler(clientGot);
    client.write(p.bytes("request"));
    client.closeWrite();
    ByteBuf late = p.bytes("late");
    assertThat(client.write(late)).isCompletedExceptionally();
    assertThat(late.refCnt()).isZero();
    p.pump();
    assertThat(server.text()).isEqualTo("request");
    assertThat(server.remoteClosed).isTrue();
    Stream serverStream = accepted.get(0);
    assertThat(serverStream.isClosed()).isFalse();
    assertThat(client.isClosed()).isFalse();

    serverStream.write(p.bytes("response"));
    p.pump();
    assertThat(clientGot.text()).isEqualTo("response");
    assertThat(clientGot.remoteClosed).isFalse();
    serverStream.closeWrite();
    p.pump();
    assertThat(clientGot.remoteClosed).isTrue();
    assertThat(client.isClosed()).isTrue();
    assertThat(serverStream.isClosed()).isTrue();
    assertThat(p.dialer.streamCount()).isZero();
    assertThat(p.listener.streamCount()).isZero();
    assertThat(clientGot.resets + server.resets).isZero();
    p.finishAndCheckReleased();
  }

  @Test
  void dataBeforeTheHandlerIsHeldWithinTheWindow() {
    List<Stream> accepted = new ArrayList<>();
    Peers p = new Peers(YamuxConfig.DEFAULT, YamuxConfig.DEFAULT, accepted::add);
    YamuxStream out = (YamuxStream) p.open(p.dialer);
    out.setHandler(new RecordingHandler());
    byte[] payload = new byte[300 * 1024];
    new Random(7).nextBytes(payload);
    CompletableFuture<Void> written = out.write(p.alloc.buffer().writeBytes(payload));
    p.pump();
    assertThat(written).isNotDone();
    assertThat(out.queuedBytes()).isEqualTo(payload.length - 256 * 1024);

    RecordingHandler late = new RecordingHandler();
    accepted.get(0).setHandler(late);
    assertThat(late.received.size()).isEqualTo(256 * 1024);
    p.pump();
    assertThat(written).isCompleted();
    assertThat(late.bytes()).isEqualTo(payload);
    p.finishAndCheckReleased();
  }

  @Test
  void aHandlerCanHandOverToAnotherMidStream() {
    RecordingHandler second = new RecordingHandler();
    List<String> firstSaw = new ArrayList<>();
    List<Stream> accepted = new ArrayList<>();
    Peers p = new Peers(YamuxConfig.DEFAULT, YamuxConfig.DEFAULT, accepted::add);
    Stream out = p.open(p.dialer);
    out.write(p.bytes("one"));
    out.write(p.bytes("two"));
    out.write(p.bytes("three"));
    p.pump();
    Stream in = accepted.get(0);
    in.setHandler(
        new RecordingHandler() {
          @Override
          public void onData(Stream s, ByteBuf data) {
            firstSaw.add(data.toString(java.nio.charset.StandardCharsets.UTF_8));
            data.release();
            s.setHandler(second);
          }
        });
    assertThat(firstSaw).containsExactly("one");
    assertThat(second.text()).isEqualTo("twothree");
    p.finishAndCheckReleased();
  }
}
