package org.peerprobe.consensus.vectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.peerprobe.consensus.vectors.VectorKeys.HEX;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.DecodeException;

/**
 * Canonicalization of arbitrary JSON within the signed value set, and inputs every decoder must
 * refuse. In the Java strings below a doubled backslash before u is a JSON escape in the input
 * text; a single one is a Java escape, so the input holds the character itself.
 */
final class JsonVectors {
  /** Large enough for every input below; the limits under test are the parser's own. */
  static final int MAX_BYTES = 1 << 16;

  /** Longer byte strings are given only as text, to keep the file readable. */
  static final int HEX_UP_TO_BYTES = 1024;

  private JsonVectors() {}

  static ArrayNode canonicalization() {
    ArrayNode out = CanonicalJson.NODES.arrayNode();
    add(
        out,
        "rfc8785-3.2.3-member-order",
        "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet"
            + " With Dagesh\",\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\","
            + "\"\\u0080\":\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}");
    add(out, "utf16-order-not-code-point-order", "{\"\\uffff\":\"U+FFFF\",\"\\ud83d\\ude00\":1}");
    add(out, "ascii-order", "{\"b\":1,\"aa\":2,\"a\":3,\"B\":4,\"\":5,\"_\":6,\"0\":7}");
    add(
        out,
        "whitespace-and-nesting",
        " { \"z\" : [ 3 , 1 , { \"y\" : true , \"x\" : false } ] ,\r\n\t\"a\" : { } , \"m\" : [ ] }\n");
    StringBuilder controls = new StringBuilder("[\"");
    for (int c = 0; c < 0x20; c++) {
      controls.append(String.format("\\u%04X", c));
    }
    add(out, "control-characters", controls.append("\"]").toString());
    add(out, "quote-backslash-solidus", "[\"\\\"\\\\\\/\",\"/\"]");
    add(
        out,
        "non-ascii-is-written-as-utf8",
        "[\"\\u00e9\\u00E9\u00e9\",\"\\u20ac\\u007f\\u0080\\u2028\\u2029\\ufeff\"]");
    add(out, "astral-from-escapes-and-literal", "[\"\\ud83d\\ude00\",\"\ud83d\ude00\"]");
    add(out, "integers", "[0,-0,1,-1,1000000,9007199254740991,-9007199254740991]");
    add(out, "literals-and-empty-containers", "{\"t\":true,\"f\":false,\"o\":{},\"a\":[]}");
    add(out, "top-level-string", "\"peerprobe\"");
    add(out, "max-depth-16", "[".repeat(16) + "]".repeat(16));
    add(out, "max-string-4096-utf16-units", "[\"" + "x".repeat(4095) + "\\u00e9\"]");
    add(out, "max-name-4096", "{\"" + "k".repeat(4096) + "\":0}");
    return out;
  }

