package org.peerprobe.node.sim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.model.Verdict;

/**
 * What a simulation run did.
 *
 * @param scenario the world that was simulated
 * @param signerDecisions the decisions the signer signed, in order: each would have switched DNS
 * @param nodes every full node's view at the end, the signer's under {@link #signerId}
 * @param signerId the signer's node id (the observers are 0 … n−1)
 * @param published reports the observers signed and published
 * @param late reports not published because their round had left the observer's window
 * @param delivered messages the network delivered
 * @param dropped messages lost to cut links or a node that was down
 */
public record SimResult(
    Scenario scenario,
    List<Decision> signerDecisions,
    Map<Integer, NodeView> nodes,
    int signerId,
    long published,
    long late,
    long delivered,
    long dropped) {

  /** A certificate a node made or accepted, when (simulated Unix ms). */
  public record Certified(long atMs, long round, String front, Verdict verdict, boolean own) {}

  /** A switch this node's own failover machine made, when. */
  public record Switched(long atMs, Decision decision) {}

  /**
   * One full node at the end of the run.
   *
   * @param active the front its router points at
   * @param head the id of the last decision in its chain
   * @param rejectedReports reports its validator refused (e.g. outside its round window)
   */
  public record NodeView(
      int id,
      String active,
      Optional<String> head,
      List<Certified> certified,
      List<Switched> switched,
      int rejectedReports) {

    /**
     * Distinct simulated rounds (0-based) for which it holds a {@code verdict} on {@code front}.
     */
    public long roundsCertified(Scenario s, String front, Verdict verdict) {
      return certified.stream()
          .filter(c -> c.front().equals(front) && c.verdict() == verdict)
          .mapToLong(c -> c.round() - s.round(0))
          .filter(r -> r >= 0 && r < s.rounds())
          .distinct()
          .count();
    }
  }

  public NodeView signer() {
    return nodes.get(signerId);
  }

  /** Switches away from the active front because it was certified DOWN. */
  public long failovers() {
    return signerDecisions.stream().filter(d -> d.reason() == DecisionReason.FAILOVER).count();
  }

  /** The simulated round (0-based) of the signer's first failover, or empty. */
  public Optional<Long> firstFailoverRound() {
    return signerDecisions.stream()
        .filter(d -> d.reason() == DecisionReason.FAILOVER)
        .map(d -> d.round() - scenario.round(0))
        .findFirst();
  }
}
