package org.peerprobe.consensus.canonical;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalJsonTest {
  private static final int LIMIT = 1 << 20;

  private static String canon(String json) {
    return CanonicalJson.encodeToString(CanonicalJson.parse(json.getBytes(UTF_8), LIMIT));
  }

  private static String rejection(String json) {
    return rejection(json.getBytes(UTF_8));
  }

  private static String rejection(byte[] bytes) {
    try {
      CanonicalJson.parse(bytes, LIMIT);
    } catch (DecodeException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + new String(bytes, UTF_8));
  }

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  /** RFC 8785 §3.2.3: members sorted by their names' UTF-16 code units. */
  @Test
  void sortsMembersLikeTheRfc8785Example() {
    String input =
        "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet"
            + " With Dagesh\",\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\","
            + "\"\\u0080\":\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
    assertThat(canon(input))
        .isEqualTo(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\","
                + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  /**
   * U+1F600 is D83D DE00 in UTF-16, so it sorts before U+FFFF although its code point is higher.
   */
  @Test
  void ordersByUtf16CodeUnitsNotByCodePointsOrUtf8Bytes() {
    assertThat(canon("{\"\\uffff\":1,\"\\ud83d\\ude00\":2}"))
        .isEqualTo("{\"\ud83d\ude00\":2,\"\uffff\":1}");
  }

  @Test
  void ordersPrefixesFirstAndUppercaseBeforeLowercase() {
    assertThat(canon("{\"b\":1,\"aa\":2,\"a\":3,\"B\":4,\"\":5}"))
        .isEqualTo("{\"\":5,\"B\":4,\"a\":3,\"aa\":2,\"b\":1}");
  }

  @Test
  void sortsNestedObjectsButKeepsArrayOrder() {
    assertThat(canon(" { \"z\" : [ 3 , 1 , { \"y\" : true , \"x\" : false } ] , \"a\" : { } } "))
        .isEqualTo("{\"a\":{},\"z\":[3,1,{\"x\":false,\"y\":true}]}");
  }

  @Test
  void escapesExactlyLikeJsonStringify() {
    assertThat(canon("[\"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u000e\\u001f\"]"))
        .isEqualTo("[\"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u000e\\u001f\"]");
    assertThat(canon("[\"\\\"\\\\\\/\"]")).isEqualTo("[\"\\\"\\\\/\"]");
    assertThat(canon("[\"\\u0041\\u00E9\\u007f\\u2028\\u2029\"]"))
        .isEqualTo("[\"A\u00e9\u007f\u2028\u2029\"]");
  }

  @Test
  void everyControlCharacterHasOneEscape() {
    for (char c = 0; c < 0x20; c++) {
      String out = CanonicalJson.encodeToString(CanonicalJson.NODES.textNode(String.valueOf(c)));
      String expected =
          switch (c) {
            case '\b' -> "\\b";
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\f' -> "\\f";
            case '\r' -> "\\r";
            default -> String.format("\\u%04x", (int) c);
          };
      assertThat(out).isEqualTo("\"" + expected + "\"");
    }
  }

  @Test
  void writesNonBmpCharactersAsFourByteUtf8() {
    byte[] out =
        CanonicalJson.encode(CanonicalJson.parse("\"\\ud83d\\ude00\"".getBytes(UTF_8), 64));
    assertThat(HexFormat.of().formatHex(out)).isEqualTo("22f09f988022");
  }

  @Test
  void writesIntegersInShortestFormAndMinusZeroAsZero() {
    assertThat(canon("[0,-0,1,-1,9007199254740991,-9007199254740991]"))
        .isEqualTo("[0,0,1,-1,9007199254740991,-9007199254740991]");
  }

  @Test
  void canonicalFormIsAFixedPoint() {
    String once = canon("{\"b\":[\"\\u00e9\",{\"d\":1,\"c\":\"\\n\"}],\"a\":true}");
    assertThat(canon(once)).isEqualTo(once);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1.0]", "[1e2]", "[1E2]", "[-0.0]", "[0.5]", "[1E400]"})
  void rejectsFloats(String json) {
    assertThat(rejection(json)).isEqualTo("$[0]: floating-point numbers are not allowed");
  }

  @Test
  void rejectsNullWithItsPath() {
    assertThat(rejection("{\"a\":{\"b\":[true,null]}}"))
        .isEqualTo("$.a.b[1]: null values are not allowed");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "9007199254740992",
        "-9007199254740992",
        "9223372036854775807",
        "-9223372036854775808",
        "99999999999999999999"
      })
  void rejectsIntegersBeyondTwoToTheFiftyThreeMinusOne(String n) {
    assertThat(rejection("{\"n\":" + n + "}")).isEqualTo("$.n: integer outside ±(2^53-1)");
  }

  @Test
  void rejectsOverlongNumberLiteralsInTheParser() {
    assertThat(rejection("[123456789012345678901]")).contains("Number value length");
  }

  @Test
  void rejectsDuplicateKeysEvenWhenSpelledDifferently() {
    assertThat(rejection("{\"a\":{\"k\":1,\"k\":2}}")).startsWith("$.a.k: not valid JSON");
    assertThat(rejection("{\"k\":1,\"\\u006b\":2}")).contains("Duplicate field 'k'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"[\"\\ud800\"]", "[\"\\udc00\"]", "[\"\\ude00\\ud83d\"]", "[\"a\\ud83dz\"]"})
  void rejectsLoneSurrogates(String json) {
    assertThat(rejection(json)).isEqualTo("$[0]: lone surrogate in string");
  }

  @Test
  void rejectsLoneSurrogatesInMemberNames() {
    assertThat(rejection("{\"x\":{\"\\udbff\":1}}")).isEqualTo("$.x: lone surrogate in string");
  }

  @Test
  void acceptsMaxDepthAndRejectsOneMore() {
    assertThat(canon(nested(CanonicalJson.MAX_DEPTH))).isEqualTo(nested(CanonicalJson.MAX_DEPTH));
    assertThat(rejection(nested(CanonicalJson.MAX_DEPTH + 1))).contains("nesting depth");
  }

  @Test
  void boundsStringsAndNamesInUtf16CodeUnits() {
    int max = CanonicalJson.MAX_STRING_CHARS;
    assertThat(canon("[\"" + "x".repeat(max) + "\"]")).hasSize(max + 4);
    assertThat(rejection("[\"" + "x".repeat(max + 1) + "\"]")).contains("String value length");
    assertThat(rejection("[\"" + "x".repeat(max - 1) + "\\ud83d\\ude00\"]"))
        .contains("String value length");
    assertThat(canon("{\"" + "k".repeat(max) + "\":1}")).hasSize(max + 6);
    assertThat(rejection("{\"" + "k".repeat(max + 1) + "\":1}")).contains("Name length");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":1} x", "{\"a\":1}{}", "[1]]", "1 2"})
  void rejectsTrailingContent(String json) {
    assertThat(rejection(json)).startsWith("$: not valid JSON");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "  \n",
        "[01]",
        "[+1]",
        "[NaN]",
        "['a']",
        "{a:1}",
        "[1,]",
        "/*c*/[1]",
        "[\"\\x\"]"
      })
  void rejectsWhatJsonDoesNotAllow(String json) {
    assertThat(rejection(json)).startsWith("$");
  }

  @Test
  void rejectsAByteOrderMarkAndUtf16() {
    assertThat(rejection("\ufeff[1]")).isEqualTo("$: a byte order mark is not allowed");
    assertThat(rejection("[\"a\"]".getBytes(java.nio.charset.StandardCharsets.UTF_16BE)))
        .isEqualTo("$: raw control byte 0x00 at offset 0");
  }

  @Test
  void checksTheSizeBeforeParsing() {
    byte[] garbage = "{{{{{{{{{{{".getBytes(UTF_8);
    assertThatThrownBy(() -> CanonicalJson.parse(garbage, garbage.length - 1, "msg"))
        .isInstanceOf(DecodeException.class)
        .hasMessage("msg: input has 11 bytes, more than the limit of 10");
  }

  @Test
  void namesTheRootInPaths() {
    assertThatThrownBy(
            () -> CanonicalJson.parse("{\"a\":[1,1.5]}".getBytes(UTF_8), 100, "signedReport"))
        .hasMessage("signedReport.a[1]: floating-point numbers are not allowed");
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":[1,01]}".getBytes(UTF_8), 100, "r"))
        .hasMessageStartingWith("r.a[1]: not valid JSON: Invalid numeric value");
  }

  @Test
  void encodeRefusesWhatCannotBeSigned() {
    ObjectNode o = CanonicalJson.object();
    o.put("f", 1.5);
    assertThatThrownBy(() -> CanonicalJson.encode(o))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$.f");
    ArrayNode a = CanonicalJson.NODES.arrayNode().addNull();
    assertThatThrownBy(() -> CanonicalJson.encode(a)).hasMessageContaining("$[0]");
    ObjectNode big = CanonicalJson.object().put("n", CanonicalJson.MAX_SAFE_INTEGER + 1);
    assertThatThrownBy(() -> CanonicalJson.encode(big)).hasMessageContaining("2^53");
    ObjectNode min = CanonicalJson.object().put("n", Long.MIN_VALUE);
    assertThatThrownBy(() -> CanonicalJson.encode(min)).hasMessageContaining("2^53");
    ObjectNode lone = CanonicalJson.object().put("s", "\ud800");
    assertThatThrownBy(() -> CanonicalJson.encode(lone)).hasMessageContaining("lone surrogate");
  }

  @Test
  void prettyFormParsesBackToTheSameCanonicalBytes() {
    String json = "{\"b\":[1,{\"d\":\"\u00e9\"}],\"a\":\"\\n\"}";
    byte[] pretty = CanonicalJson.pretty(CanonicalJson.parse(json.getBytes(UTF_8), LIMIT));
    assertThat(new String(pretty, UTF_8)).contains("\n  ");
    assertThat(CanonicalJson.encodeToString(CanonicalJson.parse(pretty, LIMIT)))
        .isEqualTo(canon(json));
  }
}
