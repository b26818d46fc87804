package org.peerprobe.node.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML value that remembers where it was written: the tree {@link YamlDocument} builds,
 * read by {@link Section}. Immutable.
 */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {
  /** 1-based line of the value's first character. */
  int line();

  /** 1-based column of the value's first character. */
  int column();

  /** What the value is, for messages: "a string", "a list", … */
  String kind();

  /**
   * A scalar: its text after {@code ${VAR}} substitution.
   *
   * @param text the value; null for YAML null ({@code ~}, {@code null} or nothing)
   * @param quoted whether it was a YAML string (quoted or plain text) rather than a number or
   *     boolean
   * @param variables environment variables substituted into it; non-empty means the value is secret
   *     and must not be shown
   * @param broken substitution failed and was reported: readers skip the value silently
   */
  record Scalar(
      String text, boolean quoted, List<String> variables, boolean broken, int line, int column)
      implements YamlNode {
    static Scalar plain(String text, boolean quoted, int line, int column) {
      return new Scalar(text, quoted, List.of(), false, line, column);
    }

    boolean isNull() {
      return text == null;
    }

    boolean fromEnvironment() {
      return !variables.isEmpty();
    }

    @Override
    public String kind() {
      return text == null ? "nothing (null)" : quoted ? "a string" : "a number or boolean";
    }
  }

  /** A mapping: its entries in file order, with the position of each key. */
  record Mapping(Map<String, Entry> entries, int line, int column) implements YamlNode {
    public Mapping {
      entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    @Override
    public String kind() {
      return "a mapping";
    }
  }

  /** One key of a mapping, where it was written, and its value. */
  record Entry(String key, int line, int column, YamlNode value) {}

  /** A sequence. */
  record Sequence(List<YamlNode> items, int line, int column) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "a list";
    }
  }
}
