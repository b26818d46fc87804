package org.peerprobe.p2p.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.LimitExceededException;

class NoiseHandshakePayloadTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] bytes(int n, int fill) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) fill);
    return b;
  }

  @Test
  void encodesIdentityOnlyInTagOrderWithoutExtensions() {
    byte[] key = bytes(36, 0xAA);
    byte[] sig = bytes(64, 0xBB);
    byte[] encoded = NoiseHandshakePayload.of(key, sig).encode();
    assertThat(HEX.formatHex(encoded))
        .isEqualTo("0a24" + HEX.formatHex(key) + "1240" + HEX.formatHex(sig));
  }

  @Test
  void roundTripsExtensions() {
    NoiseHandshakePayload p =
        new NoiseHandshakePayload(
            bytes(36, 1), bytes(64, 2), List.of(bytes(34, 3)), List.of("/yamux/1.0.0", "/mplex"));
    NoiseHandshakePayload back = NoiseHandshakePayload.decode(p.encode());
    assertThat(back.identityKey()).isEqualTo(p.identityKey());
    assertThat(back.identitySig()).isEqualTo(p.identitySig());
    assertThat(back.webtransportCerthashes()).singleElement().isEqualTo(bytes(34, 3));
    assertThat(back.streamMuxers()).containsExactly("/yamux/1.0.0", "/mplex");
  }

  @Test
  void skipsUnknownFieldsAndMergesRepeatedExtensions() throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(raw);
    out.writeUInt64(3, 12345); // unknown varint
    out.writeByteArray(1, bytes(36, 1));
    out.writeFixed64(9, 7); // unknown fixed64
    out.writeByteArray(4, extension(out2 -> out2.writeString(2, "/yamux/1.0.0")));
    out.writeByteArray(2, bytes(64, 2));
    out.writeFixed32(1, 5); // known number, wrong wire type: skipped like protobuf does
    out.writeByteArray(4, extension(out2 -> out2.writeUInt32(7, 1)));
    out.writeByteArray(4, extension(out2 -> out2.writeString(2, "/mplex/6.7.0")));
    out.flush();
    NoiseHandshakePayload p = NoiseHandshakePayload.decode(raw.toByteArray());
    assertThat(p.identityKey()).isEqualTo(bytes(36, 1));
    assertThat(p.identitySig()).isEqualTo(bytes(64, 2));
    assertThat(p.streamMuxers()).containsExactly("/yamux/1.0.0", "/mplex/6.7.0");
  }

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] extension(Writer w) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(raw);
    w.write(out);
    out.flush();
    return raw.toByteArray();
  }

  @Test
  void enforcesLimitsBeforeCopying() throws IOException {
    byte[] longKey = NoiseHandshakePayload.of(bytes(1025, 1), new byte[0]).encode();
    assertThatThrownBy(() -> NoiseHandshakePayload.decode(longKey))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("identity_key");

    // A length prefix claiming 2 GiB is rejected from the prefix alone.
    byte[] claim = {0x12, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
    assertThatThrownBy(() -> NoiseHandshakePayload.decode(claim))
        .isInstanceOf(LimitExceededException.class);

    List<String> muxers = java.util.Collections.nCopies(33, "/m");
    byte[] many = new NoiseHandshakePayload(new byte[0], new byte[0], List.of(), muxers).encode();
    assertThatThrownBy(() -> NoiseHandshakePayload.decode(many))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("stream_muxers");
  }

  @Test
  void malformedInputIsThePeersFault() {
    assertThatThrownBy(() -> NoiseHandshakePayload.decode(new byte[] {0x0a, 0x05, 1, 2}))
        .isInstanceOf(BadPeerException.class)
        .hasMessageContaining("malformed");
    assertThatThrownBy(() -> NoiseHandshakePayload.decode(new byte[] {0x00}))
        .isInstanceOf(BadPeerException.class);
    assertThatThrownBy(() -> NoiseHandshakePayload.decode(new byte[] {0x0c}))
        .isInstanceOf(BadPeerException.class);
    assertThat(NoiseHandshakePayload.decode(new byte[0]).identityKey()).isEmpty();
  }

  @Property(tries = 2000)
  void arbitraryBytesDecodeOrFailAsThePeersFault(@ForAll @Size(max = 300) byte[] input) {
    try {
      NoiseHandshakePayload.decode(input);
    } catch (BadPeerException expected) {
      // the only acceptable failure
    }
  }
}
