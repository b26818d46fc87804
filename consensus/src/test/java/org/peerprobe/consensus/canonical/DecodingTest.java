package org.peerprobe.consensus.canonical;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

class DecodingTest {
  private static final Decoding.Reader<Long> ROUND =
      (node, path) -> Fields.of(node, path, java.util.Set.of("round")).integer("round", 0, 100);

  private static final Decoding.Reader<Long> NEVER =
      (node, path) -> {
        throw new AssertionError("the reader must not run");
      };

  @Test
  void readsValidInput() {
    assertThat(Decoding.decode("{\"round\":7}".getBytes(UTF_8), 100, "thing", ROUND))
        .isEqualTo(Validated.valid(7L));
  }

  @Test
  void refusesOversizeInputBeforeParsingIt() {
    byte[] garbage = "{{{{{{{{{{{".getBytes(UTF_8);
    assertThat(Decoding.decode(garbage, 10, "thing", NEVER))
        .isEqualTo(Validated.invalid(Rejection.TOO_LARGE, "thing has 11 bytes, limit 10"));
  }

  @Test
  void acceptsInputOfExactlyTheLimit() {
    byte[] bytes = "{\"round\":7}".getBytes(UTF_8);
    assertThat(Decoding.decode(bytes, bytes.length, "thing", ROUND).isValid()).isTrue();
  }

  @Test
  void reportsParseErrorsAsMalformedUnderTheRootName() {
    Validated<Long> v = Decoding.decode("{\"round\":7.5}".getBytes(UTF_8), 100, "thing", NEVER);
    assertThat(v)
        .isEqualTo(
            Validated.invalid(
                Rejection.MALFORMED, "thing.round: floating-point numbers are not allowed"));
  }

  @Test
  void reportsReaderErrorsWithTheirFieldPath() {
    assertThat(Decoding.decode("{\"round\":700}".getBytes(UTF_8), 100, "thing", ROUND))
        .isEqualTo(
            Validated.invalid(Rejection.MALFORMED, "thing.round: must be in 0..100, was 700"));
    assertThat(Decoding.decode("{\"round\":1,\"x\":1}".getBytes(UTF_8), 100, "thing", ROUND))
        .isEqualTo(Validated.invalid(Rejection.MALFORMED, "thing.x: unknown field"));
  }

  @Test
  void turnsConstructorRefusalsIntoMalformed() {
    Decoding.Reader<Long> refusing =
        (node, path) -> {
          throw new IllegalArgumentException("from and to must differ");
        };
    assertThat(Decoding.decode("{}".getBytes(UTF_8), 100, "thing", refusing))
        .isEqualTo(Validated.invalid(Rejection.MALFORMED, "thing: from and to must differ"));
    assertThat(Decoding.read(CanonicalJson.object(), "thing", refusing))
        .isEqualTo(Validated.invalid(Rejection.MALFORMED, "thing: from and to must differ"));
  }

  @Test
  void readsParsedTrees() {
    assertThat(Decoding.read(CanonicalJson.object().put("round", 3), "t", ROUND))
        .isEqualTo(Validated.valid(3L));
    assertThat(Decoding.read(CanonicalJson.object(), "t", ROUND))
        .isEqualTo(Validated.invalid(Rejection.MALFORMED, "t.round: missing"));
  }
}
