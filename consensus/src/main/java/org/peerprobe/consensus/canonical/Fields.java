package org.peerprobe.consensus.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.crypto.Ed25519Signature;

/**
 * Strict reader for one JSON object of untrusted input. Every failure is a {@link DecodeException}
 * whose message starts with the field's path, e.g. {@code report.observations[1].status}.
 */
public final class Fields {
  private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");

  private final JsonNode node;
  private final String path;

  private Fields(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** Reads {@code node} as an object that may hold only the {@code allowed} member names. */
  public static Fields of(JsonNode node, String path, Set<String> allowed) {
    if (node == null || !node.isObject()) {
      throw new DecodeException(path + ": expected an object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw new DecodeException(path + "." + name + ": unknown field");
      }
    }
    return new Fields(node, path);
  }

  public String path() {
    return path;
  }

  public String path(String field) {
    return path + "." + field;
  }

  private JsonNode required(String field) {
    JsonNode v = node.get(field);
    if (v == null) {
      throw new DecodeException(path(field) + ": missing");
    }
    return v;
  }

  /**
   * Runs a record constructor over values read from this object, turning the invariants it checks
   * across fields ({@link IllegalArgumentException}) into a {@link DecodeException} at this path.
   */
  public <T> T construct(Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw new DecodeException(path + ": " + e.getMessage());
    }
  }

  public boolean has(String field) {
    return node.has(field);
  }

  /** A string of 1..maxChars characters. */
  public String text(String field, int maxChars) {
    JsonNode v = required(field);
    if (!v.isTextual()) {
      throw new DecodeException(path(field) + ": expected a string");
    }
    String s = v.textValue();
    if (s.isEmpty() || s.length() > maxChars) {
      throw new DecodeException(path(field) + ": length must be 1.." + maxChars);
    }
    return s;
  }

  /** A string matching an identifier pattern. */
  public String text(String field, int maxChars, Pattern pattern, String description) {
    String s = text(field, maxChars);
    if (!pattern.matcher(s).matches()) {
      throw new DecodeException(path(field) + ": must be " + description);
    }
    return s;
  }

  public <E extends Enum<E>> E enumValue(String field, Class<E> type) {
    String s = text(field, 64);
    try {
      return Enum.valueOf(type, s);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(path(field) + ": unknown value '" + s + "'");
    }
  }

  public long integer(String field, long min, long max) {
    JsonNode v = required(field);
    return checkInteger(v, path(field), min, max);
  }

  public OptionalLong optionalInteger(String field, long min, long max) {
    JsonNode v = node.get(field);
    return v == null
        ? OptionalLong.empty()
        : OptionalLong.of(checkInteger(v, path(field), min, max));
  }

  private static long checkInteger(JsonNode v, String where, long min, long max) {
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new DecodeException(where + ": expected an integer");
    }
    long x = v.longValue();
    if (x < min || x > max) {
      throw new DecodeException(where + ": must be in " + min + ".." + max + ", was " + x);
    }
    return x;
  }

  public boolean bool(String field) {
    JsonNode v = required(field);
    if (!v.isBoolean()) {
      throw new DecodeException(path(field) + ": expected true or false");
    }
    return v.booleanValue();
  }

  public Ed25519PublicKey publicKey(String field) {
    return publicKey(required(field), path(field));
  }

  public static Ed25519PublicKey publicKey(JsonNode v, String where) {
    if (!v.isTextual()) {
      throw new DecodeException(where + ": expected a hex Ed25519 public key");
    }
    if (!HEX_64.matcher(v.textValue()).matches()) {
      throw new DecodeException(where + ": expected 64 lowercase hex characters");
    }
    return Ed25519PublicKey.parseHex(v.textValue())
        .orElseThrow(() -> new DecodeException(where + ": not a valid Ed25519 public key"));
  }

  public Ed25519Signature signature(String field) {
    JsonNode v = required(field);
    String s = v.isTextual() ? v.textValue() : "";
    if (!s.equals(s.toLowerCase(java.util.Locale.ROOT))) {
      throw new DecodeException(path(field) + ": expected lowercase hex");
    }
    return Ed25519Signature.parseHex(s)
        .orElseThrow(() -> new DecodeException(path(field) + ": expected 128 hex characters"));
  }

  /** A lowercase hex SHA-256 digest. */
  public String hash(String field) {
    return hash(required(field), path(field));
  }

  public static String hash(JsonNode v, String where) {
    if (!v.isTextual() || !HEX_64.matcher(v.textValue()).matches()) {
      throw new DecodeException(where + ": expected 64 lowercase hex characters");
    }
    return v.textValue();
  }

  public Fields object(String field, Set<String> allowed) {
    return of(required(field), path(field), allowed);
  }

  public Optional<Fields> optionalObject(String field, Set<String> allowed) {
    JsonNode v = node.get(field);
    return v == null ? Optional.empty() : Optional.of(of(v, path(field), allowed));
  }

  /**
   * An array of at most {@code maxItems} elements, each read by {@code reader} given the element
   * and its path. The count is checked before any element is read.
   */
  public <T> List<T> array(String field, int minItems, int maxItems, ElementReader<T> reader) {
    JsonNode v = required(field);
    if (!v.isArray()) {
      throw new DecodeException(path(field) + ": expected an array");
    }
    if (v.size() < minItems || v.size() > maxItems) {
      throw new DecodeException(
          path(field) + ": must have " + minItems + ".." + maxItems + " items, had " + v.size());
    }
    List<T> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      out.add(reader.read(v.get(i), path(field) + "[" + i + "]"));
    }
    return out;
  }

  /** Reads one array element given its node and path. */
  @FunctionalInterface
  public interface ElementReader<T> {
    T read(JsonNode node, String path);

    static <T> ElementReader<T> ofObject(Set<String> allowed, Function<Fields, T> reader) {
      return (n, p) -> reader.apply(of(n, p, allowed));
    }
  }
}
