package org.peerprobe.node.dns.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.peerprobe.node.dns.emulator.EmulatorServer.Response;

/**
 * The records of one Cloudflare zone and the single-record operations on them, each validated as
 * the v4 API validates it: {@link CloudflareRecord#problem}, a CNAME shares its name with no other
 * record (81053), no identical duplicate (81058), an unknown id is 404 code 81044. Each operation
 * answers what its endpoint answers. A {@link #copy()} is independent of its original, which is how
 * a batch runs all or nothing ({@link CloudflareBatch}). Not thread-safe: the emulator calls it
 * under its lock.
 */
final class CloudflareZone {
  private final String zoneId;
  private final String zone;
  private final Map<String, CloudflareRecord> records = new LinkedHashMap<>();
  private int nextId = 1;

  /**
   * @param zone the zone's name without the trailing dot
   */
  CloudflareZone(String zoneId, String zone) {
    this.zoneId = zoneId;
    this.zone = zone;
  }

  /** A zone holding copies of this one's records, handing out the same ids next. */
  CloudflareZone copy() {
    CloudflareZone c = new CloudflareZone(zoneId, zone);
    records.forEach((id, r) -> c.records.put(id, r.copy()));
    c.nextId = nextId;
    return c;
  }

  /** The records, in creation order (a live view). */
  Collection<CloudflareRecord> records() {
    return records.values();
  }

  /** Adds {@code c} without validation (test set-up), giving it an id. */
  void seed(CloudflareRecord c) {
    c.id = newId();
    records.put(c.id, c);
  }

  /** {@code POST /dns_records}. */
  Response create(JsonNode body) {
    CloudflareRecord c = new CloudflareRecord();
    c.merge(body, zone);
    return store(c);
  }

  /** {@code GET /dns_records/{id}}. */
  Response get(String id) {
    CloudflareRecord existing = records.get(id);
    return existing == null ? unknown() : CloudflareEnvelope.ok(existing.json(zoneId, zone));
  }

  /** {@code PATCH /dns_records/{id}}: only the fields sent change. */
  Response patch(String id, JsonNode body) {
    CloudflareRecord existing = records.get(id);
    if (existing == null) {
      return unknown();
    }
    CloudflareRecord patched = existing.copy();
    patched.merge(body, zone);
    return store(patched);
  }

  /** {@code PUT /dns_records/{id}}: fields left out revert to their defaults. */
  Response put(String id, JsonNode body) {
    if (!records.containsKey(id)) {
      return unknown();
    }
    CloudflareRecord replaced = new CloudflareRecord();
    replaced.id = id;
    replaced.merge(body, zone);
    return store(replaced);
  }

  /** {@code DELETE /dns_records/{id}}; answers {@code {id}}. */
  Response delete(String id) {
    if (records.remove(id) == null) {
      return unknown();
    }
    return CloudflareEnvelope.ok(EmulatorServer.JSON.createObjectNode().put("id", id));
  }

  private Response store(CloudflareRecord c) {
    Object[] p = c.problem(zone);
    if (p != null) {
      return CloudflareEnvelope.error(
          400, (Integer) p[0], (String) p[1], (Integer) p[2], (String) p[3]);
    }
    for (CloudflareRecord o : records.values()) {
      if (o.id.equals(c.id) || !o.name.equals(c.name)) {
        continue;
      }
      if (o.type.equals("CNAME") || c.type.equals("CNAME")) {
        return CloudflareEnvelope.error(
            400, 81053, "An A, AAAA, or CNAME record with that host already exists.", null, null);
      }
      if (o.type.equals(c.type) && o.content.equals(c.content)) {
        return CloudflareEnvelope.error(
            400, 81058, "An identical record already exists.", null, null);
      }
    }
    if (c.id == null) {
      c.id = newId();
    }
    records.put(c.id, c);
    return CloudflareEnvelope.ok(c.json(zoneId, zone));
  }

  private String newId() {
    return String.format("%032x", nextId++);
  }

  private static Response unknown() {
    return CloudflareEnvelope.error(404, 81044, "Record does not exist.", null, null);
  }
}
