package org.peerprobe.node.feed;

import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.node.service.NodeEvent;

/** What the feed streams live ({@code /v1/events}). */
public sealed interface FeedEvent {

  /**
   * A front's round first reached a verdict, certified.
   *
   * @param tally the round's latest tally, for the per-network breakdown (null when not seen)
   */
  record VerdictReached(
      long ts,
      String front,
      long round,
      Verdict verdict,
      String certificate,
      NodeEvent.Tallied tally)
      implements FeedEvent {}

  /** This node holds a new decision (its own, or one it accepted from the network). */
  record DecisionMade(SignedDecision decision) implements FeedEvent {}

  /** A signer's apply receipt for a decision: what each DNS provider did with it. */
  record ReceiptIssued(org.peerprobe.consensus.model.SignedApplyReceipt receipt)
      implements FeedEvent {}
}
