package org.peerprobe.node.probe;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.peerprobe.consensus.model.FailureClass;
import org.peerprobe.consensus.model.Observation;

/**
 * Counts one front's attempts in one round and turns them into an observation.
 *
 * <ul>
 *   <li>Attempts run one after another and stop as soon as the outcome is decided: once {@code
 *       planned / 2 + 1} attempts failed (DOWN), or once so many succeeded that failures can no
 *       longer reach that (UP). With 3 planned attempts a healthy front costs 2 requests.
 *   <li>The front is DOWN only when a strict majority of the attempts made failed (fewer than
 *       planned are made when the round budget runs out); a tie is UP.
 *   <li>A DOWN observation's failure class is the most common class among the failed attempts; a
 *       tie goes to the class that failed last.
 *   <li>Status and timings come from one representative attempt: the last one that agrees with the
 *       verdict (for DOWN, the last failure of the reported class), so an UP observation never
 *       carries a failed attempt's timings and vice versa.
 * </ul>
 *
 * <p>Not thread-safe: one prober chain owns it.
 */
final class AttemptTally {
  private final int planned;
  private final List<AttemptResult> results = new ArrayList<>();
  private int failures;

  AttemptTally(int planned) {
    if (planned < 1) {
      throw new IllegalArgumentException("at least one attempt: " + planned);
    }
    this.planned = planned;
  }

  void add(AttemptResult result) {
    results.add(result);
    if (!result.succeeded()) {
      failures++;
    }
  }

  int made() {
    return results.size();
  }

  /** True when further attempts could not change the verdict (or all planned were made). */
  boolean decided() {
    int failuresForDown = planned / 2 + 1;
    int successes = results.size() - failures;
    return results.size() >= planned
        || failures >= failuresForDown
        || successes > planned - failuresForDown;
  }

  boolean down() {
    return failures * 2 > results.size();
  }

  List<AttemptResult> results() {
    return List.copyOf(results);
  }

  Observation toObservation(String front, long observedAtMs) {
    if (results.isEmpty()) {
      throw new IllegalStateException("no attempt was made");
    }
    if (!down()) {
      AttemptResult last = lastMatching(null);
      return Observation.up(front, last.httpStatus(), last.timings(), observedAtMs);
    }
    FailureClass reported = mostCommonFailure();
    AttemptResult last = lastMatching(reported);
    return Observation.down(front, reported, last.httpStatus(), last.timings(), observedAtMs);
  }

  private FailureClass mostCommonFailure() {
    Map<FailureClass, Integer> counts = new EnumMap<>(FailureClass.class);
    FailureClass best = null;
    int bestCount = 0;
    for (AttemptResult r : results) {
      if (r.failure().isPresent()) {
        FailureClass c = r.failure().get();
        int n = counts.merge(c, 1, Integer::sum);
        if (n >= bestCount) { // ">=": a tie goes to the class that failed last
          best = c;
          bestCount = n;
        }
      }
    }
    return best;
  }

  /** The last success ({@code failure} null) or the last failure of class {@code failure}. */
  private AttemptResult lastMatching(FailureClass failure) {
    for (int i = results.size() - 1; i >= 0; i--) {
      AttemptResult r = results.get(i);
      if (failure == null ? r.succeeded() : r.failure().filter(failure::equals).isPresent()) {
        return r;
      }
    }
    throw new IllegalStateException("no attempt matches " + failure);
  }
}
