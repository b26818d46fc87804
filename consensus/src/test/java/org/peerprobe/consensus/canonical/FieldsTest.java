package org.peerprobe.consensus.canonical;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.crypto.Ed25519Signature;
import org.peerprobe.consensus.model.Status;

class FieldsTest {
  private static final String KEY = Ed25519KeyPair.fromSeed(new byte[32]).publicKey().hex();

  private static Fields fields(String json, String... allowed) {
    JsonNode node = CanonicalJson.parse(json.getBytes(UTF_8), 1 << 16);
    return Fields.of(node, "obj", Set.of(allowed));
  }

  @Test
  void rejectsUnknownFieldsAndNonObjects() {
    assertThatThrownBy(() -> fields("{\"a\":1,\"b\":2}", "a"))
        .isInstanceOf(DecodeException.class)
        .hasMessage("obj.b: unknown field");
    assertThatThrownBy(() -> fields("[1]", "a")).hasMessage("obj: expected an object");
    assertThatThrownBy(() -> Fields.of(null, "obj", Set.of()))
        .hasMessage("obj: expected an object");
  }

  @Test
  void namesMissingFields() {
    assertThatThrownBy(() -> fields("{}", "a").text("a", 5)).hasMessage("obj.a: missing");
  }

  @Test
  void readsBoundedText() {
    Fields f = fields("{\"a\":\"abcde\",\"e\":\"\",\"n\":5}", "a", "e", "n");
    assertThat(f.text("a", 5)).isEqualTo("abcde");
    assertThatThrownBy(() -> f.text("a", 4)).hasMessage("obj.a: length must be 1..4");
    assertThatThrownBy(() -> f.text("e", 4)).hasMessage("obj.e: length must be 1..4");
    assertThatThrownBy(() -> f.text("n", 4)).hasMessage("obj.n: expected a string");
    assertThatThrownBy(() -> f.text("a", 5, Pattern.compile("[a-d]+"), "a to d"))
        .hasMessage("obj.a: must be a to d");
  }

  @Test
  void readsEnumsCaseSensitively() {
    Fields f = fields("{\"s\":\"DOWN\",\"t\":\"down\"}", "s", "t");
    assertThat(f.enumValue("s", Status.class)).isEqualTo(Status.DOWN);
    assertThatThrownBy(() -> f.enumValue("t", Status.class))
        .hasMessage("obj.t: unknown value 'down'");
  }

  @Test
  void readsIntegersInRange() {
    Fields f = fields("{\"i\":5,\"s\":\"5\",\"b\":true}", "i", "s", "b", "o");
    assertThat(f.integer("i", 5, 5)).isEqualTo(5);
    assertThatThrownBy(() -> f.integer("i", 6, 9)).hasMessage("obj.i: must be in 6..9, was 5");
    assertThatThrownBy(() -> f.integer("s", 0, 9)).hasMessage("obj.s: expected an integer");
    assertThat(f.optionalInteger("o", 0, 9)).isEqualTo(OptionalLong.empty());
    assertThat(f.optionalInteger("i", 0, 9)).isEqualTo(OptionalLong.of(5));
    assertThatThrownBy(() -> f.optionalInteger("b", 0, 9)).hasMessage("obj.b: expected an integer");
  }

  @Test
  void readsBooleans() {
    Fields f = fields("{\"t\":true,\"n\":1}", "t", "n");
    assertThat(f.bool("t")).isTrue();
    assertThatThrownBy(() -> f.bool("n")).hasMessage("obj.n: expected true or false");
  }

  @Test
  void readsLowercaseHexKeysThatAreValidPoints() {
    String upper = KEY.toUpperCase(java.util.Locale.ROOT);
    String identity = "01" + "00".repeat(31);
    Fields f =
        fields(
            "{\"k\":\"" + KEY + "\",\"u\":\"" + upper + "\",\"i\":\"" + identity + "\",\"n\":1}",
            "k",
            "u",
            "i",
            "n");
    assertThat(f.publicKey("k").hex()).isEqualTo(KEY);
    assertThatThrownBy(() -> f.publicKey("u"))
        .hasMessage("obj.u: expected 64 lowercase hex characters");
    assertThatThrownBy(() -> f.publicKey("i")).hasMessage("obj.i: not a valid Ed25519 public key");
    assertThatThrownBy(() -> f.publicKey("n"))
        .hasMessage("obj.n: expected a hex Ed25519 public key");
  }

  @Test
  void readsLowercaseHexSignatures() {
    String sig = Ed25519Signature.sign(Ed25519KeyPair.fromSeed(new byte[32]), new byte[0]).hex();
    Fields f =
        fields(
            "{\"s\":\""
                + sig
                + "\",\"u\":\""
                + sig.toUpperCase(java.util.Locale.ROOT)
                + "\","
                + "\"short\":\""
                + sig.substring(2)
                + "\",\"n\":1}",
            "s",
            "u",
            "short",
            "n");
    assertThat(f.signature("s").hex()).isEqualTo(sig);
    assertThatThrownBy(() -> f.signature("u")).hasMessage("obj.u: expected lowercase hex");
    assertThatThrownBy(() -> f.signature("short"))
        .hasMessage("obj.short: expected 128 hex characters");
    assertThatThrownBy(() -> f.signature("n")).hasMessage("obj.n: expected 128 hex characters");
  }

  @Test
  void readsLowercaseHexHashes() {
    String h = "ab".repeat(32);
    Fields f = fields("{\"h\":\"" + h + "\",\"u\":\"" + "AB".repeat(32) + "\"}", "h", "u");
    assertThat(f.hash("h")).isEqualTo(h);
    assertThatThrownBy(() -> f.hash("u")).hasMessage("obj.u: expected 64 lowercase hex characters");
  }

  @Test
  void readsNestedObjects() {
    Fields f = fields("{\"o\":{\"x\":1}}", "o", "p");
    assertThat(f.object("o", Set.of("x")).integer("x", 0, 1)).isEqualTo(1);
    assertThatThrownBy(() -> f.object("o", Set.of("y"))).hasMessage("obj.o.x: unknown field");
    assertThat(f.optionalObject("p", Set.of())).isEqualTo(Optional.empty());
  }

  @Test
  void checksArrayCountsBeforeReadingElementsAndNamesElementPaths() {
    Fields f = fields("{\"a\":[1,2,\"x\"],\"o\":{}}", "a", "o");
    Fields.ElementReader<Long> ints =
        (n, p) -> {
          if (!n.isIntegralNumber()) {
            throw new DecodeException(p + ": expected an integer");
          }
          return n.longValue();
        };
    assertThatThrownBy(() -> f.array("a", 0, 2, (n, p) -> fail()))
        .hasMessage("obj.a: must have 0..2 items, had 3");
    assertThatThrownBy(() -> f.array("a", 4, 9, ints))
        .hasMessage("obj.a: must have 4..9 items, had 3");
    assertThatThrownBy(() -> f.array("a", 0, 3, ints)).hasMessage("obj.a[2]: expected an integer");
    assertThatThrownBy(() -> f.array("o", 0, 3, ints)).hasMessage("obj.o: expected an array");
    Fields g = fields("{\"a\":[1,2]}", "a");
    assertThat(g.array("a", 0, 2, ints)).isEqualTo(List.of(1L, 2L));
  }

  private static Long fail() {
    throw new AssertionError("no element may be read");
  }
}
