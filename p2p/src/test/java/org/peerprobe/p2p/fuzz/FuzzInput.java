package org.peerprobe.p2p.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The layout shared by every fuzz input: byte 0 holds option bits the target interprets (role,
 * limits, behaviour), byte 1 says how the body is cut into reads ({@code 0}: one read; {@code n}:
 * reads of 1 to {@code n} bytes, from a generator seeded with {@code n}), and the rest is the body.
 * Missing header bytes count as zero, so every byte array is a valid input.
 */
record FuzzInput(int options, int cut, byte[] body) {
  static final int HEADER_BYTES = 2;

  static FuzzInput of(byte[] data) {
    int options = data.length > 0 ? data[0] & 0xff : 0;
    int cut = data.length > 1 ? data[1] & 0xff : 0;
    byte[] body =
        data.length > HEADER_BYTES
            ? Arrays.copyOfRange(data, HEADER_BYTES, data.length)
            : new byte[0];
    return new FuzzInput(options, cut, body);
  }

  /** The input bytes for {@code options}, {@code cut} and {@code body}. */
  static byte[] encode(int options, int cut, byte[] body) {
    byte[] out = new byte[HEADER_BYTES + body.length];
    out[0] = (byte) options;
    out[1] = (byte) cut;
    System.arraycopy(body, 0, out, HEADER_BYTES, body.length);
    return out;
  }

  boolean flag(int bit) {
    return (options & (1 << bit)) != 0;
  }

  /** The body cut into reads as {@link #cut()} says; never an empty read. */
  List<byte[]> chunks() {
    return chunks(body);
  }

  /** Any byte array cut into reads as {@link #cut()} says. */
  List<byte[]> chunks(byte[] bytes) {
    List<byte[]> out = new ArrayList<>();
    if (cut == 0) {
      if (bytes.length > 0) {
        out.add(bytes);
      }
      return out;
    }
    SplittableRandom sizes = new SplittableRandom(cut);
    for (int at = 0; at < bytes.length; ) {
      int n = Math.min(bytes.length - at, 1 + sizes.nextInt(cut));
      out.add(Arrays.copyOfRange(bytes, at, at + n));
      at += n;
    }
    return out;
  }
}
