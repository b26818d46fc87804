package org.peerprobe.node.feed;

import java.util.ArrayList;
import java.util.List;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.node.store.FrontVerdictRow;

/**
 * Turns a front's verdict rows into incidents for the Atom feed: a run of consecutive rounds whose
 * verdict was DOWN (an outage the quorum agreed on), or a run in which some network saw the front
 * DOWN while the verdict was not (a partial outage, visible though it never reached quorum).
 */
final class Incidents {
  private Incidents() {}

  enum Kind {
    OUTAGE,
    PARTIAL
  }

  /**
   * One incident.
   *
   * @param networks the networks that saw the front DOWN in some round of the run
   */
  record Incident(
      String front, Kind kind, long firstRound, long lastRound, List<String> networks) {}

  /** The incidents in {@code rows} (one front, sorted by round), oldest first. */
  static List<Incident> of(List<FrontVerdictRow> rows) {
    List<Incident> out = new ArrayList<>();
    Kind kind = null;
    long first = 0;
    long last = 0;
    java.util.SortedSet<String> nets = new java.util.TreeSet<>();
    String front = null;
    for (FrontVerdictRow row : rows) {
      Kind k = kindOf(row);
      boolean continues = k != null && k == kind && row.round() == last + 1;
      if (!continues && kind != null) {
        out.add(new Incident(front, kind, first, last, List.copyOf(nets)));
        kind = null;
      }
      if (k == null) {
        continue;
      }
      if (kind == null) {
        kind = k;
        first = row.round();
        nets.clear();
      }
      front = row.front();
      last = row.round();
      row.networks()
          .forEach(
              (n, w) -> {
                if (w.down() > 0) {
                  nets.add(n);
                }
              });
    }
    if (kind != null) {
      out.add(new Incident(front, kind, first, last, List.copyOf(nets)));
    }
    return out;
  }

  private static Kind kindOf(FrontVerdictRow row) {
    if (row.verdict() == Verdict.DOWN) {
      return Kind.OUTAGE;
    }
    return row.downWeight() > 0 ? Kind.PARTIAL : null;
  }
}
