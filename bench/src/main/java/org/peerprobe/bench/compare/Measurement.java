package org.peerprobe.bench.compare;

import java.util.List;

/** One part of the comparison: runs its scenarios and returns their rows. */
public interface Measurement {
  /** A short name, for progress lines and {@code --only}. */
  String name();

  List<Row> run(BenchOptions options) throws Exception;
}
