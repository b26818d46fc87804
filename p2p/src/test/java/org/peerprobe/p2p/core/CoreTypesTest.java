package org.peerprobe.p2p.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CoreTypesTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void hostKeyOfTheSpecVector() {
    HostKey key =
        HostKey.fromSeed(
            HEX.parseHex("7e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d"));
    assertThat(key.peerId().toString())
        .isEqualTo("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
    assertThat(HEX.formatHex(key.privateKeyProtobuf()))
        .isEqualTo(
            "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d"
                + "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
    assertThat(HostKey.ed25519FromProtobuf(key.publicKeyProtobuf())).isEqualTo(key.publicKey());
    byte[] sig = key.sign(new byte[] {1, 2, 3});
    assertThat(HostKey.verify(key.publicKey(), new byte[] {1, 2, 3}, sig)).isTrue();
    assertThat(HostKey.verify(key.publicKey(), new byte[] {1, 2, 4}, sig)).isFalse();
    assertThat(key.toString()).doesNotContain("7e0830617c");
  }

  @Test
  void nonEd25519KeysAreThePeersFault() {
    assertThatThrownBy(() -> HostKey.ed25519FromProtobuf(new byte[] {0x08, 0x00, 0x12, 0x01, 0}))
        .isInstanceOf(BadPeerException.class)
        .hasMessageContaining("Ed25519");
  }

  @Test
  void multiaddrStringAndBinaryRoundTrip() {
    String text =
        "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";
    Multiaddr a = Multiaddr.parse(text);
    assertThat(a.toString()).isEqualTo(text);
    assertThat(Multiaddr.fromBytes(a.toBytes())).isEqualTo(a);
    assertThat(HEX.formatHex(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001").toBytes()))
        .isEqualTo("047f000001060fa1");
    assertThat(a.peerId())
        .contains(PeerId.parse("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq"));
    assertThat(a.tcpAddress().orElseThrow().getPort()).isEqualTo(4001);
    assertThat(a.withoutPeerId().toString()).isEqualTo("/ip4/127.0.0.1/tcp/4001");
  }

  @Test
  void multiaddrDnsAndIp6() {
    Multiaddr d = Multiaddr.parse("/dns4/cf-front.example.de/tcp/443");
    assertThat(Multiaddr.fromBytes(d.toBytes())).isEqualTo(d);
    Multiaddr v6 = Multiaddr.parse("/ip6/::1/tcp/1");
    assertThat(Multiaddr.fromBytes(v6.toBytes())).isEqualTo(v6);
  }

  @Test
  void badMultiaddrsNameTheProblem() {
    assertThatThrownBy(() -> Multiaddr.parse("ip4/1.2.3.4")).hasMessageContaining("starts with");
    assertThatThrownBy(() -> Multiaddr.parse("/ip4/1.2.3.400/tcp/1")).hasMessageContaining("ip4");
    assertThatThrownBy(() -> Multiaddr.parse("/udp/53")).hasMessageContaining("unsupported");
    assertThatThrownBy(() -> Multiaddr.parse("/tcp/70000")).hasMessageContaining("range");
    assertThatThrownBy(() -> Multiaddr.fromBytes(new byte[] {4, 127}))
        .isInstanceOf(BadPeerException.class);
    assertThatThrownBy(() -> Multiaddr.fromBytes(new byte[2000]))
        .isInstanceOf(BadPeerException.class);
  }
}
