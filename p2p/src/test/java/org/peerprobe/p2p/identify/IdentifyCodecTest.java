package org.peerprobe.p2p.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.LimitExceededException;
import org.peerprobe.p2p.core.Multiaddr;

class IdentifyCodecTest {
  private static final HexFormat HEX = HexFormat.of();

  // Hand-computed: tag (field << 3 | 2), length, value.
  private static final String PUBLIC_KEY = "0a02aabb"; // 1: aa bb
  private static final String LISTEN = "1208047f00000106 0fa1"; // 2: /ip4/127.0.0.1/tcp/4001
  private static final String PROTOCOL = "1a0e 2f697066732f69642f312e302e30"; // 3: /ipfs/id/1.0.0
  private static final String OBSERVED = "220804c0a8010206c350"; // 4: /ip4/192.168.1.2/tcp/50000
  private static final String PROTO_VERSION = "2a0a 697066732f302e312e30"; // 5: ipfs/0.1.0
  private static final String AGENT = "320f 7065657270726f62652f302e312e30"; // 6: peerprobe/0.1.0

  private static final Identify SAMPLE =
      new Identify(
          ByteString.copyFrom(new byte[] {(byte) 0xaa, (byte) 0xbb}),
          List.of(ByteString.copyFrom(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001").toBytes())),
          List.of("/ipfs/id/1.0.0"),
          ByteString.copyFrom(Multiaddr.parse("/ip4/192.168.1.2/tcp/50000").toBytes()),
          "ipfs/0.1.0",
          "peerprobe/0.1.0");

  private static byte[] hex(String... parts) {
    return HEX.parseHex(String.join("", parts).replace(" ", ""));
  }

  @Test
  void encodesTheKnownAnswerInTagOrder() {
    assertThat(HEX.formatHex(IdentifyCodec.encode(SAMPLE)))
        .isEqualTo(
            HEX.formatHex(hex(PUBLIC_KEY, LISTEN, PROTOCOL, OBSERVED, PROTO_VERSION, AGENT)));
  }

  @Test
  void decodesJsFieldOrderSkippingUnknownFieldsAndTheSignedPeerRecord() {
    byte[] js =
        hex(
            PROTO_VERSION,
            AGENT,
            PUBLIC_KEY,
            LISTEN,
            OBSERVED,
            PROTOCOL,
            "4203010203", // 8: signedPeerRecord, ignored
            "3801", // 7: unknown varint
            "7d01020304"); // 15: unknown fixed32
    assertThat(IdentifyCodec.decode(js)).isEqualTo(SAMPLE);
  }

  @Test
  void absentFieldsAreEmptyAndEmptyFieldsAreOmitted() {
    Identify empty = IdentifyCodec.decode(new byte[0]);
    assertThat(empty.publicKey().isEmpty()).isTrue();
    assertThat(empty.protocols()).isEmpty();
    assertThat(empty.agentVersion()).isEmpty();
    assertThat(IdentifyCodec.encode(empty)).isEmpty();
  }

  @Test
  void lastScalarWinsAndRepeatedFieldsAccumulate() {
    Identify m = IdentifyCodec.decode(hex("0a0101", "0a0102", "1a012f", "1a012f"));
    assertThat(m.publicKey().toByteArray()).containsExactly(2);
    assertThat(m.protocols()).containsExactly("/", "/");
  }

  @Test
  void rejectsMalformedMessagesAsThePeersFault() {
    assertThatThrownBy(() -> IdentifyCodec.decode(hex("0801")))
        .isInstanceOf(BadPeerException.class)
        .hasMessageContaining("wire type");
    assertThatThrownBy(() -> IdentifyCodec.decode(hex("0a05aabb")))
        .isInstanceOf(BadPeerException.class)
        .hasMessageContaining("malformed");
    assertThatThrownBy(() -> IdentifyCodec.decode(hex("1a02c328")))
        .isInstanceOf(BadPeerException.class);
    assertThatThrownBy(() -> IdentifyCodec.decode(hex("0002")))
        .isInstanceOf(BadPeerException.class);
  }

  @Test
  void enforcesItsLimits() {
    assertThatThrownBy(() -> IdentifyCodec.decode(new byte[IdentifyCodec.MAX_MESSAGE_BYTES + 1]))
        .isInstanceOf(LimitExceededException.class);
    String addr = "1200";
    assertThatThrownBy(
            () ->
                IdentifyCodec.decode(
                    hex(
                        String.join(
                            "", Collections.nCopies(IdentifyCodec.MAX_LISTEN_ADDRS + 1, addr)))))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("listen addresses");
    assertThat(
            IdentifyCodec.decode(
                    hex(String.join("", Collections.nCopies(IdentifyCodec.MAX_PROTOCOLS, "1a00"))))
                .protocols())
        .hasSize(IdentifyCodec.MAX_PROTOCOLS);
    assertThatThrownBy(
            () ->
                IdentifyCodec.decode(
                    hex(
                        String.join(
                            "", Collections.nCopies(IdentifyCodec.MAX_PROTOCOLS + 1, "1a00")))))
        .isInstanceOf(LimitExceededException.class);
  }

  @Test
  void hostMessageCarriesTheLibp2pKeyEncodingAndOurVersions() {
    HostKey key = HostKey.fromSeed(new byte[32]);
    Identify m =
        Identify.of(
            key,
            List.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/4001")),
            List.of("/meshsub/1.1.0"),
            Optional.empty());
    assertThat(HEX.formatHex(m.publicKey().toByteArray())).startsWith("08011220");
    assertThat(m.protocolVersion()).isEqualTo("ipfs/0.1.0");
    assertThat(m.agentVersion()).isEqualTo("peerprobe/0.1.0");
    assertThat(m.observedAddr().isEmpty()).isTrue();
    assertThat(IdentifyCodec.decode(IdentifyCodec.encode(m))).isEqualTo(m);
  }

  @Test
  void laterMessagesOverrideScalarsAndExtendLists() {
    Identify later =
        new Identify(
            ByteString.EMPTY,
            List.of(ByteString.copyFrom(new byte[] {1})),
            List.of("/ipfs/id/1.0.0", "/meshsub/1.1.0"),
            ByteString.EMPTY,
            "",
            "js-libp2p/3.3.11");
    Identify merged = SAMPLE.merge(later);
    assertThat(merged.publicKey()).isEqualTo(SAMPLE.publicKey());
    assertThat(merged.listenAddrs()).hasSize(2);
    assertThat(merged.protocols()).containsExactly("/ipfs/id/1.0.0", "/meshsub/1.1.0");
    assertThat(merged.protocolVersion()).isEqualTo("ipfs/0.1.0");
    assertThat(merged.agentVersion()).isEqualTo("js-libp2p/3.3.11");
  }
}
