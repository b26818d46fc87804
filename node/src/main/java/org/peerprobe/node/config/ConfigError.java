package org.peerprobe.node.config;

import java.nio.file.Path;

/**
 * One problem in a configuration file: where it is and what is wrong. Messages never contain secret
 * values (a value taken from an environment variable is shown as {@code ***}).
 *
 * @param file the file
 * @param line 1-based line, or 0 when the problem concerns the whole file
 * @param column 1-based column, or 0 with line 0
 * @param field the field's path, e.g. {@code fronts[1].timeouts.total}; empty for the whole file
 * @param message what is wrong, and how to fix it where that is not obvious
 */
public record ConfigError(Path file, int line, int column, String field, String message) {
  public ConfigError {
    if (file == null || field == null || message == null) {
      throw new IllegalArgumentException("file, field and message are required");
    }
  }

  /** A problem with the file as a whole (missing, unreadable, permissions). */
  public static ConfigError ofFile(Path file, String message) {
    return new ConfigError(file, 0, 0, "", message);
  }

  /** {@code FILE:LINE:COLUMN: FIELD: MESSAGE}, the form compilers use, so editors can jump. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(file.toString());
    if (line > 0) {
      s.append(':').append(line).append(':').append(column);
    }
    s.append(": ");
    if (!field.isEmpty()) {
      s.append(field).append(": ");
    }
    return s.append(message).toString();
  }
}
