package org.peerprobe.node.dns.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Record values in zone-file presentation form (RFC 1035 section 5.1), as PowerDNS and deSEC take
 * them. A TXT value is one or more double-quoted character-strings, with {@code "} and {@code \}
 * escaped by a backslash and bytes outside printable ASCII written as {@code \DDD}. A value longer
 * than {@link #MAX_STRING_OCTETS} octets is split into several character-strings, which resolvers
 * concatenate.
 */
public final class ZoneText {
  /** Longest character-string (RFC 1035: a length octet). */
  public static final int MAX_STRING_OCTETS = 255;

  /** Longest presentation text parsed. */
  public static final int MAX_PRESENTATION_CHARS = 64 * 1024;

  private ZoneText() {}

  /**
   * {@code value} of an RRset of {@code type} in zone-file form: TXT quoted, a CNAME or NS target
   * made absolute (trailing dot), anything else as it is.
   */
  public static String encode(String type, String value) {
    return switch (type) {
      case "TXT" -> quote(value);
      case "CNAME", "NS" -> value.endsWith(".") ? value : value + ".";
      default -> value;
    };
  }

  /**
   * The inverse of {@link #encode}: a value as {@link org.peerprobe.node.dns.RecordSet} holds it.
   */
  public static String decode(String type, String content) {
    return "TXT".equals(type) ? unquote(content) : content;
  }

  /** {@code value} (UTF-8) as quoted character-strings. */
  public static String quote(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 8);
    int i = 0;
    do {
      int end = Math.min(bytes.length, i + MAX_STRING_OCTETS);
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append('"');
      for (; i < end; i++) {
        int b = bytes[i] & 0xff;
        if (b == '"' || b == '\\') {
          out.append('\\').append((char) b);
        } else if (b < 0x20 || b > 0x7e) {
          out.append('\\').append(String.format("%03d", b));
        } else {
          out.append((char) b);
        }
      }
      out.append('"');
    } while (i < bytes.length);
    return out.toString();
  }

  /**
   * The value of presentation text: quoted or bare character-strings, concatenated.
   *
   * @throws IllegalArgumentException when the text is malformed or too long
   */
  public static String unquote(String text) {
    if (text.length() > MAX_PRESENTATION_CHARS) {
      throw new IllegalArgumentException("TXT text longer than " + MAX_PRESENTATION_CHARS);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
        continue;
      }
      boolean quoted = c == '"';
      if (quoted) {
        i++;
      }
      while (i < n) {
        c = text.charAt(i);
        if (quoted ? c == '"' : c == ' ' || c == '\t') {
          break;
        }
        if (c == '\\') {
          i = escape(text, i + 1, out);
        } else {
          i = codePoint(text, i, out);
        }
      }
      if (quoted) {
        if (i >= n) {
          throw new IllegalArgumentException("unterminated quoted TXT string");
        }
        i++;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Reads the escape after a backslash at {@code i}; returns the index after it. */
  private static int escape(String text, int i, ByteArrayOutputStream out) {
    if (i >= text.length()) {
      throw new IllegalArgumentException("TXT text ends in a backslash");
    }
    if (i + 3 <= text.length() && text.substring(i, i + 3).chars().allMatch(Character::isDigit)) {
      int v = Integer.parseInt(text.substring(i, i + 3));
      if (v > 255) {
        throw new IllegalArgumentException("TXT escape \\" + v + " is not a byte");
      }
      out.write(v);
      return i + 3;
    }
    return codePoint(text, i, out);
  }

  /** Writes the UTF-8 of the code point at {@code i}; returns the index after it. */
  private static int codePoint(String text, int i, ByteArrayOutputStream out) {
    int cp = text.codePointAt(i);
    byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, b.length);
    return i + Character.charCount(cp);
  }
}
