package org.peerprobe.p2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.InternalErrorException;
import org.peerprobe.p2p.core.LimitExceededException;

/** A session fed raw frames: peer violations, js-libp2p's habits, pings and GoAway. */
class YamuxProtocolTest {
  private static final int WINDOW = YamuxConfig.SPEC_INITIAL_WINDOW;
  private static final int SYN = YamuxFrame.SYN;
  private static final int ACK = YamuxFrame.ACK;

  private Single s;

  @BeforeAll
  static void paranoid() {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  @AfterEach
  void everythingReleased() {
    s.ch.finishAndReleaseAll();
    assertThat(s.alloc.unreleased()).as("unreleased buffers").isEmpty();
  }

  private void assertClosedWithGoAway(int code, Class<?> cause, String message) {
    List<Wire.Sent> sent = s.sent();
    assertThat(sent).isNotEmpty();
    Wire.Sent last = sent.get(sent.size() - 1);
    assertThat(last.type()).isEqualTo(YamuxFrame.Type.GO_AWAY);
    assertThat(last.length()).isEqualTo(code);
    assertThat(s.ch.isOpen()).isFalse();
    assertThat(s.session.closeCause())
        .get()
        .isInstanceOf(cause)
        .extracting(Throwable::getMessage)
        .asString()
        .contains(message);
  }

  @Test
  void jsStyleOpenWindowUpdateSynThenDataBeforeOurAck() {
    s = new Single();
    s.inject(
        YamuxFrame.windowUpdate(SYN, 1, 0),
        s.data(0, 1, 5),
        YamuxFrame.windowUpdate(SYN, 3, 0),
        s.data(YamuxFrame.FIN, 3, 2));
    assertThat(s.accepted).hasSize(2);
    assertThat(s.handlers.get(0).bytes()).containsExactly(0, 1, 2, 3, 4);
    assertThat(s.handlers.get(1).remoteClosed).isTrue();
    List<Wire.Sent> sent = s.sent();
    assertThat(sent).allSatisfy(f -> assertThat(f.has(SYN)).isFalse());
    assertThat(sent)
        .filteredOn(f -> f.has(ACK))
        .extracting(Wire.Sent::streamId)
        .containsExactly(1L, 3L);
    // the ACK is our first frame on each stream
    assertThat(sent.stream().filter(f -> f.streamId() == 1).findFirst().orElseThrow().has(ACK))
        .isTrue();
    assertThat(s.ch.isOpen()).isTrue();
  }

  @Test
  void aDataFrameCanOpenAStreamWithItsPayloadAndFin() {
    s = new Single();
    s.inject(s.data(SYN | YamuxFrame.FIN, 1, 4));
    assertThat(s.handlers.get(0).bytes()).containsExactly(0, 1, 2, 3);
    assertThat(s.handlers.get(0).remoteClosed).isTrue();
    assertThat(s.sent()).singleElement().satisfies(f -> assertThat(f.flags()).isEqualTo(ACK));
    s.accepted.get(0).closeWrite();
    assertThat(s.sent())
        .singleElement()
        .satisfies(f -> assertThat(f.flags()).isEqualTo(YamuxFrame.FIN));
    assertThat(s.session.streamCount()).isZero();
  }

  @Test
  void ourFirstFrameBackCarriesTheAckWhenTheAppAnswersAtOnce() {
    s =
        new Single(
            false, YamuxConfig.DEFAULT, st -> st.setHandler(new RecordingHandler(true))); // echoes
    s.inject(YamuxFrame.windowUpdate(SYN, 1, 0), s.data(0, 1, 3));
    List<Wire.Sent> sent = s.sent();
    assertThat(sent.get(0).type()).isEqualTo(YamuxFrame.Type.WINDOW_UPDATE);
    assertThat(sent.get(0).flags()).isEqualTo(ACK);
    assertThat(sent).filteredOn(f -> f.has(ACK)).hasSize(1);
    assertThat(sent.get(1).type()).isEqualTo(YamuxFrame.Type.DATA);
    assertThat(sent.get(1).payload()).containsExactly(0, 1, 2);
  }

  @Test
  void jsSendsDataFramesAsLargeAsTheWholeWindow() {
    s = new Single();
    s.inject(YamuxFrame.windowUpdate(SYN, 1, 0), s.data(0, 1, WINDOW));
    assertThat(s.handlers.get(0).received.size()).isEqualTo(WINDOW);
    List<Wire.Sent> updates = s.sent();
    long granted = updates.stream().mapToLong(Wire.Sent::length).sum();
    assertThat(granted).isGreaterThan(WINDOW); // the window grew
    s.inject(s.data(0, 1, (int) granted));
    assertThat(s.handlers.get(0).received.size()).isEqualTo(WINDOW + granted);
    assertThat(s.ch.isOpen()).isTrue();
  }

  @Test
  void dataBeyondTheWindowIsAProtocolError() {
    s = new Single();
    s.inject(YamuxFrame.windowUpdate(SYN, 1, 0), s.data(0, 1, WINDOW + 1));
    assertClosedWithGoAway(
        YamuxFrame.GO_AWAY_PROTOCOL_ERROR, BadPeerException.class, "exceeds the receive window");
    assertThat(s.handlers.get(0).resets).isOne();
  }

  @Test
  void dataSpreadOverFramesBeyondTheWindowIsAProtocolError() {
    // no handler: nothing is consumed, so no window update arrives
    s = new Single(false, YamuxConfig.DEFAULT, st -> {});
    s.inject(YamuxFrame.windowUpdate(SYN, 1, 0), s.data(0, 1, WINDOW - 10), s.data(0, 1, 10));
    assertThat(s.ch.isOpen()).isTrue();
    s.inject(s.data(0, 1, 1));
    assertClosedWithGoAway(
        YamuxFrame.GO_AWAY_PROTOCOL_ERROR, BadPeerException.class, "exceeds the receive window");
  }

  @Test
  void aDataFrameLargerThanMaxWindowIsRejectedOnItsHeader() {
    s = new Single(YamuxConfig.builder().maxWindow(WINDOW).build());
    s.inject(YamuxFrame.windowUpdate(SYN, 1, 0));
    s.ch.writeInbound(
        s.alloc.buffer().writeBytes(java.util.HexFormat.of().parseHex("000000000000000100040001")));
    assertClosedWithGoAway(
        YamuxFrame.GO_AWAY_PROTOCOL_ERROR, LimitExceededException.class, "262145 > 262144");
  }

  @Test
  void aSynWithOurParityIsAProtocolError() {
    s = new Single(); // listener: the peer must use odd ids
    s.inject(YamuxFrame.windowUpdate(SYN, 2, 0));
    assertClosedWithGoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, BadPeerException.class, "parity");
    assertThat(s.accepted).isEmpty();
  }

