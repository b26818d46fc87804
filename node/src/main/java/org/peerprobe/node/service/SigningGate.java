package org.peerprobe.node.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.peerprobe.consensus.model.Decision;

/**
 * Whether this node may sign decisions now, and the switches its routers made while it may not.
 * Open unless closed: a node that syncs its decision log after a (re)start closes it until the log
 * is synced, so that it never signs on a stale head (a sibling at a seq the network already has).
 * Written on the node's thread; {@link #ready()} is read from any thread (the feed).
 */
final class SigningGate {
  /**
   * Most switches held per router while closed. A router switches at most once per round, and the
   * gate closes for a sync round or a grace of seconds, so this is never reached in practice; past
   * it nothing more is held, and the router's held chain is then not signed (it no longer ends at
   * the router's head), which loses switches but never forks the log.
   */
  static final int MAX_HELD_PER_ROUTER = 16;

  private boolean open = true;
  private volatile boolean ready = true;
  private final Map<String, List<Decision>> held = new LinkedHashMap<>();

  boolean isOpen() {
    return open;
  }

  /** True while open; safe to read from any thread. */
  boolean ready() {
    return ready;
  }

  void close() {
    open = false;
    ready = false;
  }

  /**
   * Keeps {@code d} to be signed when the gate opens.
   *
   * @return false when the router already holds {@link #MAX_HELD_PER_ROUTER} switches
   */
  boolean hold(Decision d) {
    List<Decision> chain = held.computeIfAbsent(d.router(), r -> new ArrayList<>());
    if (chain.size() >= MAX_HELD_PER_ROUTER) {
      return false;
    }
    chain.add(d);
    return true;
  }

  /** Opens the gate; returns what was held, per router in the order decided, and forgets it. */
  Map<String, List<Decision>> open() {
    open = true;
    ready = true;
    Map<String, List<Decision>> out = new LinkedHashMap<>(held);
    held.clear();
    return out;
  }
}
