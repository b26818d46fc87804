package org.peerprobe.consensus.quorum;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;

/**
 * The reports of one round under one roster, and their tally per front.
 *
 * <p>One vote per observer: a second, different report from the same observer for this round is
 * equivocation — returned as evidence, and from then on none of that observer's reports for this
 * round count. An identical copy of a report already held is a duplicate and changes nothing.
 *
 * <p>The agreeing weight per (front, status, network) is kept up to date as reports are counted and
 * withdrawn, so a tally costs O(networks) rather than O(reports): a node tallies a report's fronts
 * every time one arrives, which over a round would otherwise grow with the square of the roster.
 *
 * <p>Not thread-safe: one writer. Memory is bounded by the roster: at most one report per member
 * plus one piece of evidence per equivocating member, and one weight per (front, status, network)
 * those reports name.
 */
public final class RoundTally {
  private final Roster roster;
  private final long round;
  // in key order, so that a certificate's reports come out already sorted as it requires
  private final Map<Ed25519PublicKey, VerifiedReport> reports = new TreeMap<>();
  private final Map<Ed25519PublicKey, Equivocation> equivocations = new LinkedHashMap<>();
  private final Map<String, Map<String, Long>> upWeight = new HashMap<>();
  private final Map<String, Map<String, Long>> downWeight = new HashMap<>();

  public RoundTally(Roster roster, long round) {
    this.roster = roster;
    this.round = round;
  }

  public Roster roster() {
    return roster;
  }

  public long round() {
    return round;
  }

  /** What {@link #add} did with a report. */
  public sealed interface AddResult {
    /** Counted. */
    record Added() implements AddResult {}

    /** Already held; nothing changed. */
    record Duplicate() implements AddResult {}

    /** The observer equivocated; its votes in this round are withdrawn. */
    record Equivocated(Equivocation evidence) implements AddResult {}

    /** The observer was already caught equivocating in this round. */
    record AlreadyEquivocated() implements AddResult {}

    /** The report is for another round or was verified against another roster. */
    record NotThisRound(String detail) implements AddResult {}
  }

  public AddResult add(VerifiedReport report) {
    if (report.round() != round) {
      return new AddResult.NotThisRound("report round " + report.round() + ", tally " + round);
    }
    Ed25519PublicKey key = report.member().key();
    if (!report.signed().report().networkId().equals(roster.networkId())
        || !roster.observer(key).equals(Optional.of(report.member()))) {
      return new AddResult.NotThisRound("report was verified against another roster");
    }
    if (equivocations.containsKey(key)) {
      return new AddResult.AlreadyEquivocated();
    }
    VerifiedReport held = reports.get(key);
    if (held == null) {
      reports.put(key, report);
      count(report, 1);
      return new AddResult.Added();
    }
    if (held.contentId().equals(report.contentId())) {
      return new AddResult.Duplicate();
    }
    Equivocation evidence = new Equivocation(held.signed(), report.signed());
    reports.remove(key);
    count(held, -1);
    equivocations.put(key, evidence);
    return new AddResult.Equivocated(evidence);
  }

  /** Reports currently counted, in observer key order. */
  public Collection<VerifiedReport> reports() {
    return java.util.Collections.unmodifiableCollection(reports.values());
  }

  public Collection<Equivocation> equivocations() {
    return java.util.Collections.unmodifiableCollection(equivocations.values());
  }

  /** Adds ({@code sign} 1) or withdraws (−1) a counted report's weight for each front it names. */
  private void count(VerifiedReport r, long sign) {
    long weight = sign * r.member().weight();
    for (Observation ob : r.signed().report().observations()) {
      Map<String, Map<String, Long>> side = ob.status() == Status.UP ? upWeight : downWeight;
      // sorted, so that each tally's snapshot of it (Support) is a linear copy
      Map<String, Long> byNetwork = side.computeIfAbsent(ob.front(), f -> new TreeMap<>());
      // a network whose weight returns to zero leaves the map, as if never counted
      byNetwork.merge(r.member().network(), weight, (a, b) -> a + b == 0 ? null : a + b);
      if (byNetwork.isEmpty()) {
        side.remove(ob.front());
      }
    }
  }

  /** Tallies one front: UP and DOWN support per network and the verdict. */
  public FrontTally tally(String front) {
    long total = roster.totalWeight();
    return FrontTally.of(
        front,
        round,
        Support.evaluate(roster.policy(), total, upWeight.getOrDefault(front, Map.of())),
        Support.evaluate(roster.policy(), total, downWeight.getOrDefault(front, Map.of())),
        total);
  }

  /**
   * The certificate for {@code front} when its tally reached a verdict: every counted report that
   * supports the verdict.
   */
  public Optional<QuorumCertificate> certificate(String front) {
    FrontTally t = tally(front);
    if (t.verdict() == org.peerprobe.consensus.model.Verdict.NO_QUORUM) {
      return Optional.empty();
    }
    Status supporting = t.verdict().supportingStatus();
    List<SignedReport> agreeing = new ArrayList<>();
    for (VerifiedReport r : reports.values()) {
      Optional<Observation> ob = r.signed().report().observationOf(front);
      if (ob.isPresent() && ob.get().status() == supporting) {
        agreeing.add(r.signed());
      }
    }
    return Optional.of(
        new QuorumCertificate(
            roster.networkId(), roster.version(), front, round, t.verdict(), agreeing));
  }
}
