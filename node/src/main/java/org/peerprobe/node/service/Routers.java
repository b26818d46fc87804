package org.peerprobe.node.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.peerprobe.consensus.failover.FailoverMachine;
import org.peerprobe.consensus.failover.FailoverState;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.failover.Step;
import org.peerprobe.consensus.model.Decision;
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
    FailoverState held = states.get(decision.router());
    if (held == null || decision.seq() <= held.seq() || !decision.networkId().equals(networkId)) {
      return false;
    }
    if (!held.policy().covers(decision.to())) {
      return false;
    }
    states.put(decision.router(), FailoverState.resume(networkId, held.policy(), decision));
    return true;
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
   * are dropped.
   */
  void adopt(List<RouterPolicy> policies) {
    Map<String, FailoverState> next = new LinkedHashMap<>();
    for (RouterPolicy p : policies) {
      FailoverState held = states.get(p.name());
      if (held == null) {
        next.put(p.name(), FailoverState.initial(networkId, p));
      } else {
        next.put(
            p.name(),
            new FailoverState(
                networkId,
                p,
                p.covers(held.active()) ? held.active() : p.primary(),
                held.seq(),
                held.head(),
                held.lastSwitchRound(),
                new java.util.TreeMap<>()));
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
