package org.peerprobe.consensus.quorum;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;

/**
 * An immutable map from network to weight, sorted by network, over two arrays: the snapshot a
 * {@link Support} keeps. A node takes two of these for every front of every report it counts
 * (10,000 reports × 10 fronts a round at the largest roster), where a {@code TreeMap} copy with an
 * entry object per network was a tenth of the round's cost.
 */
final class SortedWeights extends AbstractMap<String, Long> {
  private final String[] networks;
  private final long[] weights;

  private SortedWeights(String[] networks, long[] weights) {
    this.networks = networks;
    this.weights = weights;
  }

  /** A sorted, immutable copy of {@code m} (a linear copy when {@code m} is already sorted). */
  static Map<String, Long> copyOf(Map<String, Long> m) {
    if (m instanceof SortedWeights) {
      return m;
    }
    int n = m.size();
    if (n == 0) {
      return Map.of();
    }
    String[] k = new String[n];
    long[] v = new long[n];
    if (m instanceof SortedMap<String, Long> sorted && sorted.comparator() == null) {
      int i = 0;
      for (Map.Entry<String, Long> e : m.entrySet()) {
        k[i] = e.getKey();
        v[i++] = e.getValue();
      }
    } else {
      k = m.keySet().toArray(k);
      Arrays.sort(k);
      for (int i = 0; i < n; i++) {
        v[i] = m.get(k[i]);
      }
    }
    return new SortedWeights(k, v);
  }

  @Override
  public int size() {
    return networks.length;
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String s && Arrays.binarySearch(networks, s) >= 0;
  }

  @Override
  public Long get(Object key) {
    int i = key instanceof String s ? Arrays.binarySearch(networks, s) : -1;
    return i >= 0 ? weights[i] : null;
  }

  @Override
  public Set<Map.Entry<String, Long>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return networks.length;
      }

      @Override
      public Iterator<Map.Entry<String, Long>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < networks.length;
          }

          @Override
          public Map.Entry<String, Long> next() {
            if (next >= networks.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return Map.entry(networks[i], weights[i]);
          }
        };
      }
    };
  }
}