  @Test
  void aDialerRejectsOddIdsFromTheListener() {
    s = new Single(true, YamuxConfig.DEFAULT, null);
    s.inject(YamuxFrame.windowUpdate(SYN, 1, 0));
    assertClosedWithGoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, BadPeerException.class, "parity");
  }

  @Test
  void dataForAStreamNeverOpenedIsAProtocolError() {
    s = new Single();
    s.inject(s.data(0, 7, 3));
    assertClosedWithGoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, BadPeerException.class, "never");
  }

  @Test
  void frameForOneOfOurIdsNotYetUsedIsAProtocolError() {
    s = new Single();
    s.inject(YamuxFrame.windowUpdate(0, 2, 100));
    assertClosedWithGoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, BadPeerException.class, "never");
  }

  @Test
  void reusingAStreamIdIsAProtocolError() {
    s = new Single();
    s.inject(YamuxFrame.windowUpdate(SYN, 3, 0), YamuxFrame.windowUpdate(SYN, 1, 0));
    assertClosedWithGoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, BadPeerException.class, "reopened");
  }

  @Test
  void framesStillInFlightForAResetStreamAreDropped() {
    s = new Single();
    s.inject(YamuxFrame.windowUpdate(SYN, 1, 0));
    s.accepted.get(0).reset();
    s.sent();
    s.inject(s.data(0, 1, 10), YamuxFrame.windowUpdate(YamuxFrame.FIN, 1, 0));
    assertThat(s.sent()).isEmpty();
    assertThat(s.ch.isOpen()).isTrue();
    assertThat(s.handlers.get(0).dataCalls).isZero();
  }

  @Test
  void aBadHeaderIsAProtocolError() {
    s = new Single();
    s.ch.writeInbound(
        s.alloc.buffer().writeBytes(java.util.HexFormat.of().parseHex("010000000000000100000000")));
    assertClosedWithGoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, BadPeerException.class, "version");
  }

  @Test
  void dataAfterTheFinResetsOnlyThatStream() {
    s = new Single();
    s.inject(YamuxFrame.windowUpdate(SYN | YamuxFrame.FIN, 1, 0));
    s.sent();
    s.inject(s.data(0, 1, 4));
    assertThat(s.sent())
        .singleElement()
        .satisfies(f -> assertThat(f.flags()).isEqualTo(YamuxFrame.RST));
    assertThat(s.handlers.get(0).resets).isOne();
    assertThat(s.ch.isOpen()).isTrue();
  }

  @Test
  void aSendWindowPastTwoToTheThirtyTwoIsAProtocolError() {
    s = new Single();
    s.inject(
        YamuxFrame.windowUpdate(SYN, 1, YamuxFrame.MAX_U32),
        YamuxFrame.windowUpdate(0, 1, YamuxFrame.MAX_U32));
    assertClosedWithGoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, BadPeerException.class, "2^32");
  }

  @Test
  void aPingSynIsEchoedWithAck() {
    s = new Single();
    s.inject(YamuxFrame.ping(SYN, 0xDEADBEEFL));
    assertThat(s.sent())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.type()).isEqualTo(YamuxFrame.Type.PING);
              assertThat(f.flags()).isEqualTo(ACK);
              assertThat(f.length()).isEqualTo(0xDEADBEEFL);
            });
  }

  @Test
  void anUnsolicitedPingAckIsIgnored() {
    s = new Single();
    s.inject(YamuxFrame.ping(ACK, 42));
    assertThat(s.sent()).isEmpty();
    assertThat(s.ch.isOpen()).isTrue();
  }

  @Test
  void aPingWithoutSynOrAckIsAProtocolError() {
    s = new Single();
    s.inject(YamuxFrame.ping(0, 1));
    assertClosedWithGoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, BadPeerException.class, "Ping");
  }

  @Test
  void aGoAwayWithAnErrorEndsTheSessionWithoutAnswering() {
    s = new Single();
    s.inject(YamuxFrame.windowUpdate(SYN, 1, 0));
    s.sent();
    s.inject(YamuxFrame.goAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR));
    assertThat(s.sent()).isEmpty();
    assertThat(s.ch.isOpen()).isFalse();
    assertThat(s.handlers.get(0).resets).isOne();
    assertThat(s.session.closeCause()).get().isInstanceOf(InternalErrorException.class);
  }

  @Test
  void anInternalErrorGoAwayIsReported() {
    s = new Single();
    s.inject(YamuxFrame.goAway(YamuxFrame.GO_AWAY_INTERNAL_ERROR));
    assertThat(s.ch.isOpen()).isFalse();
    assertThat(s.session.closeCause())
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("internal error");
  }

  @Test
  void aNormalGoAwayWithNoStreamsClosesQuietly() {
    s = new Single();
    s.inject(YamuxFrame.goAway(YamuxFrame.GO_AWAY_NORMAL));
    assertThat(s.ch.isOpen()).isFalse();
    assertThat(s.session.closeCause()).isEmpty();
  }

  @Test
  void anRstAnswerToOurSynResetsTheStream() {
    s = new Single();
    var opened = s.session.openStream();
    RecordingHandler h = new RecordingHandler();
    opened.getNow(null).setHandler(h);
    assertThat(s.sent()).singleElement().satisfies(f -> assertThat(f.streamId()).isEqualTo(2));
    s.inject(YamuxFrame.windowUpdate(YamuxFrame.RST, 2, 0));
    assertThat(h.resets).isOne();
    assertThat(s.session.streamCount()).isZero();
    assertThat(s.ch.isOpen()).isTrue();
  }

  @Test
  void aLargerConfiguredInitialWindowIsGrantedWithTheSynAndAck() {
    s = new Single(YamuxConfig.builder().initialWindow(1024 * 1024).build());
    s.session.openStream();
    s.inject(YamuxFrame.windowUpdate(SYN, 1, 0));
    List<Wire.Sent> sent = s.sent();
    assertThat(sent).extracting(Wire.Sent::flags).containsExactly(SYN, ACK);
    assertThat(sent).extracting(Wire.Sent::length).containsOnly(1024L * 1024 - WINDOW);
    s.inject(s.data(0, 1, 1024 * 1024));
    assertThat(s.ch.isOpen()).isTrue();
  }
}
