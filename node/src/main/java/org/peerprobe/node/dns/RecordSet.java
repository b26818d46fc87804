package org.peerprobe.node.dns;

import java.util.List;

/**
 * One RRset: every value of a (name, type), with one TTL. Values are in presentation form: a CNAME
 * target with its trailing dot, a TXT value as the unquoted character string. Order does not matter
 * for equality ({@link #sameContent}).
 */
public record RecordSet(RecordKey key, long ttl, List<String> values) {
  /** Largest TTL (RFC 2181: 2^31 - 1). */
  public static final long MAX_TTL = Integer.MAX_VALUE;

  /** Most values one RRset may hold here; far above any real router or zone record. */
  public static final int MAX_VALUES = 64;

  public RecordSet {
    values = List.copyOf(values);
    if (ttl < 0 || ttl > MAX_TTL) {
      throw new IllegalArgumentException("TTL out of range for " + key + ": " + ttl);
    }
    if (values.isEmpty()) {
      throw new IllegalArgumentException("an RRset has at least one value: " + key);
    }
    if (values.size() > MAX_VALUES) {
      throw new IllegalArgumentException("more than " + MAX_VALUES + " values for " + key);
    }
    if (key.type().equals("CNAME") && values.size() != 1) {
      throw new IllegalArgumentException("a CNAME has exactly one target: " + key);
    }
  }

  public static RecordSet of(String name, String type, long ttl, String... values) {
    return new RecordSet(RecordKey.of(name, type), ttl, List.of(values));
  }

  /** Same TTL and the same values in any order. */
  public boolean sameContent(RecordSet other) {
    return key.equals(other.key())
        && ttl == other.ttl()
        && values.size() == other.values().size()
        && values.containsAll(other.values())
        && other.values().containsAll(values);
  }

  /** Same values in any order, whatever the TTL. */
  public boolean sameValues(RecordSet other) {
    return key.equals(other.key())
        && values.size() == other.values().size()
        && values.containsAll(other.values());
  }

  @Override
  public String toString() {
    return key + " " + ttl + " " + values;
  }
}
