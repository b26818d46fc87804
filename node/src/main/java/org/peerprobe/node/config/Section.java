package org.peerprobe.node.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One mapping of a configuration file being read, Fields-style but collecting errors: every getter
 * records what is wrong (at the value's line, or the mapping's when a key is missing) and returns
 * empty, so that reading goes on and all problems are reported together.
 */
final class Section {
  private final ConfigFile file;
  private final String path;
  private final YamlNode.Mapping node;

  /** Reads {@code node}, recording an error for each key not in {@code allowed}. */
  Section(ConfigFile file, String path, YamlNode.Mapping node, Set<String> allowed) {
    this.file = file;
    this.path = path;
    this.node = node;
    for (YamlNode.Entry e : node.entries().values()) {
      if (!allowed.contains(e.key())) {
        file.error(
            e.line(),
            e.column(),
            field(e.key()),
            "unknown field (expected one of: " + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
  }

  /** Parses one scalar; throws {@link IllegalArgumentException} with a message for the user. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(String text);
  }

  /** Reads one item of a list at {@code field}; returns empty after recording a problem. */
  @FunctionalInterface
  interface ItemReader<T> {
    Optional<T> read(YamlNode item, String field);
  }

  ConfigFile file() {
    return file;
  }

  YamlNode.Mapping node() {
    return node;
  }

  /** The path of a key of this mapping, e.g. {@code fronts[0].url}. */
  String field(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  String path() {
    return path;
  }

  boolean has(String key) {
    return node.entries().containsKey(key);
  }

  /** The value of {@code key}, if the key is present. */
  Optional<YamlNode> get(String key) {
    YamlNode.Entry e = node.entries().get(key);
    return e == null ? Optional.empty() : Optional.of(e.value());
  }

  /** A value that must be present; a missing key is reported at this mapping with {@code hint}. */
  <T> Optional<T> required(String key, String hint, Parser<T> parser) {
    Optional<YamlNode> v = get(key);
    if (v.isEmpty()) {
      file.error(node, field(key), "is required: " + hint);
      return Optional.empty();
    }
    return scalar(file, v.get(), field(key), hint, parser);
  }

  /** A value that may be left out (or left empty): then {@code fallback}. */
  <T> Optional<T> optional(String key, T fallback, Parser<T> parser) {
    Optional<YamlNode> v = get(key);
    if (v.isEmpty() || v.get() instanceof YamlNode.Scalar s && s.isNull() && !s.broken()) {
      return Optional.of(fallback);
    }
    return scalar(file, v.get(), field(key), "", parser);
  }

  /** A value that may be left out: then empty, and nothing is recorded. */
  <T> Optional<T> optional(String key, Parser<T> parser) {
    Optional<YamlNode> v = get(key);
    if (v.isEmpty() || v.get() instanceof YamlNode.Scalar s && s.isNull() && !s.broken()) {
      return Optional.empty();
    }
    return scalar(file, v.get(), field(key), "", parser);
  }

  /** A nested mapping, or empty (with an error when present but not a mapping). */
  Optional<Section> section(String key, Set<String> allowed) {
    Optional<YamlNode> v = get(key);
    if (v.isEmpty() || v.get() instanceof YamlNode.Scalar s && s.isNull()) {
      return Optional.empty();
    }
    if (!(v.get() instanceof YamlNode.Mapping m)) {
      file.error(
          v.get(), field(key), "expected a mapping of 'name: value', found " + v.get().kind());
      return Optional.empty();
    }
    return Optional.of(new Section(file, field(key), m, allowed));
  }

  /**
   * A list of at most {@code max} items, each read by {@code reader}; empty when the key is absent.
   * Items that fail are left out (their errors recorded).
   */
  <T> List<T> list(String key, int max, ItemReader<T> reader) {
    Optional<YamlNode> v = get(key);
    if (v.isEmpty() || v.get() instanceof YamlNode.Scalar s && s.isNull()) {
      return List.of();
    }
    if (!(v.get() instanceof YamlNode.Sequence seq)) {
      file.error(
          v.get(),
          field(key),
          "expected a list ('- item' lines or [a, b]), found " + v.get().kind());
      return List.of();
    }
    if (seq.items().size() > max) {
      file.error(
          seq, field(key), "has " + seq.items().size() + " items, at most " + max + " allowed");
      return List.of();
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < seq.items().size(); i++) {
      reader.read(seq.items().get(i), field(key) + "[" + i + "]").ifPresent(out::add);
    }
    return out;
  }

  /** Reads a list item that must be a mapping. */
  static Optional<Section> mappingItem(
      ConfigFile file, YamlNode item, String field, Set<String> allowed) {
    if (!(item instanceof YamlNode.Mapping m)) {
      file.error(item, field, "expected a mapping of 'name: value', found " + item.kind());
      return Optional.empty();
    }
    return Optional.of(new Section(file, field, m, allowed));
  }

  /**
   * Parses a scalar at {@code field}. A value from the environment is never shown: its text is
   * replaced by {@code ***} in the message, which names the variables instead.
   */
  static <T> Optional<T> scalar(
      ConfigFile file, YamlNode node, String field, String hint, Parser<T> parser) {
    if (!(node instanceof YamlNode.Scalar s)) {
      file.error(node, field, "expected a single value, found " + node.kind());
      return Optional.empty();
    }
    if (s.broken()) {
      return Optional.empty();
    }
    if (s.isNull()) {
      file.error(node, field, "has no value" + (hint.isEmpty() ? "" : ": " + hint));
      return Optional.empty();
    }
    try {
      return Optional.of(parser.parse(s.text()));
    } catch (IllegalArgumentException e) {
      String m = e.getMessage() == null ? "invalid value" : e.getMessage();
      if (s.fromEnvironment()) {
        if (!s.text().isEmpty()) {
          m = m.replace(s.text(), "***");
        }
        m += " (value from ${" + String.join("}, ${", s.variables()) + "})";
      }
      file.error(node, field, m);
      return Optional.empty();
    }
  }
}
