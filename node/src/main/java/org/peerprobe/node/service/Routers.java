package org.peerprobe.node.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.peerprobe.consensus.failover.FailoverMachine;
import org.peerprobe.consensus.failover.FailoverState;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.failover.Step;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.OperatorCommand;
import org.peerprobe.consensus.model.VerifiedCommand;
import org.peerprobe.consensus.quorum.VerifiedCertificate;

/**
 * The failover machine of every router this node follows. One writer (the node's scheduler).
 *
 * <p>A router's state resumes from the last decision the node holds (its own or its signer's, from
 * the store after a restart or from gossip), so that a node that missed certificates follows the
 * chain its signer made rather than inventing a second one.
 */
final class Routers {
  private final String networkId;
  private final Map<String, FailoverState> states = new LinkedHashMap<>();

  Routers(String networkId, List<RouterPolicy> policies) {
    this.networkId = networkId;
    policies.forEach(p -> states.put(p.name(), FailoverState.initial(networkId, p)));
  }

  /**
   * Follows {@code decision} when it is ahead of this node's state for its router (a higher seq):
   * the router then points where the decision points and the next decision chains to it.
   *
   * @return true when the state moved
   */
  boolean follow(Decision decision) {
    return follow(decision, false);
  }

  /**
   * Like {@link #follow(Decision)}, and also adopts a decision at this node's own seq that makes
   * the same switch under another id (nodes certify from different report sets, so their machines
   * cite different certificates): the network's signed decision becomes the head the next decision
   * chains to. Not when the head already follows a signed decision at that seq ({@code signedHere}:
   * this node's own, or one from the network): then the two are siblings, and the fork choice of
   * the decision log, not arrival order, settles which one the router follows.
   *
   * @return true when the router's active front or head changed
   */
  boolean follow(Decision decision, boolean signedHere) {
    FailoverState held = states.get(decision.router());
    if (held == null || !decision.networkId().equals(networkId)) {
      return false;
    }
    if (decision.seq() == held.seq()
        && !signedHere
        && !decision.id().equals(held.head())
        && decision.to().equals(held.active())) {
      states.put(
          decision.router(),
          new FailoverState(
              networkId,
              held.policy(),
              held.active(),
              held.seq(),
              decision.id(),
              held.lastSwitchRound(),
              held.evidence(),
              held.pinned(),
              held.lastCommandAtMs()));
      return true;
    }
    if (decision.seq() <= held.seq()) {
      return false;
    }
    if (!held.policy().covers(decision.to())) {
      return false;
    }
    FailoverState resumed = FailoverState.resume(networkId, held.policy(), decision);
    if (decision.command().isEmpty()) {
      // a decision the rules made: the router keeps the operator's pin and command history
      resumed = keepOperatorState(resumed, held, resumed.active());
    }
    states.put(decision.router(), resumed);
    return true;
  }

  /**
   * Moves the router to {@code head}, the head of a branch the store adopted by the fork choice,
   * unless this node's state is already past it: unlike {@link #follow}, a head at the node's own
   * seq replaces the node's sibling whatever front it switches to.
   *
   * @return true when the router's active front or head changed
   */
  boolean rebase(Decision head) {
    FailoverState held = states.get(head.router());
    if (held == null
        || !head.networkId().equals(networkId)
        || head.seq() < held.seq()
        || head.id().equals(held.head())
        || !held.policy().covers(head.to())) {
      return false;
    }
    FailoverState resumed = FailoverState.resume(networkId, held.policy(), head);
    if (head.command().isEmpty()) {
      resumed = keepOperatorState(resumed, held, resumed.active());
    }
    states.put(head.router(), resumed);
    return true;
  }

  /** The head id the router's next decision chains to. */
  String head(String router) {
    FailoverState s = states.get(router);
    return s == null ? "" : s.head();
  }

  /**
   * True when {@code command} names a router this node follows and was not issued after the last
   * command that router took: a replay, refused before the rules see it.
   */
  boolean replays(OperatorCommand command) {
    FailoverState s = states.get(command.router());
    return s != null && s.replays(command.issuedAtMs());
  }

  /**
   * Feeds an operator command to its router, effective at {@code round}; empty when this node
   * follows no router of that name.
   */
  Optional<Step> onCommand(VerifiedCommand command, long round) {
    FailoverState s = states.get(command.command().router());
    if (s == null) {
      return Optional.empty();
    }
    Step step = FailoverMachine.onCommand(s, command, round);
    states.put(command.command().router(), step.state());
    return Optional.of(step);
  }

  /** The front each pinned router is pinned to. */
  Map<String, String> pins() {
    Map<String, String> out = new LinkedHashMap<>();
    states.forEach((name, s) -> s.pinned().ifPresent(f -> out.put(name, f)));
    return out;
  }

  /**
   * {@code s} with the pin (when it still points at {@code active}) and command history of held.
   */
  private static FailoverState keepOperatorState(
      FailoverState s, FailoverState held, String active) {
    return new FailoverState(
        s.networkId(),
        s.policy(),
        s.active(),
        s.seq(),
        s.head(),
        s.lastSwitchRound(),
        s.evidence(),
        held.pinned().filter(active::equals),
        held.lastCommandAtMs());
  }

  /** Feeds a verified certificate to every router; returns the decisions it caused. */
  List<Decision> onCertificate(VerifiedCertificate certificate) {
    List<Decision> switched = new ArrayList<>();
    for (Map.Entry<String, FailoverState> e : states.entrySet()) {
      Step step = FailoverMachine.onCertificate(e.getValue(), certificate);
      e.setValue(step.state());
      if (step instanceof Step.Switched s) {
        switched.add(s.decision());
      }
    }
    return switched;
  }

  /**
   * Takes the routers of a new bundle. A router that keeps its name keeps its chain (seq, head,
   * active front, if the new policy still covers it) but restarts counting certificates: the
   * evidence was gathered under the old policy. New routers start on their primary; removed ones
   * are dropped. The operator's pin and command history are kept.
   */
  void adopt(List<RouterPolicy> policies) {
    Map<String, FailoverState> next = new LinkedHashMap<>();
    for (RouterPolicy p : policies) {
      FailoverState held = states.get(p.name());
      if (held == null) {
        next.put(p.name(), FailoverState.initial(networkId, p));
      } else {
        String active = p.covers(held.active()) ? held.active() : p.primary();
        next.put(
            p.name(),
            keepOperatorState(
                new FailoverState(
                    networkId,
                    p,
                    active,
                    held.seq(),
                    held.head(),
                    held.lastSwitchRound(),
                    new java.util.TreeMap<>()),
                held,
                active));
      }
    }
    states.clear();
    states.putAll(next);
  }

  Map<String, String> activeTargets() {
    Map<String, String> out = new LinkedHashMap<>();
    states.forEach((name, s) -> out.put(name, s.active()));
    return out;
  }

  long seq(String router) {
    FailoverState s = states.get(router);
    return s == null ? 0 : s.seq();
  }
}
