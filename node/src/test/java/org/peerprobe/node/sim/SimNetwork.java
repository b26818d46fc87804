package org.peerprobe.node.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The simulated network between nodes: a message published by one node reaches every other node
 * that runs a full node, each after its own latency drawn from the seeded {@link Random}, unless
 * the link between them is cut (checked when sent and again on arrival) or the receiver is down.
 * This stands for gossip over a well-connected mesh; a partition cuts every link across it, so no
 * relay could bridge it either. One writer: the simulation's thread.
 */
public final class SimNetwork {
  /** Least one-way latency of a message. */
  public static final long MIN_LATENCY_MS = 5;

  /** Largest one-way latency of a message (exclusive). */
  public static final long MAX_LATENCY_MS = 150;

  private final VirtualTime time;
  private final Random latency;
  private final Map<Integer, SimNode> nodes = new LinkedHashMap<>();
  private Set<Integer> isolated = Set.of();
  private long delivered;
  private long dropped;

  public SimNetwork(VirtualTime time, long seed) {
    this.time = time;
    this.latency = new Random(seed);
  }

  void attach(SimNode node) {
    nodes.put(node.id(), node);
  }

  /** True when {@code a} and {@code b} can exchange messages now. */
  public boolean linked(int a, int b) {
    return isolated.contains(a) == isolated.contains(b);
  }

  /** Delivers {@code message} to every other attached node it can reach. */
  void publish(int from, Consumer<SimNode> message) {
    for (SimNode to : nodes.values()) {
      if (to.id() != from) {
        send(from, to, message);
      }
    }
  }

  private void send(int from, SimNode to, Consumer<SimNode> message) {
    if (!linked(from, to.id())) {
      dropped++;
      return;
    }
    long delay = MIN_LATENCY_MS + (long) (latency.nextDouble() * (MAX_LATENCY_MS - MIN_LATENCY_MS));
    time.after(
        delay,
        () -> {
          if (linked(from, to.id()) && to.up()) {
            delivered++;
            message.accept(to);
          } else {
            dropped++;
          }
        });
  }

  /** Cuts every link between {@code side} and the rest. */
  void isolate(Set<Integer> side) {
    isolated = Set.copyOf(side);
  }

  /**
   * Restores every link; each pair of nodes that was cut apart then syncs its decision logs, as a
   * node does with every peer that connects.
   */
  void heal() {
    List<SimNode[]> rejoined = new ArrayList<>();
    for (SimNode a : nodes.values()) {
      for (SimNode b : nodes.values()) {
        if (a != b && !linked(a.id(), b.id())) {
          rejoined.add(new SimNode[] {a, b});
        }
      }
    }
    isolated = Set.of();
    for (SimNode[] pair : rejoined) {
      List<org.peerprobe.consensus.model.SignedDecision> log = pair[1].decisionLog();
      send(pair[1].id(), pair[0], n -> n.onSync(log));
    }
  }

  public long delivered() {
    return delivered;
  }

  public long dropped() {
    return dropped;
  }
}
