package org.peerprobe.consensus.canonical;

/**
 * Strict checks of the raw bytes before they reach the JSON parser: well-formed UTF-8 (RFC 3629: no
 * overlong forms, no encoded surrogates, nothing above U+10FFFF), no byte order mark, and no raw
 * control bytes other than the JSON whitespace TAB, LF and CR. The parser would otherwise accept
 * some malformed sequences, skip a BOM, or guess UTF-16/UTF-32 from NUL bytes.
 */
final class Utf8 {
  private Utf8() {}

  /**
   * @throws DecodeException naming the byte offset of the first problem
   */
  static void check(byte[] b, String root) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
      throw new DecodeException(root + ": a byte order mark is not allowed");
    }
    int i = 0;
    while (i < b.length) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          throw new DecodeException(
              root + ": raw control byte " + String.format("0x%02x", c) + " at offset " + i);
        }
        i++;
        continue;
      }
      int n;
      int lo = 0x80;
      int hi = 0xbf;
      if (c >= 0xc2 && c <= 0xdf) {
        n = 1;
      } else if (c >= 0xe0 && c <= 0xef) {
        n = 2;
        lo = c == 0xe0 ? 0xa0 : 0x80;
        hi = c == 0xed ? 0x9f : 0xbf;
      } else if (c >= 0xf0 && c <= 0xf4) {
        n = 3;
        lo = c == 0xf0 ? 0x90 : 0x80;
        hi = c == 0xf4 ? 0x8f : 0xbf;
      } else {
        throw invalid(root, i);
      }
      if (i + n >= b.length) {
        throw invalid(root, i);
      }
      int second = b[i + 1] & 0xff;
      if (second < lo || second > hi) {
        throw invalid(root, i);
      }
      for (int k = 2; k <= n; k++) {
        int cont = b[i + k] & 0xff;
        if (cont < 0x80 || cont > 0xbf) {
          throw invalid(root, i);
        }
      }
      i += n + 1;
    }
  }

  private static DecodeException invalid(String root, int offset) {
    return new DecodeException(root + ": invalid UTF-8 at byte offset " + offset);
  }
}
