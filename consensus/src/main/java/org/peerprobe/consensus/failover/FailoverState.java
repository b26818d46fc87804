package org.peerprobe.consensus.failover;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Verdict;

/**
 * Everything the failover machine of one router knows. Immutable.
 *
 * @param networkId the network the router belongs to
 * @param policy the router's rules
 * @param active the front the router points at
 * @param seq seq of the last decision, 0 before the first
 * @param head id of the last decision, {@link Decision#GENESIS} before the first
 * @param lastSwitchRound round of the last decision, empty before the first
 * @param evidence certified verdicts by round, then by front; only the last {@code max(downRounds,
 *     upRounds) + 1} rounds before the highest seen are kept
 */
public record FailoverState(
    String networkId,
    RouterPolicy policy,
    String active,
    long seq,
    String head,
    OptionalLong lastSwitchRound,
    NavigableMap<Long, Map<String, Evidence>> evidence) {

  public FailoverState {
    if (!policy.covers(active)) {
      throw new IllegalArgumentException("active front " + active + " is not one of the router's");
    }
    TreeMap<Long, Map<String, Evidence>> copy = new TreeMap<>();
    evidence.forEach((round, byFront) -> copy.put(round, Map.copyOf(byFront)));
    evidence = Collections.unmodifiableNavigableMap(copy);
  }

  /** A router that has made no decision yet, pointing at its primary. */
  public static FailoverState initial(String networkId, RouterPolicy policy) {
    return new FailoverState(
        networkId,
        policy,
        policy.primary(),
        0,
        Decision.GENESIS,
        OptionalLong.empty(),
        new TreeMap<>());
  }

  /**
   * A router resumed from its last decision (e.g. after a restart): it points where that decision
   * pointed, and the next decision chains to it.
   */
  public static FailoverState resume(String networkId, RouterPolicy policy, Decision last) {
    if (!last.router().equals(policy.name()) || !last.networkId().equals(networkId)) {
      throw new IllegalArgumentException("decision is for another router");
    }
    return new FailoverState(
        networkId,
        policy,
        last.to(),
        last.seq(),
        last.id(),
        OptionalLong.of(last.round()),
        new TreeMap<>());
  }

  /** The certified verdict of {@code front} in {@code round}, if any. */
  public Optional<Evidence> evidence(String front, long round) {
    Map<String, Evidence> byFront = evidence.get(round);
    return byFront == null ? Optional.empty() : Optional.ofNullable(byFront.get(front));
  }

  boolean certified(String front, long round, Verdict verdict) {
    return evidence(front, round).map(e -> e.is(verdict)).orElse(false);
  }

  /** True when {@code round} is after the last switch, so its evidence may justify a new one. */
  boolean afterLastSwitch(long round) {
    return lastSwitchRound.isEmpty() || round > lastSwitchRound.getAsLong();
  }

  boolean cooledDown(long round) {
    return lastSwitchRound.isEmpty()
        || round - lastSwitchRound.getAsLong() >= policy.cooldownRounds();
  }
}
