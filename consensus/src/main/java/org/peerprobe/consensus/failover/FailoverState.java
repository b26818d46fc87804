package org.peerprobe.consensus.failover;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.peerprobe.consensus.model.CommandAction;
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
 * @param pinned the front the operator pinned the router to; while present, certificates are
 *     recorded but never switch the router
 * @param lastCommandAtMs {@code issuedAtMs} of the last operator command the router took, empty
 *     before the first; a command not issued after it is a replay
 */
public record FailoverState(
    String networkId,
    RouterPolicy policy,
    String active,
    long seq,
    String head,
    OptionalLong lastSwitchRound,
    NavigableMap<Long, Map<String, Evidence>> evidence,
    Optional<String> pinned,
    OptionalLong lastCommandAtMs) {

  public FailoverState {
    if (!policy.covers(active)) {
      throw new IllegalArgumentException("active front " + active + " is not one of the router's");
    }
    if (pinned.isPresent() && !pinned.get().equals(active)) {
      throw new IllegalArgumentException("a pinned router points at its pinned front");
    }
    TreeMap<Long, Map<String, Evidence>> copy = new TreeMap<>();
    evidence.forEach((round, byFront) -> copy.put(round, Map.copyOf(byFront)));
    evidence = Collections.unmodifiableNavigableMap(copy);
  }

  /** A state without pin or command history. */
  public FailoverState(
      String networkId,
      RouterPolicy policy,
      String active,
      long seq,
      String head,
      OptionalLong lastSwitchRound,
      NavigableMap<Long, Map<String, Evidence>> evidence) {
    this(
        networkId,
        policy,
        active,
        seq,
        head,
        lastSwitchRound,
        evidence,
        Optional.empty(),
        OptionalLong.empty());
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
   * pointed, and the next decision chains to it. When the decision was made by an operator command
   * the router is pinned exactly when that command was a PIN, and takes only commands issued after
   * it; a pin or unpin that switched nothing is not in the chain and is not recovered.
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
        new TreeMap<>(),
        last.command().filter(c -> c.command().action() == CommandAction.PIN).map(c -> last.to()),
        last.command()
            .map(c -> OptionalLong.of(c.command().issuedAtMs()))
            .orElse(OptionalLong.empty()));
  }

  /** This state with the router pinned to {@code front} (or unpinned, when empty). */
  FailoverState withPin(Optional<String> front) {
    return new FailoverState(
        networkId, policy, active, seq, head, lastSwitchRound, evidence, front, lastCommandAtMs);
  }

  /** This state having taken a command issued at {@code issuedAtMs}. */
  FailoverState withCommandAt(long issuedAtMs) {
    return new FailoverState(
        networkId,
        policy,
        active,
        seq,
        head,
        lastSwitchRound,
        evidence,
        pinned,
        OptionalLong.of(issuedAtMs));
  }

  /** True when a command issued at {@code issuedAtMs} would be a replay for this router. */
  public boolean replays(long issuedAtMs) {
    return lastCommandAtMs.isPresent() && issuedAtMs <= lastCommandAtMs.getAsLong();
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
