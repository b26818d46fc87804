package org.peerprobe.consensus.failover;

import org.peerprobe.consensus.model.Decision;

/** The result of feeding one input to a {@link FailoverMachine}. */
public sealed interface Step {
  /** The state after the input. */
  FailoverState state();

  /** The router switched; {@code decision} records it and must be signed and published. */
  record Switched(FailoverState state, Decision decision) implements Step {}

  /** The input was recorded (or ignored) and no switch is due. */
  record Unchanged(FailoverState state) implements Step {}

  /**
   * A manual command that the rules refuse, with the reason to show the operator. The state has
   * taken the command (a second copy is a replay) unless it was refused as a replay or as being for
   * another router.
   */
  record Refused(FailoverState state, String reason) implements Step {}
}
