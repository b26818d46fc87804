package org.peerprobe.p2p.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Noise core against the cacophony known-answer vector for {@code
 * Noise_XX_25519_ChaChaPoly_SHA256} (prologue "John Galt", fixed keys); see the resource file for
 * its source.
 */
class NoiseCacophonyVectorTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Properties VECTOR = new Properties();

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        NoiseCacophonyVectorTest.class.getResourceAsStream(
            "cacophony-XX_25519_ChaChaPoly_SHA256.properties")) {
      VECTOR.load(in);
    }
  }

  private static byte[] hex(String key) {
    String v = VECTOR.getProperty(key);
    assertThat(v).as(key).isNotNull();
    return HEX.parseHex(v);
  }

  private static NoiseXXState side(String prefix, boolean initiator) {
    return new NoiseXXState(
        initiator,
        hex(prefix + "_prologue"),
        NoiseKeyPair.fromPrivateKey(hex(prefix + "_static")),
        NoiseKeyPair.fromPrivateKey(hex(prefix + "_ephemeral")));
  }

  @Test
  void vectorIsTheOneThisPackageImplements() {
    assertThat(VECTOR.getProperty("protocol_name")).isEqualTo(NoiseXXHandshake.PROTOCOL_NAME);
    assertThat(new String(hex("init_prologue"), java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("John Galt");
  }

  @Test
  void handshakeAndTransportMessagesMatchTheVector() {
    NoiseXXState initiator = side("init", true);
    NoiseXXState responder = side("resp", false);

    for (int i = 0; i < 3; i++) {
      NoiseXXState writer = i % 2 == 0 ? initiator : responder;
      NoiseXXState reader = i % 2 == 0 ? responder : initiator;
      byte[] payload = hex("message." + i + ".payload");
      byte[] message = writer.writeMessage(payload);
      assertThat(HEX.formatHex(message))
          .as("handshake message %d", i)
          .isEqualTo(VECTOR.getProperty("message." + i + ".ciphertext"));
      assertThat(reader.readMessage(message)).as("payload %d", i).isEqualTo(payload);
    }

    assertThat(initiator.isComplete()).isTrue();
    assertThat(responder.isComplete()).isTrue();
    assertThat(HEX.formatHex(initiator.handshakeHash()))
        .isEqualTo(VECTOR.getProperty("handshake_hash"))
        .startsWith("c8e5f64e")
        .endsWith("b2f1f58e");
    assertThat(responder.handshakeHash()).isEqualTo(initiator.handshakeHash());
    assertThat(initiator.remoteStaticKey()).isEqualTo(responder.localStaticKey());
    assertThat(responder.remoteStaticKey()).isEqualTo(initiator.localStaticKey());

    for (int i = 3; i < 6; i++) {
      boolean fromInitiator = i % 2 == 0; // messages keep alternating after the handshake
      NoiseCipherState send = fromInitiator ? initiator.sendCipher() : responder.sendCipher();
      NoiseCipherState receive =
          fromInitiator ? responder.receiveCipher() : initiator.receiveCipher();
      byte[] payload = hex("message." + i + ".payload");
      byte[] ciphertext = send.encrypt(null, payload);
      assertThat(HEX.formatHex(ciphertext))
          .as("transport message %d", i)
          .isEqualTo(VECTOR.getProperty("message." + i + ".ciphertext"));
      assertThat(receive.decrypt(null, ciphertext, 0, ciphertext.length)).isEqualTo(payload);
    }
  }

  @Test
  void eachSideReproducesTheVectorAlone() {
    // The responder alone, fed the vector's initiator messages, writes the vector's reply.
    NoiseXXState responder = side("resp", false);
    responder.readMessage(hex("message.0.ciphertext"));
    assertThat(responder.writeMessage(hex("message.1.payload")))
        .isEqualTo(hex("message.1.ciphertext"));
    assertThat(responder.readMessage(hex("message.2.ciphertext")))
        .isEqualTo(hex("message.2.payload"));
    assertThat(HEX.formatHex(responder.handshakeHash()))
        .isEqualTo(VECTOR.getProperty("handshake_hash"));

    NoiseXXState initiator = side("init", true);
    initiator.writeMessage(hex("message.0.payload"));
    assertThat(initiator.readMessage(hex("message.1.ciphertext")))
        .isEqualTo(hex("message.1.payload"));
    assertThat(initiator.writeMessage(hex("message.2.payload")))
        .isEqualTo(hex("message.2.ciphertext"));
    byte[] fromResponder = hex("message.3.ciphertext");
    assertThat(initiator.receiveCipher().decrypt(null, fromResponder, 0, fromResponder.length))
        .isEqualTo(hex("message.3.payload"));
    assertThat(initiator.sendCipher().encrypt(null, hex("message.4.payload")))
        .isEqualTo(hex("message.4.ciphertext"));
  }
}
