package org.peerprobe.bench.compare;

import java.io.PrintStream;

/**
 * How one comparison run goes.
 *
 * @param quick a reduced version of every row (fewer trials and rounds, same scenarios), meant to
 *     finish within 3 minutes on 2 cores
 * @param seed seeds every simulation and random choice, so a run can be repeated
 * @param log where measurements report progress (not the table)
 */
public record BenchOptions(boolean quick, long seed, PrintStream log) {
  public static final long DEFAULT_SEED = 2025_11_18L;

  /** {@code full} when not quick, else {@code quick}: the smaller count for a quick run. */
  public int pick(int full, int quickCount) {
    return quick ? quickCount : full;
  }
}
