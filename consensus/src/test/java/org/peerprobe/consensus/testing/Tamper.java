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

  /**
   * The masks the exhaustive tests try at byte {@code index}: 0x01 (a digit or hex letter becomes
   * its neighbour), 0x20 (letter case, and characters into or out of the space/punctuation range),
   * 0x80 (a lone non-ASCII byte), and one more mask in 0x02..0xff that varies with the position.
   */
  public static int[] masks(int index) {
    int varying = 2 + Math.floorMod(index * 0x9E3779B1, 254);
    return new int[] {0x01, 0x20, 0x80, varying};
  }
}
