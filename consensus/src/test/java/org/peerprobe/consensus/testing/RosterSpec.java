package org.peerprobe.consensus.testing;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.peerprobe.consensus.model.QuorumPolicy;

/**
 * The shape of a test roster: observer {@code i} has weight {@code weights[i]} and network {@link
 * TestNetwork#network(int) network(networks[i])}. Small and printable, so property tests can shrink
 * and report it; {@link #build()} makes the signed-report fixture.
 */
public record RosterSpec(List<Integer> weights, List<Integer> networks, QuorumPolicy policy) {

  public RosterSpec {
    weights = List.copyOf(weights);
    networks = List.copyOf(networks);
    if (weights.isEmpty() || weights.size() != networks.size()) {
      throw new IllegalArgumentException("one weight and one network per observer");
    }
  }

  public int size() {
    return weights.size();
  }

  public int weight(int i) {
    return weights.get(i);
  }

  public String network(int i) {
    return TestNetwork.network(networks.get(i));
  }

  public long totalWeight() {
    return weights.stream().mapToLong(Integer::longValue).sum();
  }

  /** Summed weight of {@code members}. */
  public long weightOf(Collection<Integer> members) {
    return members.stream().mapToLong(this::weight).sum();
  }

  /** Weight of {@code members} grouped by network. */
  public Map<String, Long> weightByNetwork(Collection<Integer> members) {
    Map<String, Long> out = new TreeMap<>();
    members.forEach(i -> out.merge(network(i), (long) weight(i), Long::sum));
    return out;
  }

  public TestNetwork build() {
    int[] w = new int[size()];
    String[] n = new String[size()];
    for (int i = 0; i < size(); i++) {
      w[i] = weight(i);
      n[i] = network(i);
    }
    return TestNetwork.of(w, n, policy);
  }
}
