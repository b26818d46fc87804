package org.peerprobe.consensus.testing;

/** Byte-level corruption of encoded data. */
public final class Tamper {
  private Tamper() {}

  /** A copy of {@code bytes} with byte {@code index} XORed with {@code mask} (1..255). */
  public static byte[] flip(byte[] bytes, int index, int mask) {
    if (mask < 1 || mask > 255) {
      throw new IllegalArgumentException("mask must change the byte: " + mask);
    }
    byte[] out = bytes.clone();
    out[index] = (byte) (out[index] ^ mask);
    return out;
  }

  /** The masks the exhaustive tests try at every position: each bit, and a few multi-bit ones. */
  public static int[] masks() {
    return new int[] {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x03, 0x7f, 0xff};
  }
}
