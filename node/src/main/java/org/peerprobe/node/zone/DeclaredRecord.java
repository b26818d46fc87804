package org.peerprobe.node.zone;

import java.util.Objects;
import org.peerprobe.node.dns.RecordSet;

/**
 * One RRset of the zone file and where it was written, so that a problem found while planning (e.g.
 * a TTL below a provider's minimum) points at the line to change.
 *
 * @param rrset the RRset as declared (absolute name, values as written)
 * @param source e.g. {@code zone.yaml:12:5 records[3]}; empty when not read from a file
 */
public record DeclaredRecord(RecordSet rrset, String source) {
  public DeclaredRecord {
    Objects.requireNonNull(rrset, "rrset");
    Objects.requireNonNull(source, "source");
  }

  /** {@code source: } or nothing, to prefix a message. */
  public String where() {
    return source.isEmpty() ? "" : source + ": ";
  }
}
