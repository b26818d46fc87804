package org.peerprobe.node.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One configuration file being read: its parsed tree and the problems found so far. Readers record
 * every problem and go on, so that {@link #throwIfErrors()} reports all of them at once.
 *
 * <p>Not thread-safe; one reader at a time.
 */
final class ConfigFile {
  /** Largest configuration file read, checked before parsing. */
  static final int MAX_FILE_BYTES = 1024 * 1024;

  private final Path file;
  private final List<ConfigError> errors = new ArrayList<>();
  private YamlNode root;

  private ConfigFile(Path file) {
    this.file = file;
  }

  /**
   * Reads and parses {@code file}; syntax errors and failed {@code ${VAR}} substitutions are
   * recorded, and a file that cannot be read at all throws at once.
   */
  static ConfigFile read(Path file, Function<String, String> env) {
    byte[] bytes = readBytes(file, MAX_FILE_BYTES, "configuration file");
    ConfigFile c = new ConfigFile(file);
    c.root = YamlDocument.parse(c, bytes, env);
    return c;
  }

  /** Reads a whole small file, refusing one larger than {@code max} bytes before reading it. */
  static byte[] readBytes(Path file, int max, String what) {
    try {
      if (Files.isDirectory(file)) {
        throw ConfigException.ofFile(file, "is a directory, expected a " + what);
      }
      long size = Files.size(file);
      if (size > max) {
        throw ConfigException.ofFile(
            file, what + " has " + size + " bytes, more than the limit of " + max);
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw ConfigException.ofFile(file, what + " not found");
    } catch (IOException e) {
      throw ConfigException.ofFile(file, "cannot read " + what + ": " + e);
    }
  }

  Path file() {
    return file;
  }

  /** The document's top-level mapping, or empty (with an error recorded) when it is not one. */
  Optional<Section> rootSection(java.util.Set<String> allowed) {
    if (root == null) {
      return Optional.empty();
    }
    if (!(root instanceof YamlNode.Mapping m)) {
      error(root, "", "the file must be a mapping of 'name: value' lines, found " + root.kind());
      return Optional.empty();
    }
    return Optional.of(new Section(this, "", m, allowed));
  }

  void error(YamlNode at, String field, String message) {
    errors.add(new ConfigError(file, at.line(), at.column(), field, message));
  }

  void error(int line, int column, String field, String message) {
    errors.add(new ConfigError(file, line, column, field, message));
  }

  boolean hasErrors() {
    return !errors.isEmpty();
  }

  /** How many problems have been recorded so far (to tell whether a part added any). */
  int errorCount() {
    return errors.size();
  }

  /** Throws a {@link ConfigException} with every recorded problem, in file order, if any. */
  void throwIfErrors() {
    if (!errors.isEmpty()) {
      List<ConfigError> sorted = new ArrayList<>(errors);
      sorted.sort(
          java.util.Comparator.comparingInt(ConfigError::line)
              .thenComparingInt(ConfigError::column));
      throw new ConfigException(sorted);
    }
  }
}
