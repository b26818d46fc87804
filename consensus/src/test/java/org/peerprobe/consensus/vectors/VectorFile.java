package org.peerprobe.consensus.vectors;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;

/**
 * The committed vectors file, read with a plain JSON parser (it holds inputs our strict parser is
 * meant to refuse), and helpers to use its values.
 */
final class VectorFile {
  static final String RESOURCE = "/vectors/vectors.json";
  static final HexFormat HEX = HexFormat.of();

  final byte[] bytes;
  final JsonNode root;

  private VectorFile(byte[] bytes, JsonNode root) {
    this.bytes = bytes;
    this.root = root;
  }

  static VectorFile load() {
    try (InputStream in = VectorFile.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the test classpath");
      }
      byte[] bytes = in.readAllBytes();
      return new VectorFile(bytes, new ObjectMapper().readTree(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The entries of an array section. */
  List<JsonNode> list(String section) {
    JsonNode n = root.get(section);
    if (n == null || !n.isArray()) {
      throw new IllegalStateException("no array section " + section);
    }
    return StreamSupport.stream(n.spliterator(), false).toList();
  }

  JsonNode get(String section) {
    JsonNode n = root.get(section);
    if (n == null) {
      throw new IllegalStateException("no section " + section);
    }
    return n;
  }

  /** The entry of an array section with this name. */
  JsonNode named(String section, String name) {
    return list(section).stream()
        .filter(e -> e.path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + name + " in " + section));
  }

  /** The key pair of a named key, from its seed as written in the file. */
  Ed25519KeyPair key(String name) {
    return Ed25519KeyPair.fromSeed(HEX.parseHex(named("keys", name).get("seed").asText()));
  }

  /**
   * The bytes of an input: {@code inputHex} when given, else the UTF-8 of {@code input}, padded
   * with spaces to {@code padWithSpacesToBytes} when given.
   */
  static byte[] input(JsonNode entry) {
    byte[] b =
        entry.has("inputHex")
            ? HEX.parseHex(entry.get("inputHex").asText())
            : entry.get("input").asText().getBytes(UTF_8);
    if (entry.has("padWithSpacesToBytes")) {
      int n = entry.get("padWithSpacesToBytes").asInt();
      byte[] padded = java.util.Arrays.copyOf(b, n);
      java.util.Arrays.fill(padded, b.length, n, (byte) ' ');
      return padded;
    }
    return b;
  }

  static byte[] hex(JsonNode entry, String field) {
    return HEX.parseHex(entry.get(field).asText());
  }

  static String text(JsonNode entry, String field) {
    JsonNode n = entry.get(field);
    if (n == null || !n.isTextual()) {
      throw new IllegalStateException("no text field " + field + " in " + entry);
    }
    return n.asText();
  }

  /** Canonical bytes of a tree from the file (numbers compare by value, not by node type). */
  static byte[] canonical(JsonNode node) {
    return CanonicalJson.encode(node);
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static Map<String, Long> longs(JsonNode object) {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }
}
