package org.peerprobe.node.sim;

/**
 * Random draws that depend only on their inputs (SplitMix64 finalisation of a seed and a few
 * coordinates), so that what an observer sees in a round does not depend on the order in which the
 * simulation happened to ask.
 */
final class Draws {
  private Draws() {}

  /** A uniform double in [0, 1) determined by {@code seed} and the coordinates. */
  static double unit(long seed, long a, long b, long c) {
    long h = mix(seed);
    h = mix(h ^ a);
    h = mix(h ^ b);
    h = mix(h ^ c);
    return (h >>> 11) * 0x1.0p-53;
  }

  private static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
