package org.peerprobe.node.dns;

import java.util.Objects;

/**
 * A credential (API token, TSIG secret). Its text is reachable only through {@link #reveal()},
 * which callers use at the moment they build a request; {@link #toString()} never shows it, so a
 * secret that ends up in a log line, an exception or a record's text shows {@code ***}.
 */
public final class Secret {
  private final String value;
  private final String origin;

  private Secret(String value, String origin) {
    this.value = value;
    this.origin = origin;
  }

  /**
   * @param value the credential
   * @param origin where it came from, for messages (e.g. {@code env DESEC_TOKEN}); never the value
   */
  public static Secret of(String value, String origin) {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("empty credential from " + origin);
    }
    return new Secret(value, origin);
  }

  public String reveal() {
    return value;
  }

  /** Where the secret came from (safe to show). */
  public String origin() {
    return origin;
  }

  /** Removes every occurrence of the secret from {@code text} (e.g. an echoed error body). */
  public String redact(String text) {
    return text == null ? null : text.replace(value, "***");
  }

  @Override
  public String toString() {
    return "***(" + origin + ")";
  }
}
