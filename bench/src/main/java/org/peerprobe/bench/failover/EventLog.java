package org.peerprobe.bench.failover;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.node.service.NodeEvent;

/**
 * What the measurement needs from the nodes' events: every observer's own report publish times (per
 * round), and the signer's certificates and own decisions. Thread-safe: nodes emit on their event
 * loops, the measurement reads from its own thread.
 */
final class EventLog {
  /**
   * The signer's view of one certificate it verified.
   *
   * @param atMs when the signer had it: made it from its own tally, or verified it from gossip
   * @param own whether the signer made it
   */
  record Certificate(long round, String front, Verdict verdict, long atMs, boolean own) {}

  /** A decision the signer signed and published, and when. */
  record Signed(long atMs, Decision decision) {}

  private final Roster roster;
  private final Map<Long, List<QuorumInstant.Published>> reports = new ConcurrentHashMap<>();
  private final Map<String, Certificate> certificates = new ConcurrentHashMap<>();
  private final List<Signed> decisions = new CopyOnWriteArrayList<>();
  private final Map<String, CompletableFuture<Void>> firstUp = new ConcurrentHashMap<>();

  EventLog(Roster roster) {
    this.roster = roster;
  }

  /** The listener of an observer in {@code network} with roster {@code weight}. */
  Consumer<NodeEvent> observer(String network, long weight) {
    return e -> {
      if (e instanceof NodeEvent.Reported r) {
        reports
            .computeIfAbsent(r.round(), k -> new CopyOnWriteArrayList<>())
            .add(new QuorumInstant.Published(r.ts(), network, weight, r.statusByFront()));
      }
    };
  }

  /** The listener of the signer node. */
  Consumer<NodeEvent> signer() {
    return e -> {
      if (e instanceof NodeEvent.Certified c) {
        certificates.putIfAbsent(
            c.id(), new Certificate(c.round(), c.front(), c.verdict(), c.ts(), c.own()));
        if (c.verdict() == Verdict.UP) {
          upCertified(c.front()).complete(null);
        }
      } else if (e instanceof NodeEvent.Decided d && d.own()) {
        decisions.add(new Signed(d.ts(), d.decision().decision()));
      }
    };
  }

  /** Completes when the signer has verified a first UP certificate for {@code front}. */
  CompletableFuture<Void> upCertified(String front) {
    return firstUp.computeIfAbsent(front, f -> new CompletableFuture<>());
  }

  /** The latest decision the signer signed for {@code to} at or after {@code sinceMs}. */
  Optional<Signed> decisionTo(String to, long sinceMs) {
    Signed found = null;
    for (Signed s : decisions) {
      if (s.decision().to().equals(to) && s.atMs() >= sinceMs) {
        found = s;
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * When the signer held every certificate {@code decision} cites (its own or received), or empty
   * when one is unknown.
   */
  OptionalLong evidenceAtSigner(Decision decision) {
    long last = Long.MIN_VALUE;
    for (String id : decision.certificates()) {
      Certificate c = certificates.get(id);
      if (c == null) {
        return OptionalLong.empty();
      }
      last = Math.max(last, c.atMs());
    }
    return last == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(last);
  }

  /**
   * When the last observation {@code decision} needed was published: the latest quorum instant
   * ({@link QuorumInstant}) among the certificates it cites; empty when the signer's record of one
   * of them is missing (it never is for the signer's own decision).
   */
  OptionalLong lastNeededObservation(Decision decision) {
    long last = Long.MIN_VALUE;
    for (String id : decision.certificates()) {
      Certificate c = certificates.get(id);
      if (c == null || c.verdict() == Verdict.NO_QUORUM) {
        return OptionalLong.empty();
      }
      OptionalLong at =
          QuorumInstant.of(
              reports.getOrDefault(c.round(), List.of()),
              c.front(),
              c.verdict().supportingStatus(),
              roster.policy(),
              roster.totalWeight());
      if (at.isEmpty()) {
        return OptionalLong.empty();
      }
      last = Math.max(last, at.getAsLong());
    }
    return last == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(last);
  }
}
