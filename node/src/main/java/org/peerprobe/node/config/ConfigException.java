package org.peerprobe.node.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The configuration is at fault: a file is missing, malformed or inconsistent. Carries every
 * problem found, not just the first, so that one run shows the operator everything to fix. Nothing
 * has been started when this is thrown.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Not serialized: the exception never leaves the process. */
  @SuppressWarnings("serial")
  private final List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(render(errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  public ConfigException(ConfigError error) {
    this(List.of(error));
  }

  /** A problem with a whole file. */
  public static ConfigException ofFile(Path file, String message) {
    return new ConfigException(ConfigError.ofFile(file, message));
  }

  /** Every problem, in file order. */
  public List<ConfigError> errors() {
    return errors;
  }

  private static String render(List<ConfigError> errors) {
    StringBuilder s = new StringBuilder();
    for (ConfigError e : errors) {
      if (s.length() > 0) {
        s.append('\n');
      }
      s.append(e);
    }
    return s.toString();
  }
}
