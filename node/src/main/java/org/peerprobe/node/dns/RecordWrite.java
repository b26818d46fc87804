package org.peerprobe.node.dns;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces whole RRsets, all or nothing where the provider can (RFC 2136, PowerDNS, deSEC bulk,
 * Cloudflare batch), if every precondition holds. Records not named here are never touched.
 */
public record RecordWrite(List<RecordSet> upserts, List<Precondition> preconditions) {
  /** Most RRsets one write replaces (deSEC's bulk endpoint and RFC 2136 messages stay small). */
  public static final int MAX_UPSERTS = 100;

  public RecordWrite {
    upserts = List.copyOf(upserts);
    preconditions = List.copyOf(preconditions);
    if (upserts.isEmpty()) {
      throw new IllegalArgumentException("a write replaces at least one RRset");
    }
    if (upserts.size() > MAX_UPSERTS) {
      throw new IllegalArgumentException("more than " + MAX_UPSERTS + " RRsets in one write");
    }
    Set<RecordKey> seen = new HashSet<>();
    for (RecordSet r : upserts) {
      if (!seen.add(r.key())) {
        throw new IllegalArgumentException("RRset written twice in one write: " + r.key());
      }
    }
  }

  public static RecordWrite of(RecordSet... upserts) {
    return new RecordWrite(List.of(upserts), List.of());
  }
}
