package org.peerprobe.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.pubsub.StrictSign.Verdict;

/**
 * Known-answer vectors computed independently with Node 20's node:crypto (Ed25519, seed 00..1f),
 * encoding fields 1–4 in js {@code RPC.Message.encode} order; message ids per js {@code
 * msgIdFnStrictSign} ({@code @libp2p/gossipsub} 17.1.1) and the spec.
 */
class StrictSignTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final HostKey KEY = HostKey.fromSeed(seed());
  private static final String TOPIC = "peerprobe/observations/1";
  private static final byte[] DATA = "hello peerprobe".getBytes(StandardCharsets.UTF_8);
  private static final long SEQNO = 0x17a0c3e2d4b50001L;

  private static final String FROM =
      "00240801122003a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
  private static final String BODY =
      "0a26"
          + FROM
          + "120f68656c6c6f207065657270726f62651a0817a0c3e2d4b50001"
          + "22187065657270726f62652f6f62736572766174696f6e732f31";
  private static final String SIGNATURE =
      "0695203b59a89a511755ec1509356cd6388ff25a1156779fc9ee6c43c41d45d1"
          + "8e9a828b914e908adc999390e73521937827d093df611ed1c81ff325169b2200";
  private static final String JS_ID =
      "0801122003a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b817a0c3e2d4b50001";
  private static final String SPEC_ID = FROM + "17a0c3e2d4b50001";

  private static byte[] seed() {
    byte[] s = new byte[32];
    for (int i = 0; i < 32; i++) {
      s[i] = (byte) i;
    }
    return s;
  }

  @Test
  void signsExactlyLikeJs() {
    assertThat(KEY.peerId().toString())
        .isEqualTo("12D3KooWA4Xop1JaT3MHxwYMkCepYsv4iPVopMXwCz5iHYdBfeSB");
    Message m = StrictSign.sign(KEY, TOPIC, DATA, SEQNO, false);
    assertThat(HEX.formatHex(m.from())).isEqualTo(FROM);
    assertThat(HEX.formatHex(RpcCodec.encodeMessage(m.withoutSignature()))).isEqualTo(BODY);
    assertThat(new String(StrictSign.signingInput(m), 0, 14, StandardCharsets.US_ASCII))
        .isEqualTo("libp2p-pubsub:");
    assertThat(HEX.formatHex(m.signature())).isEqualTo(SIGNATURE);
    assertThat(m.key()).isNull();
    assertThat(StrictSign.verify(m)).isEqualTo(Verdict.VALID);
  }

  @Test
  void verifiesAForeignVectorAndDerivesIds() {
    Message m =
        new Message(
            HEX.parseHex(FROM),
            DATA,
            HEX.parseHex("17a0c3e2d4b50001"),
            TOPIC,
            HEX.parseHex(SIGNATURE),
            null);
    assertThat(StrictSign.verify(m)).isEqualTo(Verdict.VALID);
    assertThat(MessageIdFunction.JS_DEFAULT.apply(m).toString()).isEqualTo(JS_ID);
    assertThat(MessageIdFunction.SPEC_DEFAULT.apply(m).toString()).isEqualTo(SPEC_ID);
    assertThat(MessageIdFunction.JS_DEFAULT.apply(m))
        .isNotEqualTo(MessageIdFunction.SPEC_DEFAULT.apply(m));
  }

  @Test
  void keyIsOptionalButMustMatch() {
    Message withKey = StrictSign.sign(KEY, TOPIC, DATA, SEQNO, true);
    assertThat(withKey.key()).isEqualTo(KEY.publicKeyProtobuf());
    assertThat(HEX.formatHex(withKey.signature())).isEqualTo(SIGNATURE);
    assertThat(StrictSign.verify(withKey)).isEqualTo(Verdict.VALID);
    HostKey other = HostKey.fromSeed(new byte[32]);
    Message wrongKey = withKey.withSignature(withKey.signature(), other.publicKeyProtobuf());
    assertThat(StrictSign.verify(wrongKey)).isEqualTo(Verdict.KEY_MISMATCH);
    Message junkKey = withKey.withSignature(withKey.signature(), new byte[] {1, 2, 3});
    assertThat(StrictSign.verify(junkKey)).isEqualTo(Verdict.KEY_MISMATCH);
  }

  @Test
  void rejectsWhatJsRejects() {
    Message m = StrictSign.sign(KEY, TOPIC, DATA, SEQNO, false);
    assertThat(
            StrictSign.verify(
                new Message(m.from(), m.data(), new byte[7], TOPIC, m.signature(), null)))
        .isEqualTo(Verdict.INVALID_SEQNO);
    assertThat(StrictSign.verify(new Message(m.from(), m.data(), null, TOPIC, m.signature(), null)))
        .isEqualTo(Verdict.INVALID_SEQNO);
    assertThat(StrictSign.verify(m.withSignature(null, null))).isEqualTo(Verdict.MISSING_SIGNATURE);
    assertThat(
            StrictSign.verify(new Message(null, m.data(), m.seqno(), TOPIC, m.signature(), null)))
        .isEqualTo(Verdict.INVALID_FROM);
    assertThat(
            StrictSign.verify(
                new Message(new byte[] {0, 1, 2}, m.data(), m.seqno(), TOPIC, m.signature(), null)))
        .isEqualTo(Verdict.INVALID_FROM);
    // not even a multihash (its length byte overruns): found by GossipFuzzTest#routerFrames
    assertThat(
            StrictSign.verify(
                new Message(new byte[] {0, 5, 2}, m.data(), m.seqno(), TOPIC, m.signature(), null)))
        .isEqualTo(Verdict.INVALID_FROM);
    byte[] tampered = "hello peerprobf".getBytes(StandardCharsets.UTF_8);
    assertThat(
            StrictSign.verify(
                new Message(m.from(), tampered, m.seqno(), TOPIC, m.signature(), null)))
        .isEqualTo(Verdict.INVALID_SIGNATURE);
    assertThat(
            StrictSign.verify(
                new Message(m.from(), m.data(), m.seqno(), "other", m.signature(), null)))
        .isEqualTo(Verdict.INVALID_SIGNATURE);
    // absent data is a different encoding from empty data, as in js
    Message empty = StrictSign.sign(KEY, TOPIC, new byte[0], SEQNO, false);
    assertThat(StrictSign.verify(empty)).isEqualTo(Verdict.VALID);
    assertThat(
            StrictSign.verify(
                new Message(empty.from(), null, empty.seqno(), TOPIC, empty.signature(), null)))
        .isEqualTo(Verdict.INVALID_SIGNATURE);
  }

  @Test
  void unknownFieldsOnTheWireDoNotBreakVerification() {
    Message m = StrictSign.sign(KEY, TOPIC, DATA, SEQNO, false);
    byte[] rpc = RpcCodec.encode(Rpc.ofMessages(java.util.List.of(m)));
    // append unknown field 9 (varint 1) inside the message: grow the message length by 2
    byte[] patched = new byte[rpc.length + 2];
    System.arraycopy(rpc, 0, patched, 0, rpc.length);
    patched[rpc.length] = 0x48;
    patched[rpc.length + 1] = 0x01;
    // message length is a 2-byte varint after tag 0x12 (the message is > 127 bytes)
    int len = (rpc[1] & 0x7f) | (rpc[2] << 7);
    patched[1] = (byte) (((len + 2) & 0x7f) | 0x80);
    patched[2] = (byte) ((len + 2) >>> 7);
    Message decoded = RpcCodec.decode(patched, RpcLimits.DEFAULT).publish().get(0);
    assertThat(StrictSign.verify(decoded)).isEqualTo(Verdict.VALID);
  }

  @Test
  void idFunctionsNeedTheirFields() {
    Message noFrom = new Message(null, DATA, new byte[8], TOPIC, null, null);
    assertThatThrownBy(() -> MessageIdFunction.JS_DEFAULT.apply(noFrom))
        .isInstanceOf(BadPeerException.class);
    assertThatThrownBy(() -> MessageIdFunction.SPEC_DEFAULT.apply(noFrom))
        .isInstanceOf(BadPeerException.class);
    Message noSeqno = new Message(HEX.parseHex(FROM), DATA, null, TOPIC, null, null);
    assertThatThrownBy(() -> MessageIdFunction.JS_DEFAULT.apply(noSeqno))
        .isInstanceOf(BadPeerException.class);
  }
}
