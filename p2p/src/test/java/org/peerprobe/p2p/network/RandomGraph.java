package org.peerprobe.p2p.network;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A seeded random overlay of {@code n} nodes: node {@code i} dials its ring successor {@code (i+1)
 * mod n} and {@code dialsPerNode - 1} random chords to nodes it is not yet adjacent to. The ring
 * makes the graph connected; the chords make it an expander with average degree {@code 2 *
 * dialsPerNode}. Every edge is dialed by exactly one side and no two edges join the same pair, so
 * every node has at least {@code dialsPerNode} distinct neighbours. Immutable.
 */
final class RandomGraph {
  /** One connection: {@code from} dials {@code to}. */
  record Dial(int from, int to) {}

  private final List<Dial> dials;
  private final List<Set<Integer>> neighbours;

  private RandomGraph(List<Dial> dials, List<Set<Integer>> neighbours) {
    this.dials = List.copyOf(dials);
    this.neighbours = neighbours;
  }

  static RandomGraph ringWithChords(int n, int dialsPerNode, Random random) {
    if (n < 2 * dialsPerNode + 1 || dialsPerNode < 1) {
      throw new IllegalArgumentException("need n > 2 * dialsPerNode >= 2");
    }
    List<Set<Integer>> adj = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      adj.add(new TreeSet<>());
    }
    List<Dial> dials = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      add(adj, dials, i, (i + 1) % n);
    }
    for (int i = 0; i < n; i++) {
      for (int c = 1; c < dialsPerNode; c++) {
        int to;
        do {
          to = random.nextInt(n);
        } while (to == i || adj.get(i).contains(to));
        add(adj, dials, i, to);
      }
    }
    for (int i = 0; i < n; i++) {
      adj.set(i, Set.copyOf(adj.get(i)));
    }
    return new RandomGraph(dials, List.copyOf(adj));
  }

  private static void add(List<Set<Integer>> adj, List<Dial> dials, int from, int to) {
    adj.get(from).add(to);
    adj.get(to).add(from);
    dials.add(new Dial(from, to));
  }

  int size() {
    return neighbours.size();
  }

  List<Dial> dials() {
    return dials;
  }

  Set<Integer> neighbours(int node) {
    return neighbours.get(node);
  }

  double averageDegree() {
    return 2.0 * dials.size() / size();
  }

  int maxDegree() {
    return neighbours.stream().mapToInt(Set::size).max().orElse(0);
  }

  int minDegree() {
    return neighbours.stream().mapToInt(Set::size).min().orElse(0);
  }

  /** True when the nodes outside {@code removed} still form one connected component. */
  boolean connectedWithout(Set<Integer> removed) {
    int start = -1;
    for (int i = 0; i < size() && start < 0; i++) {
      if (!removed.contains(i)) {
        start = i;
      }
    }
    if (start < 0) {
      return true;
    }
    boolean[] reached = new boolean[size()];
    Deque<Integer> todo = new ArrayDeque<>(List.of(start));
    reached[start] = true;
    int count = 1;
    while (!todo.isEmpty()) {
      for (int next : neighbours(todo.poll())) {
        if (!reached[next] && !removed.contains(next)) {
          reached[next] = true;
          count++;
          todo.add(next);
        }
      }
    }
    return count == size() - removed.size();
  }
}
