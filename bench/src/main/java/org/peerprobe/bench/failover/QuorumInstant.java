package org.peerprobe.bench.failover;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.peerprobe.consensus.model.QuorumPolicy;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.quorum.Support;

/**
 * When the last observation a verdict needed was published: the reports of one round taken in
 * publish order, the first instant at which those agreeing on a status meet the quorum policy (the
 * real {@link Support#evaluate} rule: threshold, network spread, per-network cap). Nothing that
 * happens after it (gossip, tally, certificate, signer, DNS) is detection; everything after it is
 * the overhead peerprobe adds.
 */
final class QuorumInstant {
  /**
   * One observer's published report of a round, as far as the quorum is concerned.
   *
   * @param publishedAtMs when the observer published it (Unix ms)
   * @param network the observer's network in the roster
   * @param weight the observer's roster weight
   * @param statusByFront what it saw of each front ({@link Status} names)
   */
  record Published(
      long publishedAtMs, String network, long weight, Map<String, String> statusByFront) {}

  private QuorumInstant() {}

  /**
   * The publish time of the report with which {@code reports} first reach a quorum of {@code
   * status} for {@code front}, or empty when they never do.
   */
  static OptionalLong of(
      List<Published> reports,
      String front,
      Status status,
      QuorumPolicy policy,
      long totalRosterWeight) {
    Map<String, Long> agreeing = new TreeMap<>();
    List<Published> ordered =
        reports.stream().sorted(Comparator.comparingLong(Published::publishedAtMs)).toList();
    for (Published p : ordered) {
      if (!status.name().equals(p.statusByFront().get(front))) {
        continue;
      }
      agreeing.merge(p.network(), p.weight(), Long::sum);
      if (Support.evaluate(policy, totalRosterWeight, agreeing).reached()) {
        return OptionalLong.of(p.publishedAtMs());
      }
    }
    return OptionalLong.empty();
  }
}
