package org.peerprobe.consensus.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.crypto.Ed25519Signature;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/** The operator command's encoding and who may sign it. */
class SignedOperatorCommandTest {
  static final Roster ROSTER = TestNetwork.of(4, 2).roster();
  static final OperatorCommand PIN =
      OperatorCommand.pin(TestNetwork.NETWORK_ID, "web-router", TestNetwork.SECONDARY, 1_000);

  private static Rejection rejection(Validated<?> v) {
    assertThat(v).isInstanceOf(Validated.Invalid.class);
    return ((Validated.Invalid<?>) v).rejection();
  }

  @Test
  void theOperatorsCommandVerifiesAndRoundTrips() {
    SignedOperatorCommand c = SignedOperatorCommand.sign(PIN, TestKeys.operator());
    assertThat(c.verify(ROSTER).orElseThrow().command()).isEqualTo(PIN);
    SignedOperatorCommand back = SignedOperatorCommand.decode(c.encode()).orElseThrow();
    assertThat(back).isEqualTo(c);
    assertThat(back.id()).isEqualTo(PIN.id()).hasSize(64);
    assertThat(new String(c.encode(), UTF_8))
        .startsWith("{\"command\":{\"action\":\"PIN\",\"front\":\"cdn2-front\",");
  }

  @Test
  void aCommandSignedByAnyoneButTheOperatorIsRefused() {
    assertThat(rejection(SignedOperatorCommand.sign(PIN, TestKeys.signer()).verify(ROSTER)))
        .isEqualTo(Rejection.NOT_THE_OPERATOR);
    assertThat(rejection(SignedOperatorCommand.sign(PIN, TestKeys.outsider(3)).verify(ROSTER)))
        .isEqualTo(Rejection.NOT_THE_OPERATOR);
    // claims the operator's key, signed by another
    SignedOperatorCommand forged =
        new SignedOperatorCommand(
            PIN,
            TestKeys.operator().publicKey(),
            Ed25519Signature.sign(TestKeys.outsider(3), PIN.signingInput()));
    assertThat(rejection(forged.verify(ROSTER))).isEqualTo(Rejection.BAD_SIGNATURE);
    // the operator's signature over another command
    SignedOperatorCommand moved =
        new SignedOperatorCommand(
            OperatorCommand.unpin(TestNetwork.NETWORK_ID, "web-router", 1_000),
            TestKeys.operator().publicKey(),
            SignedOperatorCommand.sign(PIN, TestKeys.operator()).signature());
    assertThat(rejection(moved.verify(ROSTER))).isEqualTo(Rejection.BAD_SIGNATURE);
  }

  @Test
  void aCommandForAnotherNetworkIsRefused() {
    OperatorCommand other = OperatorCommand.failback("other-net", "web-router", 1_000);
    assertThat(rejection(SignedOperatorCommand.sign(other, TestKeys.operator()).verify(ROSTER)))
        .isEqualTo(Rejection.WRONG_NETWORK);
  }

  @Test
  void decodingIsStrictAndBounded() {
    String text = new String(SignedOperatorCommand.sign(PIN, TestKeys.operator()).encode(), UTF_8);
    assertThat(
            rejection(
                SignedOperatorCommand.decode(text.replace("\"PIN\"", "\"UNPIN\"").getBytes(UTF_8))))
        .isEqualTo(Rejection.MALFORMED);
    assertThat(
            rejection(
                SignedOperatorCommand.decode(
                    text.replace("{\"command\":{", "{\"command\":{\"x\":1,").getBytes(UTF_8))))
        .isEqualTo(Rejection.MALFORMED);
    assertThat(
            rejection(
                SignedOperatorCommand.decode(
                    text.replace("\"issuedAtMs\":1000", "\"issuedAtMs\":-1").getBytes(UTF_8))))
        .isEqualTo(Rejection.MALFORMED);
    byte[] big = Arrays.copyOf(text.getBytes(UTF_8), SignedOperatorCommand.MAX_ENCODED_BYTES + 1);
    Arrays.fill(big, text.length(), big.length, (byte) ' ');
    assertThat(rejection(SignedOperatorCommand.decode(big))).isEqualTo(Rejection.TOO_LARGE);
    byte[] fits = Arrays.copyOf(big, SignedOperatorCommand.MAX_ENCODED_BYTES);
    assertThat(SignedOperatorCommand.decode(fits).isValid()).isTrue();
  }
}
