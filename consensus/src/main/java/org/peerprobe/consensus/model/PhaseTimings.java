package org.peerprobe.consensus.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.OptionalLong;
import java.util.Set;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.Fields;

/**
 * How long each phase of a probe took, in integer microseconds. A phase that was not reached (no
 * TLS after a failed connect, no DNS for a literal address) is empty and absent from the JSON.
 */
public record PhaseTimings(
    OptionalLong dnsUs,
    OptionalLong connectUs,
    OptionalLong tlsUs,
    OptionalLong firstByteUs,
    OptionalLong totalUs) {

  /** Longest phase accepted: one hour, far above any probe timeout. */
  public static final long MAX_PHASE_US = 3_600_000_000L;

  public static final PhaseTimings NONE =
      new PhaseTimings(
          OptionalLong.empty(),
          OptionalLong.empty(),
          OptionalLong.empty(),
          OptionalLong.empty(),
          OptionalLong.empty());

  private static final Set<String> FIELDS =
      Set.of("dnsUs", "connectUs", "tlsUs", "firstByteUs", "totalUs");

  public PhaseTimings {
    for (OptionalLong t : new OptionalLong[] {dnsUs, connectUs, tlsUs, firstByteUs, totalUs}) {
      if (t.isPresent() && (t.getAsLong() < 0 || t.getAsLong() > MAX_PHASE_US)) {
        throw new IllegalArgumentException("phase timing out of range: " + t.getAsLong());
      }
    }
  }

  /** All five phases measured. */
  public static PhaseTimings of(long dns, long connect, long tls, long firstByte, long total) {
    return new PhaseTimings(
        OptionalLong.of(dns),
        OptionalLong.of(connect),
        OptionalLong.of(tls),
        OptionalLong.of(firstByte),
        OptionalLong.of(total));
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    dnsUs.ifPresent(v -> o.put("dnsUs", v));
    connectUs.ifPresent(v -> o.put("connectUs", v));
    tlsUs.ifPresent(v -> o.put("tlsUs", v));
    firstByteUs.ifPresent(v -> o.put("firstByteUs", v));
    totalUs.ifPresent(v -> o.put("totalUs", v));
    return o;
  }

  static PhaseTimings read(Fields parent, String field) {
    Fields f = parent.object(field, FIELDS);
    return new PhaseTimings(
        f.optionalInteger("dnsUs", 0, MAX_PHASE_US),
        f.optionalInteger("connectUs", 0, MAX_PHASE_US),
        f.optionalInteger("tlsUs", 0, MAX_PHASE_US),
        f.optionalInteger("firstByteUs", 0, MAX_PHASE_US),
        f.optionalInteger("totalUs", 0, MAX_PHASE_US));
  }
}