  static ArrayNode rejected() {
    ArrayNode out = CanonicalJson.NODES.arrayNode();
    reject(out, "float-fraction", "{\"a\":1.0}", "floats are not allowed, even integral ones");
    reject(out, "float-exponent", "{\"a\":1e2}", "floats are not allowed");
    reject(out, "float-negative-zero", "{\"a\":-0.0}", "floats are not allowed");
    reject(out, "null", "{\"a\":null}", "null is not allowed");
    reject(out, "duplicate-key", "{\"a\":1,\"a\":1}", "duplicate member names");
    reject(out, "duplicate-key-after-unescaping", "{\"a\":1,\"\\u0061\":2}", "same name");
    reject(out, "integer-2^53", "[9007199254740992]", "beyond 2^53-1");
    reject(out, "integer-minus-2^53", "[-9007199254740992]", "beyond -(2^53-1)");
    reject(out, "integer-int64-min", "[-9223372036854775808]", "beyond -(2^53-1)");
    reject(out, "integer-20-digits", "[99999999999999999999]", "beyond 2^53-1");
    reject(out, "lone-high-surrogate", "[\"\\ud800\"]", "not a Unicode scalar value");
    reject(out, "lone-low-surrogate", "[\"\\udc00\"]", "not a Unicode scalar value");
    reject(out, "reversed-surrogate-pair", "[\"\\ude00\\ud83d\"]", "lone surrogates");
    reject(out, "lone-surrogate-in-name", "{\"\\udbff\":1}", "names are strings too");
    rejectHex(out, "utf8-encoded-surrogate", "5b22eda080225d", "CESU-8, not UTF-8");
    rejectHex(out, "overlong-utf8", "5b22c0af225d", "overlong encoding of '/'");
    rejectHex(out, "invalid-utf8-byte", "5b22ff225d", "0xff never occurs in UTF-8");
    rejectHex(out, "truncated-utf8", "5b22e282225d", "a 3-byte sequence cut short");
    rejectHex(out, "above-u+10ffff", "5b22f4908080225d", "beyond the Unicode range");
    rejectHex(out, "byte-order-mark", "efbbbf5b315d", "JSON text must not start with a BOM");
    rejectHex(out, "utf-16", "005b002200610022005d", "UTF-16 text, not UTF-8");
    rejectHex(out, "raw-control-in-string", "5b2201225d", "control characters must be escaped");
    reject(out, "trailing-garbage", "{\"a\":1} x", "exactly one value");
    reject(out, "two-values", "{\"a\":1}{\"b\":2}", "exactly one value");
    reject(out, "depth-17", "[".repeat(17) + "]".repeat(17), "deeper than 16");
    reject(out, "string-4097", "[\"" + "x".repeat(4097) + "\"]", "longer than 4096 units");
    reject(
        out,
        "string-4097-utf16-units",
        "[\"" + "x".repeat(4095) + "\\ud83d\\ude00\"]",
        "4095 + 2 UTF-16 code units");
    reject(out, "name-4097", "{\"" + "k".repeat(4097) + "\":0}", "longer than 4096 units");
    reject(out, "leading-zero", "[01]", "not JSON");
    reject(out, "plus-sign", "[+1]", "not JSON");
    reject(out, "nan", "[NaN]", "not JSON");
    reject(out, "infinity", "[Infinity]", "not JSON");
    reject(out, "single-quotes", "['a']", "not JSON");
    reject(out, "unquoted-name", "{a:1}", "not JSON");
    reject(out, "trailing-comma", "[1,]", "not JSON");
    reject(out, "comment", "/*c*/[1]", "not JSON");
    reject(out, "invalid-escape", "[\"\\x41\"]", "not JSON");
    reject(out, "empty", "", "no value");
    reject(out, "whitespace-only", " \n", "no value");
    return out;
  }

  private static void add(ArrayNode out, String name, String input) {
    byte[] canonical = CanonicalJson.encode(CanonicalJson.parse(input.getBytes(UTF_8), MAX_BYTES));
    ObjectNode o = out.addObject();
    o.put("name", name);
    o.put("input", input);
    o.put("canonical", new String(canonical, UTF_8));
    if (canonical.length <= HEX_UP_TO_BYTES) {
      o.put("canonicalHex", HEX.formatHex(canonical));
    }
  }

  private static void reject(ArrayNode out, String name, String input, String reason) {
    rejectHex(out, name, HEX.formatHex(input.getBytes(UTF_8)), reason);
  }

  private static void rejectHex(ArrayNode out, String name, String hex, String reason) {
    byte[] bytes = HEX.parseHex(hex);
    String why;
    try {
      CanonicalJson.parse(bytes, MAX_BYTES);
      throw new IllegalStateException("vector " + name + " is accepted");
    } catch (DecodeException e) {
      why = e.getMessage();
    }
    ObjectNode o = out.addObject();
    o.put("name", name);
    text(bytes).ifPresent(t -> o.put("input", t));
    if (bytes.length <= HEX_UP_TO_BYTES) {
      o.put("inputHex", hex);
    }
    o.put("reason", reason);
    o.put("javaDetail", why);
  }

  /** The input as text when it is well-formed UTF-8, for readers of the file. */
  private static java.util.Optional<String> text(byte[] bytes) {
    try {
      return java.util.Optional.of(
          UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return java.util.Optional.empty();
    }
  }
}
