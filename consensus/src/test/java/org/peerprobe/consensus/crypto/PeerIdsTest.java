package org.peerprobe.consensus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PeerIdsTest {
  private static final HexFormat HEX = HexFormat.of();

  /** libp2p specs, peer-ids/peer-ids.md: the Ed25519 key vector. */
  @Test
  void specVectorDerivesTheSamePeerIdAsJsLibp2p() {
    Ed25519KeyPair key =
        Ed25519KeyPair.fromSeed(
            HEX.parseHex("7e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d"));
    assertThat(HEX.formatHex(PeerIds.protobufPublicKey(key.publicKey())))
        .isEqualTo("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
    assertThat(key.publicKey().peerId())
        .isEqualTo("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
  }

  /** js-libp2p: generateKeyPairFromSeed('Ed25519', 00..1f). */
  @Test
  void seedZeroToThirtyOneMatchesJsLibp2p() {
    byte[] seed = new byte[32];
    for (int i = 0; i < 32; i++) {
      seed[i] = (byte) i;
    }
    assertThat(Ed25519KeyPair.fromSeed(seed).publicKey().peerId())
        .isEqualTo("12D3KooWA4Xop1JaT3MHxwYMkCepYsv4iPVopMXwCz5iHYdBfeSB");
  }

  @Test
  void bothStringFormsParseBackToTheKey() {
    Ed25519PublicKey key =
        Ed25519PublicKey.fromHex(
            "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
    assertThat(PeerIds.parse(key.peerId())).isEqualTo(key);
    String cid = PeerIds.toCid(key);
    assertThat(cid).startsWith("bafz");
    assertThat(PeerIds.parse(cid)).isEqualTo(key);
  }

  @Test
  void garbageIsRejectedWithAReason() {
    assertThatThrownBy(() -> PeerIds.parse("12D3KooW0OIl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("base58");
    assertThatThrownBy(() -> PeerIds.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"))
        .hasMessageContaining("identity multihash");
    assertThatThrownBy(() -> PeerIds.parse("x" + "1".repeat(200))).hasMessageContaining("chars");
  }
}
