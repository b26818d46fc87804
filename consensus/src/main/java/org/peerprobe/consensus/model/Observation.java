package org.peerprobe.consensus.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.DecodeException;
import org.peerprobe.consensus.canonical.Fields;

/**
 * What one observer saw of one front in one round.
 *
 * @param front the front's id in the network bundle
 * @param status UP, or DOWN with a failure class
 * @param failure present exactly when {@code status} is DOWN
 * @param httpStatus the HTTP status received, or 0 when no response was read
 * @param timings per-phase durations in microseconds
 * @param observedAtMs when the probe finished, epoch milliseconds (the observer's clock)
 */
public record Observation(
    String front,
    Status status,
    Optional<FailureClass> failure,
    int httpStatus,
    PhaseTimings timings,
    long observedAtMs) {

  private static final Set<String> FIELDS =
      Set.of("front", "status", "failure", "httpStatus", "timings", "observedAtMs");

  public Observation {
    Ids.requireName(front, "front");
    if (status == null || failure == null || timings == null) {
      throw new IllegalArgumentException("status, failure and timings are required");
    }
    if ((status == Status.DOWN) != failure.isPresent()) {
      throw new IllegalArgumentException("a failure class is present exactly when DOWN");
    }
    if (httpStatus < 0 || httpStatus > 999) {
      throw new IllegalArgumentException("httpStatus must be 0..999: " + httpStatus);
    }
    if (observedAtMs < 0 || observedAtMs > CanonicalJson.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("observedAtMs out of range: " + observedAtMs);
    }
  }

  public static Observation up(String front, int httpStatus, PhaseTimings t, long atMs) {
    return new Observation(front, Status.UP, Optional.empty(), httpStatus, t, atMs);
  }

  public static Observation down(
      String front, FailureClass failure, int httpStatus, PhaseTimings t, long atMs) {
    return new Observation(front, Status.DOWN, Optional.of(failure), httpStatus, t, atMs);
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.put("front", front);
    o.put("status", status.name());
    failure.ifPresent(f -> o.put("failure", f.name()));
    o.put("httpStatus", httpStatus);
    o.set("timings", timings.toJson());
    o.put("observedAtMs", observedAtMs);
    return o;
  }

  static Observation read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    Status status = f.enumValue("status", Status.class);
    Optional<FailureClass> failure =
        f.has("failure")
            ? Optional.of(f.enumValue("failure", FailureClass.class))
            : Optional.empty();
    if ((status == Status.DOWN) != failure.isPresent()) {
      throw new DecodeException(f.path("failure") + ": present exactly when status is DOWN");
    }
    return new Observation(
        f.text("front", 63, Ids.NAME, Ids.NAME_DESCRIPTION),
        status,
        failure,
        (int) f.integer("httpStatus", 0, 999),
        PhaseTimings.read(f, "timings"),
        f.integer("observedAtMs", 0, CanonicalJson.MAX_SAFE_INTEGER));
  }
}
