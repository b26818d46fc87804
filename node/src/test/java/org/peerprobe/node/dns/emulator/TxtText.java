package org.peerprobe.node.dns.emulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The emulators' own reading and writing of quoted TXT strings, kept apart from the production
 * {@code ZoneText} so that a bug there cannot hide in both the provider and the emulator. Handles
 * {@code \"}, {@code \\} and {@code \DDD}.
 */
final class TxtText {
  private TxtText() {}

  static String quote(String value) {
    StringBuilder s = new StringBuilder("\"");
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c == '"' || c == '\\') {
        s.append('\\').append((char) c);
      } else if (c < 32 || c > 126) {
        s.append(String.format("\\%03d", c));
      } else {
        s.append((char) c);
      }
    }
    return s.append('"').toString();
  }

  /** Concatenates every quoted string of {@code text}. */
  static String unquote(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean inside = false;
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < b.length; i++) {
      int c = b[i] & 0xff;
      if (c == '"') {
        inside = !inside;
      } else if (inside && c == '\\' && i + 3 < b.length && Character.isDigit(b[i + 1])) {
        out.write(Integer.parseInt(new String(b, i + 1, 3, StandardCharsets.US_ASCII)));
        i += 3;
      } else if (inside && c == '\\') {
        out.write(b[++i]);
      } else if (inside) {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
