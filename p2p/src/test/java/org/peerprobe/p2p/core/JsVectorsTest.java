package org.peerprobe.p2p.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Java's keys and PeerIds against the known answers computed by the pinned js-libp2p packages
 * ({@code js-vectors.json}, made by {@code p2p/src/test/js/vectors.mjs}). Needs no Node.js.
 */
class JsVectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static JsonNode vectors;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = JsVectorsTest.class.getResourceAsStream("/js-vectors.json")) {
      assertThat(in).as("js-vectors.json on the test classpath").isNotNull();
      vectors = new ObjectMapper().readTree(in);
    }
  }

  @Test
  void ed25519IdentitiesMatchJs() {
    int checked = 0;
    for (JsonNode id : vectors.path("identities")) {
      if (!"Ed25519".equals(id.path("keyType").asText())) {
        continue;
      }
      HostKey key = HostKey.fromSeed(HEX.parseHex(id.path("seed").asText()));
      assertThat(key.peerId().toString())
          .as(id.path("name").asText())
          .isEqualTo(text(id, "peerId"));
      assertThat(HEX.formatHex(key.peerId().bytes())).isEqualTo(text(id, "peerIdMultihash"));
      assertThat(key.peerId().toCid()).isEqualTo(text(id, "peerIdCid"));
      assertThat(PeerId.parse(text(id, "peerIdCid"))).isEqualTo(key.peerId());
      assertThat(HEX.formatHex(key.publicKeyProtobuf())).isEqualTo(text(id, "publicKeyProtobuf"));
      assertThat(HEX.formatHex(key.privateKeyProtobuf())).isEqualTo(text(id, "privateKeyProtobuf"));
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(4);
  }

  @Test
  void gossipSignaturesAndMessageIdsMatchJs() {
    int checked = 0;
    for (JsonNode m : vectors.path("gossipsub").path("messages")) {
      HostKey key = HostKey.fromSeed(HEX.parseHex(text(m, "seed")));
      byte[] signingInput = HEX.parseHex(text(m, "signingInput"));
      assertThat(text(m, "signingInput"))
          .isEqualTo(text(vectors.path("gossipsub"), "signPrefix") + text(m, "unsignedMessage"));
      assertThat(HEX.formatHex(key.sign(signingInput))).isEqualTo(text(m, "signature"));
      assertThat(HostKey.verify(key.publicKey(), signingInput, HEX.parseHex(text(m, "signature"))))
          .isTrue();
      assertThat(HEX.formatHex(key.peerId().bytes())).isEqualTo(text(m, "fromBytes"));
      // js's default StrictSign message id: PublicKey protobuf ‖ seqno.
      assertThat(text(m, "msgId"))
          .isEqualTo(HEX.formatHex(key.publicKeyProtobuf()) + text(m, "seqno"));
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(3);
  }

  private static String text(JsonNode node, String field) {
    assertThat(node.has(field)).as("vector field " + field).isTrue();
    return node.path(field).asText();
  }
}
