package org.peerprobe.consensus.canonical;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 (JCS) canonical JSON for the restricted value set peerprobe signs: objects with members
 * sorted by the UTF-16 code units of their names, arrays, strings, booleans and integers within
 * ±(2^53−1); no whitespace; strings escaped exactly as ECMAScript's {@code JSON.stringify} does.
 *
 * <p>Thread-safe.
 */
public final class CanonicalJson {
  /** Largest integer magnitude allowed in signed data (I-JSON, RFC 7493 §2.2). */
  public static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

  /** Deepest nesting of objects and arrays accepted by {@link #parse}. */
  public static final int MAX_DEPTH = 16;

  /**
   * Longest string (value or member name) accepted by {@link #parse}, in UTF-16 code units after
   * unescaping.
   */
  public static final int MAX_STRING_CHARS = 4096;

  /** Longest number literal accepted by {@link #parse}, in characters. */
  public static final int MAX_NUMBER_CHARS = 20;

  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .nodeFactory(NODES)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_STRING_CHARS)
                .maxNameLength(MAX_STRING_CHARS)
                .maxNumberLength(MAX_NUMBER_CHARS)
                .build());
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CanonicalJson() {}

  /** A fresh empty object node. */
  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /**
   * Parses untrusted bytes. The size is checked before parsing; the parser itself bounds depth,
   * string and number lengths.
   *
   * @throws DecodeException naming what is wrong, with paths rooted at {@code $}
   */
  public static JsonNode parse(byte[] bytes, int maxBytes) {
    return parse(bytes, maxBytes, "$");
  }

  /**
   * Parses untrusted bytes: at most {@code maxBytes}, strict UTF-8 without a byte order mark,
   * exactly one JSON value, and only the value set of signed data.
   *
   * @param root the name of the whole value in error messages, e.g. {@code signedReport}
   * @throws DecodeException naming the path of what is wrong, e.g. {@code
   *     signedReport.report.round: ...}
   */
  public static JsonNode parse(byte[] bytes, int maxBytes, String root) {
    if (bytes.length > maxBytes) {
      throw new DecodeException(
          root + ": input has " + bytes.length + " bytes, more than the limit of " + maxBytes);
    }
    Utf8.check(bytes, root);
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new DecodeException(
          pathOf(e.getProcessor(), root) + ": not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new DecodeException(root + ": not valid JSON: " + firstLine(e.getMessage()));
    }
    if (node == null || node.isMissingNode()) {
      throw new DecodeException(root + ": empty input");
    }
    checkValues(node, root);
    return node;
  }

  /** Serializes a tree to its canonical UTF-8 bytes. */
  public static byte[] encode(JsonNode node) {
    StringBuilder sb = new StringBuilder(256);
    write(node, sb, "$");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Serializes a tree to its canonical form as a Java string. */
  public static String encodeToString(JsonNode node) {
    return new String(encode(node), StandardCharsets.UTF_8);
  }

  /** Pretty-printed, non-canonical form for humans and files. */
  public static byte[] pretty(JsonNode node) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, node);
      out.write('\n');
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
  }

  private static void checkValues(JsonNode node, String path) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        checkString(e.getKey(), path);
        checkValues(e.getValue(), path + "." + e.getKey());
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkValues(node.get(i), path + "[" + i + "]");
      }
    } else if (node.isTextual()) {
      checkString(node.textValue(), path);
    } else if (node.isIntegralNumber()) {
      if (!isSafeInteger(node)) {
        throw new DecodeException(path + ": integer outside ±(2^53-1)");
      }
    } else if (node.isNumber()) {
      throw new DecodeException(path + ": floating-point numbers are not allowed");
    } else if (!node.isBoolean()) {
      throw new DecodeException(
          path
              + ": "
              + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
              + " values are not allowed");
    }
  }

  /** An integer within ±(2^53−1). (Math.abs would overflow for Long.MIN_VALUE.) */
  private static boolean isSafeInteger(JsonNode node) {
    if (!node.canConvertToLong()) {
      return false;
    }
    long v = node.longValue();
    return v >= -MAX_SAFE_INTEGER && v <= MAX_SAFE_INTEGER;
  }

  private static void checkString(String s, String path) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw new DecodeException(path + ": lone surrogate in string");
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        throw new DecodeException(path + ": lone surrogate in string");
      }
    }
  }

  private static void write(JsonNode node, StringBuilder sb, String path) {
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(node, sb, path);
      case ARRAY -> {
        sb.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          write(node.get(i), sb, path + "[" + i + "]");
        }
        sb.append(']');
      }
      case STRING -> writeString(node.textValue(), sb, path);
      case BOOLEAN -> sb.append(node.booleanValue() ? "true" : "false");
      case NUMBER -> {
        if (!node.isIntegralNumber() || !isSafeInteger(node)) {
          throw new IllegalArgumentException(path + ": only integers within ±(2^53-1) are signed");
        }
        sb.append(node.longValue());
      }
      default ->
          throw new IllegalArgumentException(
              path + ": " + node.getNodeType() + " values are not allowed in signed data");
    }
  }

  private static void writeObject(JsonNode node, StringBuilder sb, String path) {
    List<String> names = new ArrayList<>(node.size());
    node.fieldNames().forEachRemaining(names::add);
    // String.compareTo orders by UTF-16 code units, exactly as RFC 8785 §3.2.3 requires.
    names.sort(null);
    sb.append('{');
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String name = names.get(i);
      writeString(name, sb, path);
      sb.append(':');
      write(node.get(name), sb, path + "." + name);
    }
    sb.append('}');
  }

  private static void writeString(String s, StringBuilder sb, String path) {
    checkStringForWrite(s, path);
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static void checkStringForWrite(String s, String path) {
    try {
      checkString(s, path);
    } catch (DecodeException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The path of the value the parser was reading when it failed, e.g. {@code root.a[2].b}. */
  private static String pathOf(Object processor, String root) {
    if (!(processor instanceof JsonParser parser)) {
      return root;
    }
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = parser.getParsingContext(); c != null; c = c.getParent()) {
      if (c.inArray() && c.getCurrentIndex() >= 0) {
        parts.add("[" + c.getCurrentIndex() + "]");
      } else if (c.inObject() && c.getCurrentName() != null) {
        parts.add("." + c.getCurrentName());
      }
    }
    StringBuilder sb = new StringBuilder(root);
    for (int i = parts.size() - 1; i >= 0; i--) {
      sb.append(parts.get(i));
    }
    return sb.toString();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
