package org.peerprobe.consensus.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.validation.Validated;

/**
 * Every truncation and many single-byte substitutions of valid encodings: decoders return a typed
 * result and never throw, and whatever they accept re-encodes to input they accept again.
 */
class DecoderRobustnessTest {
  private static final byte[] MANY = {'"', '}', ',', '0', '\\', (byte) 0x80};

  /** Fewer for the large records, whose many keys make each decode slow. */
  private static final byte[] FEW = {'"', '0'};

  private static <T> int mutate(
      byte[] valid,
      byte[] substitutes,
      Function<byte[], Validated<T>> decode,
      Function<T, byte[]> encode) {
    int accepted = 0;
    for (int i = 0; i < valid.length; i++) {
      accepted += check(Arrays.copyOf(valid, i), decode, encode);
      for (byte b : substitutes) {
        if (valid[i] != b) {
          byte[] m = valid.clone();
          m[i] = b;
          accepted += check(m, decode, encode);
        }
      }
    }
    return accepted;
  }

  private static <T> int check(
      byte[] input, Function<byte[], Validated<T>> decode, Function<T, byte[]> encode) {
    Validated<T> v = decode.apply(input);
    if (!v.isValid()) {
      return 0;
    }
    T value = v.orElseThrow();
    assertThat(decode.apply(encode.apply(value)).orElseThrow()).isEqualTo(value);
    return 1;
  }

  private static <T> void survives(
      Supplier<byte[]> valid,
      byte[] substitutes,
      Function<byte[], Validated<T>> decode,
      Function<T, byte[]> encode) {
    byte[] bytes = valid.get();
    int accepted = mutate(bytes, substitutes, decode, encode);
    // Some substitutions are harmless (a digit for a digit, a hex letter for another)...
    assertThat(accepted).isPositive();
    // ...but most are not.
    assertThat(accepted).isLessThan(bytes.length * substitutes.length / 2);
  }

  @Test
  void signedReports() {
    survives(
        () -> Samples.signedReport().encode(), MANY, SignedReport::decode, SignedReport::encode);
  }

  @Test
  void signedRosters() {
    survives(
        () -> Samples.signedRoster().encode(), FEW, SignedRoster::decode, SignedRoster::encode);
  }

  @Test
  void signedDecisions() {
    survives(
        () -> Samples.signedDecision().encode(),
        MANY,
        SignedDecision::decode,
        SignedDecision::encode);
  }

  @Test
  void certificates() {
    survives(
        () -> Samples.certificate().encode(),
        FEW,
        QuorumCertificate::decode,
        QuorumCertificate::encode);
  }
}
