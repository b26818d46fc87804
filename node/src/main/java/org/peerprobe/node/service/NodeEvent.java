package org.peerprobe.node.service;

import java.util.Map;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Verdict;

/** What a node saw happen, for the demo view, the JSON event stream and (later) the feed. */
public sealed interface NodeEvent {
  long ts();

  /** This node published its report for a round. */
  record Reported(long ts, long round, Map<String, String> statusByFront) implements NodeEvent {}

  /** The tally of one (front, round) changed. Weights per network are the raw agreeing weights. */
  record Tallied(
      long ts,
      long round,
      String front,
      Verdict verdict,
      Map<String, Long> upByNetwork,
      Map<String, Long> downByNetwork,
      long totalWeight)
      implements NodeEvent {}

  /** A verified certificate, ours or received. */
  record Certified(long ts, long round, String front, Verdict verdict, String id, boolean own)
      implements NodeEvent {}

  /** A router switched. */
  record Switched(long ts, Decision decision) implements NodeEvent {}

  /**
   * A signed decision this node holds: its own once durable and published ({@code own}), or one a
   * roster signer published and this node accepted.
   */
  record Decided(long ts, org.peerprobe.consensus.model.SignedDecision decision, boolean own)
      implements NodeEvent {}

  /**
   * The fork choice replaced this node's branch of a router's log by the network's ({@code head} is
   * the stored head now): it may replace a sibling at the same seq, which a {@link Decided} never
   * does.
   */
  record Adopted(long ts, org.peerprobe.consensus.model.SignedDecision head) implements NodeEvent {}

  /**
   * An operator command this node took from the network, and what the router's rules made of it:
   * {@code "switched to F"}, {@code "pinned to F"}, {@code "unpinned"} or {@code "refused: why"}.
   */
  record Commanded(long ts, org.peerprobe.consensus.model.OperatorCommand command, String outcome)
      implements NodeEvent {}

  /**
   * This node's signing gate closed ({@code ready} false: switches are held, nothing is signed) or
   * opened, and why: a node syncs its decision log before it signs after a (re)start.
   */
  record SigningGate(long ts, boolean ready, String reason) implements NodeEvent {}

  /** A peer's signed report was valid and counted. */
  record Accepted(long ts, String topic) implements NodeEvent {}

  /**
   * A signer's apply receipt this node holds: its own once signed and published ({@code own}), or
   * one a roster signer published and this node accepted. The latest per (decision, signer) is
   * current.
   */
  record Receipted(long ts, org.peerprobe.consensus.model.SignedApplyReceipt receipt, boolean own)
      implements NodeEvent {}

  /** A peer sent something invalid; it was rejected (and the peer penalised by gossip). */
  record Rejected(long ts, String topic, String reason) implements NodeEvent {}
}
