package org.peerprobe.node.dns.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.peerprobe.node.dns.emulator.DesecEmulator.Rrset;

/**
 * deSEC's checks of one RRset item of a request (desec.readthedocs.io "Bulk Operations", "Input
 * validation", "Caveats"), as DRF-style field errors. Messages quoted from deSEC: "This field is
 * required.", "Ensure this value is greater than or equal to N.", "Ensure this value is less than
 * or equal to N.", "Another RRset with the same subdomain and type exists for this domain.", "RRset
 * with conflicting type present: ... (No other RRsets are allowed alongside CNAME.)". The CNAME
 * target and TXT quoting messages are approximate.
 */
final class DesecValidation {
  private DesecValidation() {}

  /** The field errors of {@code item} ({@code {}} when it is valid). */
  static ObjectNode item(
      JsonNode item, String method, Map<String, Rrset> zone, long minTtl, long maxTtl) {
    ObjectNode err = EmulatorServer.JSON.createObjectNode();
    if (!item.isObject()) {
      err.putArray("non_field_errors").add("Invalid data. Expected a dictionary.");
      return err;
    }
    String sub = item.path("subname").asText("");
    if (!item.path("subname").isMissingNode() && !item.path("subname").isTextual()
        || !DesecEmulator.validSubname(sub)) {
      err.putArray("subname")
          .add(
              "Subname can only use (lowercase) a-z, 0-9, ., -, and _, may start with a '*.', or"
                  + " just be '*'.");
    }
    String type = item.path("type").asText("");
    if (!item.path("type").isTextual()) {
      err.putArray("type").add("This field is required.");
    } else if (!DesecEmulator.validType(type)) {
      err.putArray("type").add("The " + type + " RRset type is currently unsupported.");
    }
    Rrset existing = zone.get(sub + "/" + type);
    JsonNode records = item.path("records");
    boolean deletes = records.isArray() && records.isEmpty();
    boolean full = !method.equals("PATCH") || existing == null;
    if (records.isMissingNode() ? full : !records.isArray()) {
      err.putArray("records")
          .add(records.isMissingNode() ? "This field is required." : "Expected a list of items.");
    }
    JsonNode ttl = item.path("ttl");
    if (ttl.isMissingNode()) {
      if (full && !deletes) {
        err.putArray("ttl").add("This field is required.");
      }
    } else if (!ttl.isIntegralNumber()) {
      err.putArray("ttl").add("A valid integer is required.");
    } else if (ttl.asLong() < minTtl) {
      err.putArray("ttl").add("Ensure this value is greater than or equal to " + minTtl + ".");
    } else if (ttl.asLong() > maxTtl) {
      err.putArray("ttl").add("Ensure this value is less than or equal to " + maxTtl + ".");
    }
    if (records.isArray() && !records.isEmpty()) {
      List<String> bad = recordErrors(type, records);
      if (!bad.isEmpty()) {
        bad.forEach(err.withArray("records")::add);
      }
    }
    if (method.equals("POST") && existing != null) {
      err.putArray("non_field_errors")
          .add("Another RRset with the same subdomain and type exists for this domain.");
    }
    return err;
  }

  private static List<String> recordErrors(String type, JsonNode records) {
    List<String> bad = new ArrayList<>();
    if (type.equals("CNAME") && records.size() > 1) {
      bad.add("RRset of type CNAME cannot have multiple records.");
    }
    for (JsonNode r : records) {
      String v = r.asText("");
      if (!r.isTextual() || v.isBlank()) {
        bad.add("This field may not be blank.");
      } else if ((type.equals("CNAME") || type.equals("NS")) && !v.endsWith(".")) {
        bad.add("Record content for type " + type + " malformed: target must end with a dot.");
      } else if (type.equals("TXT")
          && !(v.length() >= 2 && v.startsWith("\"") && v.endsWith("\""))) {
        bad.add("Record content for type TXT malformed: the value must be enclosed in quotes.");
      }
    }
    return bad;
  }

  /** Applies a valid item to {@code zone}. */
  static void apply(JsonNode item, Map<String, Rrset> zone) {
    String sub = item.path("subname").asText("");
    String type = item.path("type").asText();
    Rrset old = zone.get(sub + "/" + type);
    List<String> records = new ArrayList<>();
    if (item.path("records").isArray()) {
      item.path("records").forEach(r -> records.add(r.asText()));
    } else if (old != null) {
      records.addAll(old.records());
    }
    long ttl =
        item.path("ttl").isIntegralNumber()
            ? item.path("ttl").asLong()
            : old == null ? 0 : old.ttl();
    if (records.isEmpty()) {
      zone.remove(sub + "/" + type);
    } else {
      zone.put(sub + "/" + type, new Rrset(sub, type, ttl, List.copyOf(records)));
    }
  }

  /** deSEC's message when {@code item}'s subname would hold a CNAME beside other types. */
  static String cnameConflict(JsonNode item, Map<String, Rrset> zone) {
    String sub = item.path("subname").asText("");
    TreeSet<String> types = new TreeSet<>();
    for (Rrset r : zone.values()) {
      if (r.subname().equals(sub)) {
        types.add(r.type());
      }
    }
    if (!types.contains("CNAME") || types.size() < 2) {
      return null;
    }
    types.remove(item.path("type").asText());
    return "RRset with conflicting type present: database ("
        + String.join(", ", types)
        + "). (No other RRsets are allowed alongside CNAME.)";
  }
}
