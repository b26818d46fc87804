package org.peerprobe.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MultiformatsTest {
  private static final HexFormat HEX = HexFormat.of();

  @Property(tries = 300)
  void base58RoundTrips(@ForAll @Size(max = 64) byte[] bytes) {
    assertThat(Base58.decode(Base58.encode(bytes))).isEqualTo(bytes);
  }

  @Property(tries = 300)
  void base32RoundTrips(@ForAll @Size(max = 64) byte[] bytes) {
    assertThat(Base32.decode(Base32.encode(bytes))).isEqualTo(bytes);
  }

  @Property(tries = 300)
  void varintRoundTripsMinimally(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long v) {
    byte[] enc = UnsignedVarint.encode(v);
    int[] used = new int[1];
    assertThat(UnsignedVarint.decode(enc, 0, used)).isEqualTo(v);
    assertThat(used[0]).isEqualTo(enc.length).isEqualTo(UnsignedVarint.encodedLength(v));
  }

  @Test
  void knownBase58Vectors() {
    assertThat(Base58.encode("Hello World!".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .isEqualTo("2NEpo7TZRRrLZSi2U");
    assertThat(Base58.encode(new byte[] {0, 0, 1})).isEqualTo("112");
    assertThatThrownBy(() -> Base58.decode("0OIl")).hasMessageContaining("invalid base58");
  }

  @Test
  void varintRejectsTruncatedOverlongAndNonMinimal() {
    int[] used = new int[1];
    assertThat(UnsignedVarint.decode(new byte[] {(byte) 0xac, 0x02}, 0, used)).isEqualTo(300);
    assertThatThrownBy(() -> UnsignedVarint.decode(new byte[] {(byte) 0x80}, 0, used))
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> UnsignedVarint.decode(new byte[] {(byte) 0x80, 0x00}, 0, used))
        .hasMessageContaining("non-minimal");
    byte[] tenBytes = new byte[10];
    java.util.Arrays.fill(tenBytes, (byte) 0xff);
    assertThatThrownBy(() -> UnsignedVarint.decode(tenBytes, 0, used))
        .hasMessageContaining("longer than");
  }

  @Test
  void peerIdOfTheSpecKeyInBothForms() {
    byte[] key = HEX.parseHex("1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
    byte[] mh = PeerIdCodec.multihash(key);
    assertThat(PeerIdCodec.toBase58(mh))
        .isEqualTo("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
    assertThat(PeerIdCodec.parse(PeerIdCodec.toCid(mh))).isEqualTo(mh);
    assertThat(PeerIdCodec.ed25519Key(PeerIdCodec.parse(PeerIdCodec.toBase58(mh)))).isEqualTo(key);
  }

  @Test
  void rsaStylePeerIdsParseButHoldNoEd25519Key() {
    byte[] mh = PeerIdCodec.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
    assertThat(mh[0]).isEqualTo((byte) 0x12);
    assertThatThrownBy(() -> PeerIdCodec.ed25519Key(mh)).hasMessageContaining("identity");
  }
}
