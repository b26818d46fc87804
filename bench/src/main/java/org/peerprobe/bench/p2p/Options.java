package org.peerprobe.bench.p2p;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code --name value} command-line options with defaults; unknown names are an error. */
public final class Options {
  private final Map<String, String> values = new HashMap<>();

  public Options(String[] args, Set<String> known) {
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!name.startsWith("--") || !known.contains(name.substring(2))) {
        throw new IllegalArgumentException("unknown option " + name + "; known: " + known);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      values.put(name.substring(2), args[++i]);
    }
  }

  public int intValue(String name, int defaultValue) {
    String v = values.get(name);
    return v == null ? defaultValue : Integer.parseInt(v);
  }

  public String string(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  /** A duration written as {@code 500ms}, {@code 30s}, {@code 10m} or {@code 1h}. */
  public Duration duration(String name, Duration defaultValue) {
    String v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    String t = v.trim().toLowerCase(Locale.ROOT);
    boolean millis = t.endsWith("ms");
    String digits = t.substring(0, Math.max(0, t.length() - (millis ? 2 : 1)));
    char unit = millis ? 'l' : t.isEmpty() ? '?' : t.charAt(t.length() - 1);
    if (!digits.matches("[0-9]{1,9}")) {
      unit = '?';
    }
    return switch (unit) {
      case 'l' -> Duration.ofMillis(Long.parseLong(digits));
      case 's' -> Duration.ofSeconds(Long.parseLong(digits));
      case 'm' -> Duration.ofMinutes(Long.parseLong(digits));
      case 'h' -> Duration.ofHours(Long.parseLong(digits));
      default ->
          throw new IllegalArgumentException(
              "--" + name + ": not a duration like 500ms, 30s or 10m: " + v);
    };
  }
}
