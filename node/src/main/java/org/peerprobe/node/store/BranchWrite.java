package org.peerprobe.node.store;

import java.util.List;
import org.peerprobe.consensus.model.SignedDecision;

/** What {@link Store#adoptBranch} did. Only {@link Adopted} changed the store. */
public sealed interface BranchWrite {

  /**
   * The branch is now the router's log after {@code forkSeq}, durable (fsynced) before this result
   * was returned.
   *
   * @param forkSeq the last seq the old and new chains share (0: they share nothing)
   * @param headSeq the new head's seq
   * @param replaced the decisions that were held after {@code forkSeq} and are not on the branch,
   *     by seq; they are kept as fork evidence ({@link Store#replacedDecisions})
   */
  record Adopted(long forkSeq, long headSeq, List<SignedDecision> replaced) implements BranchWrite {
    public Adopted {
      replaced = List.copyOf(replaced);
    }
  }

  /**
   * Nothing changed: the branch does not start at the stored decision at its fork seq (the log
   * moved since it was read), or its head is not above the stored head (the fork choice keeps the
   * held branch).
   */
  record Refused(String detail) implements BranchWrite {}
}
