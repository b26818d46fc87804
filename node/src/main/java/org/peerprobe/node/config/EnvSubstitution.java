package org.peerprobe.node.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in a configuration value with the
 * environment variable {@code NAME} (or {@code default} when it is unset or empty); {@code $$} is a
 * literal {@code $}. Used for secrets, so that they stay out of files: callers must never echo a
 * value that came from here.
 *
 * <p>Substitution applies to string scalars after YAML parsing, so a variable can never change the
 * structure of a file, and line numbers stay those of the file.
 */
final class EnvSubstitution {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private EnvSubstitution() {}

  /**
   * The text with every reference replaced, and the variables it used.
   *
   * @param text the scalar as written
   * @param env the environment (e.g. {@code System::getenv})
   * @throws IllegalArgumentException naming the unset variable or the malformed reference
   */
  static Result substitute(String text, Function<String, String> env) {
    if (text.indexOf('$') < 0) {
      return new Result(text, List.of());
    }
    StringBuilder out = new StringBuilder(text.length());
    List<String> used = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 >= text.length()) {
        out.append(c);
        i++;
      } else if (text.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (text.charAt(i + 1) == '{') {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          throw new IllegalArgumentException("'${' without a closing '}'");
        }
        String ref = text.substring(i + 2, end);
        int dflt = ref.indexOf(":-");
        String name = dflt < 0 ? ref : ref.substring(0, dflt);
        if (!NAME.matcher(name).matches()) {
          throw new IllegalArgumentException(
              "'${" + ref + "}' is not a variable reference (use ${NAME} or ${NAME:-default})");
        }
        String value = env.apply(name);
        if (value == null || value.isEmpty()) {
          if (dflt < 0) {
            throw new IllegalArgumentException("environment variable " + name + " is not set");
          }
          value = ref.substring(dflt + 2);
        }
        used.add(name);
        out.append(value);
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return new Result(out.toString(), List.copyOf(used));
  }

  /** A substituted value and the variables that went into it (empty: nothing substituted). */
  record Result(String text, List<String> variables) {}
}
