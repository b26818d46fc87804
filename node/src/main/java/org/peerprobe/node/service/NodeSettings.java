package org.peerprobe.node.service;

import java.time.Duration;
import java.util.List;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.Roster;

/**
 * What a node needs to take part in one network. Immutable.
 *
 * @param key this node's identity (also its libp2p key)
 * @param roster who observes and who signs, and the quorum policy
 * @param fronts ids of the fronts every observer probes
 * @param routers the routers whose failover machines this node follows
 * @param interval the round interval
 * @param declaredNetwork the network this node declares in its reports (must match the roster)
 */
public record NodeSettings(
    Ed25519KeyPair key,
    Roster roster,
    List<String> fronts,
    List<RouterPolicy> routers,
    Duration interval,
    String declaredNetwork) {

  public NodeSettings {
    fronts = List.copyOf(fronts);
    routers = List.copyOf(routers);
    if (fronts.isEmpty()) {
      throw new IllegalArgumentException("a node probes at least one front");
    }
    for (RouterPolicy r : routers) {
      if (!fronts.contains(r.primary()) || !fronts.contains(r.secondary())) {
        throw new IllegalArgumentException("router " + r.name() + " names an unknown front");
      }
    }
    if (interval.toMillis() < 100) {
      throw new IllegalArgumentException("round interval must be at least 100 ms");
    }
  }

  /** True when this node's key is in the roster, i.e. its reports count. */
  public boolean isObserver() {
    return roster.observer(key.publicKey()).isPresent();
  }

  /** True when this node may sign decisions. */
  public boolean isSigner() {
    return roster.isSigner(key.publicKey());
  }
}
