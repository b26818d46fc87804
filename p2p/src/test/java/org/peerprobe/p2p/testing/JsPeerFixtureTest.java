package org.peerprobe.p2p.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peerprobe.p2p.testing.JsPeer.isEvent;
import static org.peerprobe.p2p.testing.JsPeer.isMessage;
import static org.peerprobe.p2p.testing.JsPeer.isSubscribed;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.multiformats.PeerIdCodec;

/**
 * Proves the js-libp2p harness on its own: two js peers driven through {@link JsPeer} connect,
 * identify, ping and gossip with each other over loopback. (Java-vs-js interop tests build on it.)
 */
class JsPeerFixtureTest {
  private static final String TOPIC = "peerprobe/fixture-test";
  private static final String SEED_00_1F =
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  private static final String PEER_ID_00_1F =
      "12D3KooWA4Xop1JaT3MHxwYMkCepYsv4iPVopMXwCz5iHYdBfeSB";

  @Test
  void twoJsPeersConnectPingAndGossip() {
    List<JsPeer> started =
        JsPeer.startAll(
            JsPeer.builder().name("A").seedHex(SEED_00_1F).topic(TOPIC),
            JsPeer.builder().name("B").seed(new byte[32]).topic(TOPIC));
    try (JsPeer a = started.get(0);
        JsPeer b = started.get(1)) {
      assertThat(a.peerId()).isEqualTo(PEER_ID_00_1F);
      assertThat(a.listenAddr()).startsWith("/ip4/127.0.0.1/tcp/").endsWith("/p2p/" + a.peerId());
      assertThat(a.protocols())
          .contains("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", "/meshsub/1.1.0", "/meshsub/1.0.0");

      assertThat(a.dial(b.listenAddr())).isEqualTo(b.peerId());
      JsonNode inbound = b.awaitEvent(isEvent("connected", a.peerId()), JsPeer.DEFAULT_TIMEOUT);
      assertThat(inbound.path("direction").asText()).isEqualTo("inbound");

      JsonNode identifyB = a.awaitEvent(isEvent("identify", b.peerId()));
      assertThat(identifyB.path("agentVersion").asText()).startsWith("js-libp2p/3.3.11 ");
      assertThat(texts(identifyB.path("protocols"))).contains("/meshsub/1.1.0", "/ipfs/ping/1.0.0");
      b.awaitEvent(isEvent("identify", a.peerId()));

      assertThat(a.ping(b.peerId())).isNotNegative();
      assertThat(b.pingAddr(a.listenAddr())).isNotNegative();

      // Publishing before the remote subscription is known would reach nobody.
      a.awaitEvent(isSubscribed(b.peerId(), TOPIC));
      b.awaitEvent(isSubscribed(a.peerId(), TOPIC));

      assertThat(a.publish(TOPIC, "hello from A")).containsExactly(b.peerId());
      JsonNode atB = b.awaitEvent(isMessage(TOPIC));
      assertThat(atB.path("from").asText()).isEqualTo(a.peerId());
      assertThat(atB.path("data").asText()).isEqualTo("hello from A");
      assertThat(atB.path("signatureValid").asBoolean()).isTrue();
      assertThat(atB.path("msgId").asText()).isEqualTo(jsMessageId(a.peerId(), atB));

      byte[] binary = {0, 1, (byte) 0xfe, (byte) 0xff};
      assertThat(b.publish(TOPIC, binary)).containsExactly(a.peerId());
      JsonNode atA = a.awaitEvent(isMessage(TOPIC));
      assertThat(atA.path("from").asText()).isEqualTo(b.peerId());
      assertThat(atA.path("dataHex").asText()).isEqualTo("0001feff");
      assertThat(atA.path("data").isNull()).as("not UTF-8, so no text form").isTrue();
      assertThat(atA.path("signatureValid").asBoolean()).isTrue();
      assertThat(atA.path("msgId").asText()).isEqualTo(jsMessageId(b.peerId(), atA));

      JsonNode peers = a.peers();
      assertThat(texts(peers.path("topics").path(TOPIC))).containsExactly(b.peerId());

      a.stop();
      assertThat(a.isAlive()).isFalse();
      assertThat(a.exitValue()).isZero();
      List<JsonNode> events = a.events();
      assertThat(events.get(events.size() - 1).path("event").asText()).isEqualTo("stopped");
      assertThat(events).noneMatch(isEvent("error")).noneMatch(isEvent("invalid-line"));
      b.awaitEvent(isEvent("disconnected", a.peerId()));
    }
  }

  @Test
  void failsLoudlyWhenTheFixturePackagesAreMissing(@TempDir Path dir) throws Exception {
    Files.copy(JsPeer.defaultFixtureDir().resolve("peer.mjs"), dir.resolve("peer.mjs"));
    assertThatThrownBy(() -> JsPeer.builder().fixtureDir(dir).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("node_modules")
        .hasMessageContaining("bash .ci/run")
        .hasMessageContaining("npm ci");
  }

  @Test
  void failsLoudlyWhenNodeIsMissing(@TempDir Path dir) {
    assertThatThrownBy(
            () -> JsPeer.builder().nodeBinary(dir.resolve("no-such-node").toString()).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Node.js is required")
        .hasMessageContaining("bash .ci/run");
  }

  /** js's default StrictSign message id: PublicKey protobuf (PeerId minus 0x0024) ‖ seqno. */
  private static String jsMessageId(String author, JsonNode message) {
    byte[] mh = PeerIdCodec.parse(author);
    String publicKeyProtobuf = HexFormat.of().formatHex(mh, 2, mh.length);
    return publicKeyProtobuf + message.path("seqno").asText();
  }

  private static List<String> texts(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }
}
