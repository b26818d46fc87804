package org.peerprobe.node.round;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.quorum.CertificateVerifier;
import org.peerprobe.consensus.quorum.FrontTally;
import org.peerprobe.consensus.quorum.RoundTally;
import org.peerprobe.consensus.quorum.VerifiedCertificate;
import org.peerprobe.consensus.quorum.VerifiedReport;
import org.peerprobe.consensus.quorum.VerifiedSignatures;
import org.peerprobe.consensus.validation.Validated;

/**
 * The tallies of the last few rounds under one roster, and which (front, round) pairs are already
 * certified — by us or by a certificate received from the network — so that each is certified once
 * here, and a certificate seen twice (same hash) is processed once.
 *
 * <p>Rounds leave the book as newer ones arrive; their final tallies wait in {@link #drainClosed}
 * for the node to store them as verdict rows.
 *
 * <p>Not thread-safe: one writer. Memory: {@link #ROUNDS_KEPT} rounds of at most one report per
 * roster member, at most {@link #MAX_REMEMBERED_CERTIFICATES} certificate ids, and the closed
 * tallies not yet drained (a few rounds' worth when the node drains them as it adds).
 */
public final class TallyBook {
  /** Rounds of tallies kept: the accepted window (current−1 … current+1) and one more. */
  public static final int ROUNDS_KEPT = 4;

  /** Certificate ids remembered for deduplication. */
  public static final int MAX_REMEMBERED_CERTIFICATES = 4096;

  private final Roster roster;
  private final VerifiedSignatures memo;
  private final TreeMap<Long, RoundTally> rounds = new TreeMap<>();

  /** Per round, the fronts certified (by us or by the network) and the certificate's id. */
  private final Map<Long, Map<String, String>> certified = new HashMap<>();

  private final List<Closed> closed = new ArrayList<>();
  private final Map<String, Boolean> seenCertificates =
      new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > MAX_REMEMBERED_CERTIFICATES;
        }
      };

  public TallyBook(Roster roster, VerifiedSignatures memo) {
    this.roster = roster;
    this.memo = memo;
  }

  public Roster roster() {
    return roster;
  }

  /** The final tally of a (front, round) that left the kept window, and its certificate. */
  public record Closed(FrontTally tally, Optional<String> certificateId) {}

  /** What adding one report did, and the certificates it completed. */
  public record Added(
      RoundTally.AddResult result,
      List<FrontTally> tallies,
      List<QuorumCertificate> certificates) {}

  /**
   * Counts a verified report and returns the tallies of the fronts it covers, plus a certificate
   * for every front whose quorum it completed and that nobody certified yet. Reports for rounds
   * older than the kept window are ignored.
   */
  public Added add(VerifiedReport report) {
    long round = report.round();
    if (!rounds.isEmpty() && round < rounds.lastKey() - ROUNDS_KEPT + 1) {
      return new Added(
          new RoundTally.AddResult.NotThisRound("round too old"), List.of(), List.of());
    }
    RoundTally tally = rounds.computeIfAbsent(round, r -> new RoundTally(roster, r));
    RoundTally.AddResult result = tally.add(report);
    prune();
    List<FrontTally> tallies = new ArrayList<>();
    List<QuorumCertificate> certs = new ArrayList<>();
    if (!(result instanceof RoundTally.AddResult.Added)
        && !(result instanceof RoundTally.AddResult.Equivocated)) {
      return new Added(result, tallies, certs);
    }
    for (Observation ob : report.signed().report().observations()) {
      FrontTally t = tally.tally(ob.front());
      tallies.add(t);
      if (t.verdict() != Verdict.NO_QUORUM && !certifiedIn(round).containsKey(ob.front())) {
        tally
            .certificate(ob.front())
            .ifPresent(
                c -> {
                  certs.add(c);
                  certifiedIn(round).put(c.front(), c.id());
                });
      }
    }
    return new Added(result, tallies, certs);
  }

  /**
   * Verifies a certificate received from the network. A certificate already seen (same hash) is
   * ignored: it returns empty. A valid new one marks its (front, round) as certified, so this node
   * does not publish its own.
   */
  public Optional<Validated<VerifiedCertificate>> receive(QuorumCertificate cert) {
    String id = cert.id();
    if (seenCertificates.containsKey(id)) {
      return Optional.empty();
    }
    Validated<VerifiedCertificate> v = CertificateVerifier.verify(cert, roster, memo);
    if (v.isValid()) {
      seenCertificates.put(id, Boolean.TRUE);
      certifiedIn(cert.round()).putIfAbsent(cert.front(), id);
    }
    return Optional.of(v);
  }

  /** Marks our own certificate as seen, so its echo from the network is not processed again. */
  public void published(QuorumCertificate cert) {
    seenCertificates.put(cert.id(), Boolean.TRUE);
  }

  /** The current tally of {@code front} in {@code round}, if that round is kept. */
  public Optional<FrontTally> tally(String front, long round) {
    RoundTally t = rounds.get(round);
    return t == null ? Optional.empty() : Optional.of(t.tally(front));
  }

  public Optional<RoundTally> round(long round) {
    return Optional.ofNullable(rounds.get(round));
  }

  /**
   * The tallies of rounds that left the kept window since the last call, oldest first: each round's
   * fronts with their final verdict and certificate id.
   */
  public List<Closed> drainClosed() {
    List<Closed> out = List.copyOf(closed);
    closed.clear();
    return out;
  }

  /** Closes every kept round (e.g. when this book is replaced by one for a new roster). */
  public List<Closed> closeAll() {
    while (!rounds.isEmpty()) {
      close(rounds.firstKey());
    }
    return drainClosed();
  }

  private void prune() {
    boolean closedAny = false;
    while (rounds.size() > ROUNDS_KEPT) {
      close(rounds.firstKey());
      closedAny = true;
    }
    if (closedAny) {
      // certificates received for rounds that never held a report here
      long oldest = rounds.firstKey();
      certified.keySet().removeIf(r -> r < oldest);
    }
  }

  private void close(long round) {
    RoundTally t = rounds.remove(round);
    Set<String> fronts = new TreeSet<>();
    t.reports()
        .forEach(r -> r.signed().report().observations().forEach(o -> fronts.add(o.front())));
    Map<String, String> ids = certified.getOrDefault(round, Map.of());
    for (String front : fronts) {
      closed.add(new Closed(t.tally(front), Optional.ofNullable(ids.get(front))));
    }
    certified.remove(round);
  }

  private Map<String, String> certifiedIn(long round) {
    return certified.computeIfAbsent(round, r -> new HashMap<>());
  }
}
