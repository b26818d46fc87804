package org.peerprobe.node.store;

/**
 * How many rows one retention pass removed, per table.
 *
 * @param reports signed reports (with their per-front observation rows)
 * @param certificates certificates not cited by any decision
 * @param verdicts per-(front, round) verdict rows
 * @param equivocations equivocation evidence
 */
public record PruneResult(long reports, long certificates, long verdicts, long equivocations) {
  public long total() {
    return reports + certificates + verdicts + equivocations;
  }
}
