package org.peerprobe.consensus.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.canonical.Domain;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.testing.Tamper;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/** The signed bundle: round trip, who may sign it, which versions a node accepts, tampering. */
class SignedBundleTest {
  private static final Ed25519PublicKey OPERATOR = TestKeys.operator().publicKey();

  private static Rejection rejection(Validated<?> v) {
    assertThat(v).isInstanceOf(Validated.Invalid.class);
    return ((Validated.Invalid<?>) v).rejection();
  }

  @Test
  void roundTripsToTheSameValueAndBytes() {
    SignedBundle s = BundleSamples.signed();
    SignedBundle back = SignedBundle.decode(s.encode()).orElseThrow();
    assertThat(back).isEqualTo(s);
    assertThat(back.encode()).isEqualTo(s.encode());
    assertThat(back.bundle().networkId()).isEqualTo("example-de");
    assertThat(back.bundle().version()).isEqualTo(3);
    assertThat(back.bundle().front("cf-front")).contains(BundleSamples.cf());
    assertThat(back.bundle().routers())
        .extracting(Router::name)
        .containsExactly("api-router", "web-router");
    assertThat(back.bundle().fronts())
        .extracting(Front::id)
        .containsExactly("cdn2-front", "cf-front");
    assertThat(back.verify(OPERATOR, Optional.empty()).orElseThrow()).isEqualTo(s.bundle());
  }

  @Test
  void isSignedUnderTheBundleDomainOnly() {
    NetworkBundle b = BundleSamples.bundle();
    assertThat(new String(b.signingInput(), StandardCharsets.UTF_8))
        .startsWith("peerprobe:bundle:v1\n{");
    assertThat(Domain.BUNDLE.prefix()).isEqualTo("peerprobe:bundle:v1\n");
    // The roster inside, signed as a roster, is not a signed bundle.
    SignedRoster asRoster = SignedRoster.sign(b.roster(), TestKeys.operator());
    SignedBundle forged = new SignedBundle(b, asRoster.signature());
    assertThat(rejection(forged.verify(OPERATOR, Optional.empty())))
        .isEqualTo(Rejection.BAD_SIGNATURE);
  }

  @Test
  void onlyTheTrustedOperatorMaySign() {
    assertThat(
            rejection(
                BundleSamples.signed().verify(TestKeys.signer().publicKey(), Optional.empty())))
        .isEqualTo(Rejection.NOT_THE_OPERATOR);
    assertThatThrownBy(() -> SignedBundle.sign(BundleSamples.bundle(), TestKeys.signer()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operator");
    SignedBundle v4 = SignedBundle.sign(BundleSamples.bundle().withVersion(4), TestKeys.operator());
    SignedBundle swapped = new SignedBundle(v4.bundle(), BundleSamples.signed().signature());
    assertThat(rejection(swapped.verify(OPERATOR, Optional.empty())))
        .isEqualTo(Rejection.BAD_SIGNATURE);
  }

  @Test
  void aNodeAcceptsOnlyAHigherVersionOfItsOwnNetwork() {
    NetworkBundle held = BundleSamples.bundle();
    SignedBundle same = BundleSamples.signed();
    assertThat(rejection(same.verify(OPERATOR, Optional.of(held))))
        .isEqualTo(Rejection.STALE_VERSION);
    SignedBundle older = SignedBundle.sign(held.withVersion(2), TestKeys.operator());
    assertThat(rejection(older.verify(OPERATOR, Optional.of(held))))
        .isEqualTo(Rejection.STALE_VERSION);
    SignedBundle newer = SignedBundle.sign(held.withVersion(4), TestKeys.operator());
    assertThat(newer.verify(OPERATOR, Optional.of(held)).orElseThrow().version()).isEqualTo(4);
    assertThat(newer.bundle().roster().version()).isEqualTo(4);
    NetworkBundle elsewhere =
        held.toBuilder()
            .roster(held.roster().toBuilder().networkId("other-net").version(9).build())
            .build();
    assertThat(
            rejection(
                SignedBundle.sign(elsewhere, TestKeys.operator())
                    .verify(OPERATOR, Optional.of(held))))
        .isEqualTo(Rejection.WRONG_NETWORK);
  }

  @Test
  void everySingleByteChangeIsRefused() {
    byte[] original = BundleSamples.signed().encode();
    assertThat(accepts(original)).isTrue();
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < original.length; i++) {
      for (int mask : Tamper.masks(i)) {
        if (accepts(Tamper.flip(original, i, mask))) {
          accepted.add("byte " + i + " ^ 0x" + Integer.toHexString(mask));
        }
      }
    }
    assertThat(accepted).as("tampered encodings that were accepted").isEmpty();
  }

  private static boolean accepts(byte[] bytes) {
    return SignedBundle.decode(bytes).flatMap(s -> s.verify(OPERATOR, Optional.empty())).isValid();
  }

  @Test
  void oversizedInputIsRefusedBeforeParsing() {
    byte[] big = new byte[NetworkBundle.MAX_ENCODED_BYTES + 1];
    assertThat(rejection(SignedBundle.decode(big))).isEqualTo(Rejection.TOO_LARGE);
  }
}
