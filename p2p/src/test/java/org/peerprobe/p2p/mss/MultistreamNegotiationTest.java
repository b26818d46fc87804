package org.peerprobe.p2p.mss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peerprobe.p2p.mss.MultistreamNegotiation.PROTOCOL_ID;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.LimitExceededException;
import org.peerprobe.p2p.mss.MultistreamNegotiation.Status;
import org.peerprobe.p2p.mss.MultistreamNegotiation.Step;

class MultistreamNegotiationTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String HEADER_HEX =
      "13" + HEX.formatHex("/multistream/1.0.0\n".getBytes(StandardCharsets.UTF_8));

  /** Length-prefixed, newline-terminated messages, as the spec frames them. */
  static byte[] msgs(String... texts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String t : texts) {
      byte[] b = (t + "\n").getBytes(StandardCharsets.UTF_8);
      int v = b.length;
      while (v >= 0x80) {
        out.write((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      out.write(v);
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  @Test
  void naIsTheSpecExample() {
    assertThat(HEX.formatHex(msgs("na"))).isEqualTo("036e610a");
  }

  @Test
  void dialerSendsHeaderAndFirstProtocolInOneWrite() {
    MultistreamNegotiation d = MultistreamNegotiation.dialer(List.of("/noise"));
    Step s = d.start();
    assertThat(HEX.formatHex(s.toSend()))
        .isEqualTo(HEADER_HEX + "07" + HEX.formatHex("/noise\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(s.status()).isEqualTo(Status.NEGOTIATING);
  }

  @Test
  void dialerSelectsOnHeaderThenEchoInOneRead() {
    MultistreamNegotiation d = MultistreamNegotiation.dialer(List.of("/noise"));
    d.start();
    ByteBuf in = Unpooled.wrappedBuffer(msgs(PROTOCOL_ID, "/noise"));
    Step s = d.receive(in);
    assertThat(s.status()).isEqualTo(Status.SELECTED);
    assertThat(s.protocol()).isEqualTo("/noise");
    assertThat(s.hasOutput()).isFalse();
    assertThat(in.isReadable()).isFalse();
    assertThat(d.selectedProtocol()).contains("/noise");
  }

  @Test
  void dialerAcceptsMessagesSplitAtEveryByte() {
    MultistreamNegotiation d = MultistreamNegotiation.dialer(List.of("/yamux/1.0.0"));
    d.start();
    byte[] wire = msgs(PROTOCOL_ID, "/yamux/1.0.0");
    ByteBuf cumulation = Unpooled.buffer();
    Step s = null;
    for (byte b : wire) {
      assertThat(s == null || s.status() == Status.NEGOTIATING).isTrue();
      cumulation.writeByte(b);
      s = d.receive(cumulation);
    }
    assertThat(s.status()).isEqualTo(Status.SELECTED);
    assertThat(cumulation.isReadable()).isFalse();
  }

  @Test
  void dialerOffersTheNextProtocolAfterNa() {
    MultistreamNegotiation d =
        MultistreamNegotiation.dialer(List.of("/meshsub/1.2.0", "/meshsub/1.1.0"));
    d.start();
    Step s = d.receive(Unpooled.wrappedBuffer(msgs(PROTOCOL_ID, "na")));
    assertThat(s.status()).isEqualTo(Status.NEGOTIATING);
    assertThat(s.toSend()).isEqualTo(msgs("/meshsub/1.1.0"));
    s = d.receive(Unpooled.wrappedBuffer(msgs("/meshsub/1.1.0")));
    assertThat(s.status()).isEqualTo(Status.SELECTED);
    assertThat(s.protocol()).isEqualTo("/meshsub/1.1.0");
  }

  @Test
  void dialerFailsWhenEveryProtocolIsRefused() {
    MultistreamNegotiation d = MultistreamNegotiation.dialer(List.of("/a", "/b"));
    d.start();
    Step s = d.receive(Unpooled.wrappedBuffer(msgs(PROTOCOL_ID, "na", "na")));
    assertThat(s.status()).isEqualTo(Status.FAILED);
    assertThat(s.failure()).isInstanceOf(NoCommonProtocolException.class);
    assertThat(d.failure()).containsSame(s.failure());
  }

  @Test
  void dialerRejectsAMissingHeaderAndAnUnexpectedAnswer() {
    MultistreamNegotiation d = MultistreamNegotiation.dialer(List.of("/noise"));
    d.start();
    Step s = d.receive(Unpooled.wrappedBuffer(msgs("/noise")));
    assertThat(s.failure())
        .isInstanceOf(BadPeerException.class)
        .hasMessageContaining("expected the multistream header");

    MultistreamNegotiation d2 = MultistreamNegotiation.dialer(List.of("/noise"));
    d2.start();
    s = d2.receive(Unpooled.wrappedBuffer(msgs(PROTOCOL_ID, "/tls/1.0.0")));
    assertThat(s.failure())
        .isInstanceOf(BadPeerException.class)
        .hasMessageContaining("neither an echo nor na: \"/tls/1.0.0\"");
  }

  @Test
  void dialerLeavesBytesAfterTheEchoUnread() {
    MultistreamNegotiation d = MultistreamNegotiation.dialer(List.of("/ipfs/id/1.0.0"));
    d.start();
    ByteBuf in = Unpooled.buffer();
    in.writeBytes(msgs(PROTOCOL_ID, "/ipfs/id/1.0.0")).writeBytes(new byte[] {1, 2, 3});
    assertThat(d.receive(in).status()).isEqualTo(Status.SELECTED);
    assertThat(in.readableBytes()).isEqualTo(3);
    assertThat(in.readByte()).isEqualTo((byte) 1);
  }

  @Test
  void listenerSpeaksOnlyAfterTheDialersHeader() {
    MultistreamNegotiation l = MultistreamNegotiation.listener(List.of("/yamux/1.0.0"));
    assertThat(l.start().hasOutput()).isFalse();
    Step s = l.receive(Unpooled.wrappedBuffer(msgs(PROTOCOL_ID)));
    assertThat(HEX.formatHex(s.toSend())).isEqualTo(HEADER_HEX);
    s = l.receive(Unpooled.wrappedBuffer(msgs("/yamux/1.0.0")));
    assertThat(s.status()).isEqualTo(Status.SELECTED);
    assertThat(s.toSend()).isEqualTo(msgs("/yamux/1.0.0"));
  }

  @Test
  void listenerAnswersNaThenEchoesAllFromOneRead() {
    MultistreamNegotiation l =
        MultistreamNegotiation.listener(List.of("/meshsub/1.1.0", "/meshsub/1.0.0"));
    l.start();
    ByteBuf in = Unpooled.wrappedBuffer(msgs(PROTOCOL_ID, "/meshsub/1.2.0", "/meshsub/1.1.0"));
    Step s = l.receive(in);
    assertThat(s.status()).isEqualTo(Status.SELECTED);
    assertThat(s.protocol()).isEqualTo("/meshsub/1.1.0");
    assertThat(s.toSend()).isEqualTo(msgs(PROTOCOL_ID, "na", "/meshsub/1.1.0"));
  }

  @Test
  void listenerListsItsProtocolsOnLs() {
    MultistreamNegotiation l = MultistreamNegotiation.listener(List.of("/a", "/b"));
    l.start();
    Step s = l.receive(Unpooled.wrappedBuffer(msgs(PROTOCOL_ID, "ls")));
    // One message: (03 "/a\n") (03 "/b\n") "\n", 9 bytes.
    assertThat(HEX.formatHex(s.toSend())).isEqualTo(HEADER_HEX + "09" + "032f610a" + "032f620a0a");
    assertThat(s.status()).isEqualTo(Status.NEGOTIATING);
  }

  @Test
  void listenerLeavesTheDialersEarlyDataUnread() {
    MultistreamNegotiation l = MultistreamNegotiation.listener(List.of("/ipfs/ping/1.0.0"));
    l.start();
    ByteBuf in = Unpooled.buffer();
    in.writeBytes(msgs(PROTOCOL_ID, "/ipfs/ping/1.0.0")).writeBytes(new byte[32]);
    assertThat(l.receive(in).status()).isEqualTo(Status.SELECTED);
    assertThat(in.readableBytes()).isEqualTo(32);
  }

  @Test
  void oversizedMessageIsRejectedFromItsPrefixAlone() {
    MultistreamNegotiation l = MultistreamNegotiation.listener(List.of("/a"));
    l.start();
    l.receive(Unpooled.wrappedBuffer(msgs(PROTOCOL_ID)));
    ByteBuf prefixOnly = Unpooled.wrappedBuffer(HEX.parseHex("8108")); // 1025
    Step s = l.receive(prefixOnly);
    assertThat(s.status()).isEqualTo(Status.FAILED);
    assertThat(s.failure())
        .isInstanceOf(LimitExceededException.class)
        .hasMessage("multistream message bytes exceeded: 1025 > 1024");
  }

  @Test
  void longestAllowedProtocolIdIsAnsweredNa() {
    MultistreamNegotiation l = MultistreamNegotiation.listener(List.of("/a"));
    l.start();
    String longest = "/" + "x".repeat(MultistreamNegotiation.MAX_PROTOCOL_ID_BYTES - 1);
    byte[] wire = msgs(PROTOCOL_ID, longest);
    Step s = l.receive(Unpooled.wrappedBuffer(wire));
    assertThat(s.status()).isEqualTo(Status.NEGOTIATING);
    assertThat(s.toSend()).isEqualTo(msgs(PROTOCOL_ID, "na"));
  }

  @Test
  void listenerRejectsMissingOrRepeatedHeaderAndMissingNewline() {
    MultistreamNegotiation l = MultistreamNegotiation.listener(List.of("/a"));
    l.start();
    assertThat(l.receive(Unpooled.wrappedBuffer(msgs("/a"))).failure())
        .isInstanceOf(BadPeerException.class);

    MultistreamNegotiation l2 = MultistreamNegotiation.listener(List.of("/a"));
    l2.start();
    assertThat(l2.receive(Unpooled.wrappedBuffer(msgs(PROTOCOL_ID, PROTOCOL_ID))).failure())
        .hasMessage("repeated multistream header");

    MultistreamNegotiation l3 = MultistreamNegotiation.listener(List.of("/a"));
    l3.start();
    assertThat(l3.receive(Unpooled.wrappedBuffer(HEX.parseHex("022f61"))).failure())
        .hasMessageContaining("newline");

    MultistreamNegotiation l4 = MultistreamNegotiation.listener(List.of("/a"));
    l4.start();
    assertThat(l4.receive(Unpooled.wrappedBuffer(HEX.parseHex("00"))).failure())
        .hasMessageContaining("newline");
  }

  @Test
  void listenerGivesUpAfterTooManyProposals() {
    MultistreamNegotiation l = MultistreamNegotiation.listener(List.of("/a"));
    l.start();
    l.receive(Unpooled.wrappedBuffer(msgs(PROTOCOL_ID)));
    for (int i = 0; i < MultistreamNegotiation.MAX_LISTENER_REQUESTS; i++) {
      assertThat(l.receive(Unpooled.wrappedBuffer(msgs("/nope"))).toSend()).isEqualTo(msgs("na"));
    }
    assertThat(l.receive(Unpooled.wrappedBuffer(msgs("/nope"))).failure())
        .isInstanceOf(LimitExceededException.class);
  }

  @Test
  void peerTextInErrorsIsEscapedAndTruncated() {
    assertThat(MultistreamNegotiation.quote("a\u001b[31mb")).isEqualTo("\"a\\x1b[31mb\"");
    assertThat(MultistreamNegotiation.quote("y".repeat(200))).hasSize(83);
  }

  @Test
  void misuseIsOurBug() {
    assertThatThrownBy(() -> MultistreamNegotiation.dialer(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MultistreamNegotiation.dialer(List.of("a\nb")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MultistreamNegotiation.listener(List.of("na")))
        .isInstanceOf(IllegalArgumentException.class);
    MultistreamNegotiation d = MultistreamNegotiation.dialer(List.of("/a"));
    assertThatThrownBy(() -> d.receive(Unpooled.EMPTY_BUFFER))
        .isInstanceOf(IllegalStateException.class);
    d.start();
    assertThatThrownBy(d::start).isInstanceOf(IllegalStateException.class);
    d.receive(Unpooled.wrappedBuffer(msgs(PROTOCOL_ID, "/a")));
    assertThatThrownBy(() -> d.receive(Unpooled.EMPTY_BUFFER))
        .isInstanceOf(IllegalStateException.class);
  }
}
