package org.peerprobe.node.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Parses one YAML document into {@link YamlNode}s that keep their line and column, streaming over
 * Jackson's YAML parser. String scalars get {@code ${VAR}} substitution ({@link EnvSubstitution}).
 * Duplicate keys, nesting deeper than {@value #MAX_DEPTH}, a second document, and syntax errors are
 * recorded in the {@link ConfigFile} with their position.
 */
final class YamlDocument {
  /** Deepest nesting of mappings and lists accepted. */
  static final int MAX_DEPTH = 16;

  private static final YAMLFactory YAML = YAMLFactory.builder().build();

  private final ConfigFile file;
  private final Function<String, String> env;
  private final JsonParser parser;

  /** The path of the value being read, to name the field a syntax error interrupts. */
  private String current = "";

  private YamlDocument(ConfigFile file, Function<String, String> env, JsonParser parser) {
    this.file = file;
    this.env = env;
    this.parser = parser;
  }

  /** The document's root, or null when it is empty or unparseable (an error is recorded). */
  static YamlNode parse(ConfigFile file, byte[] bytes, Function<String, String> env) {
    YamlDocument[] doc = new YamlDocument[1];
    try (JsonParser p = YAML.createParser(bytes)) {
      YamlDocument d = new YamlDocument(file, env, p);
      doc[0] = d;
      JsonToken first = p.nextToken();
      if (first == null) {
        file.error(1, 1, "", "the file is empty");
        return null;
      }
      YamlNode root = d.value("", 1);
      if (p.nextToken() != null) {
        JsonLocation at = p.currentTokenLocation();
        file.error(at.getLineNr(), at.getColumnNr(), "", "only one YAML document is allowed");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int line = at == null ? 0 : Math.max(at.getLineNr(), 0);
      String field = doc[0] == null ? "" : doc[0].current;
      file.error(line, line == 0 ? 0 : at.getColumnNr(), field, "not valid YAML: " + problem(e));
      return null;
    } catch (IOException e) {
      file.error(0, 0, "", "cannot read: " + e);
      return null;
    }
  }

  /** The first line of the parser's message (later lines repeat the file's text). */
  private static String problem(JsonProcessingException e) {
    String m = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage();
    StringBuilder out = new StringBuilder();
    for (String line : m.split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("in 'reader'") || t.startsWith("^")) {
        continue;
      }
      if (out.length() > 0) {
        out.append("; ");
      }
      out.append(t);
      if (out.length() > 200) {
        break;
      }
    }
    return out.toString();
  }

  /** Reads the value starting at the current token. */
  private YamlNode value(String path, int depth) throws IOException {
    current = path;
    JsonLocation at = parser.currentTokenLocation();
    int line = at.getLineNr();
    int col = at.getColumnNr();
    JsonToken t = parser.currentToken();
    if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && depth > MAX_DEPTH) {
      throw new JsonParseDepthException(parser, "nested more than " + MAX_DEPTH + " levels deep");
    }
    if (parser instanceof YAMLParser y && y.isCurrentAlias()) {
      // Aliases are not expanded (no "billion laughs"); say so instead of reading the alias name.
      file.error(line, col, path, "YAML aliases (*" + parser.getText() + ") are not supported");
      return new YamlNode.Scalar(null, true, List.of(), true, line, col);
    }
    switch (t) {
      case START_OBJECT:
        return mapping(path, depth, line, col);
      case START_ARRAY:
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(value(path + "[" + items.size() + "]", depth + 1));
        }
        return new YamlNode.Sequence(items, line, col);
      case VALUE_STRING:
        // "key:" with nothing after it reads as an empty string; no field accepts one.
        return parser.getText().isEmpty()
            ? YamlNode.Scalar.plain(null, true, line, col)
            : string(path, parser.getText(), line, col);
      case VALUE_NULL:
        return YamlNode.Scalar.plain(null, false, line, col);
      default:
        return YamlNode.Scalar.plain(parser.getText(), false, line, col);
    }
  }

  private YamlNode mapping(String path, int depth, int line, int col) throws IOException {
    Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonLocation k = parser.currentTokenLocation();
      String child = path.isEmpty() ? key : path + "." + key;
      current = child;
      parser.nextToken();
      YamlNode v = value(child, depth + 1);
      if (entries.containsKey(key)) {
        file.error(
            k.getLineNr(),
            k.getColumnNr(),
            child,
            "is given twice (first on line " + entries.get(key).line() + ")");
      } else {
        entries.put(key, new YamlNode.Entry(key, k.getLineNr(), k.getColumnNr(), v));
      }
    }
    return new YamlNode.Mapping(entries, line, col);
  }

  private YamlNode string(String path, String text, int line, int col) {
    try {
      EnvSubstitution.Result r = EnvSubstitution.substitute(text, env);
      return new YamlNode.Scalar(r.text(), true, r.variables(), false, line, col);
    } catch (IllegalArgumentException e) {
      file.error(line, col, path, e.getMessage());
      return new YamlNode.Scalar(null, true, List.of(), true, line, col);
    }
  }

  /** Nesting beyond {@link #MAX_DEPTH}, reported like a syntax error at its position. */
  private static final class JsonParseDepthException extends JsonProcessingException {
    private static final long serialVersionUID = 1L;

    JsonParseDepthException(JsonParser p, String message) {
      super(message, p.currentTokenLocation());
    }
  }
}
