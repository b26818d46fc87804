package org.peerprobe.node.probe;

import java.util.Optional;
import org.peerprobe.consensus.model.FailureClass;
import org.peerprobe.consensus.model.PhaseTimings;

/**
 * The outcome of one attempt to fetch a front.
 *
 * @param failure empty when the attempt succeeded
 * @param failedPhase the phase that failed or timed out; empty on success
 * @param httpStatus the status received, or 0 when no status line was read
 * @param timings the phases that completed, and the attempt's total
 * @param detail why it failed, for logs (never signed or gossiped); empty on success
 */
public record AttemptResult(
    Optional<FailureClass> failure,
    Optional<Phase> failedPhase,
    int httpStatus,
    PhaseTimings timings,
    String detail) {

  public AttemptResult {
    if (failure.isPresent() != failedPhase.isPresent()) {
      throw new IllegalArgumentException("a failed attempt names its phase, a success none");
    }
  }

  public static AttemptResult success(int httpStatus, PhaseTimings timings) {
    return new AttemptResult(Optional.empty(), Optional.empty(), httpStatus, timings, "");
  }

  public static AttemptResult failed(
      FailureClass failure, Phase phase, int httpStatus, PhaseTimings timings, String detail) {
    return new AttemptResult(Optional.of(failure), Optional.of(phase), httpStatus, timings, detail);
  }

  public boolean succeeded() {
    return failure.isEmpty();
  }
}
