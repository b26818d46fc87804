package org.peerprobe.node.dns.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * One Cloudflare DNS record as the emulator holds it, with the v4 API's defaults for fields a
 * request leaves out (TTL 1 = automatic, {@code proxied} false, no comment), and the checks
 * Cloudflare applies to it. Messages quoted from Cloudflare's API answers: 1004 "DNS Validation
 * Error" with 9021 "TTL must be between 60 and 86400 seconds, or 1 for Automatic.", 9004 "This
 * record type cannot be proxied.", 81053, 81058; the others are approximate.
 */
final class CloudflareRecord {
  static final Set<String> TYPES = Set.of("A", "AAAA", "CNAME", "TXT", "MX", "NS", "CAA", "SRV");
  static final Set<String> PROXIABLE = Set.of("A", "AAAA", "CNAME");

  String id;
  String type;
  String name;
  String content;
  long ttl = 1;
  boolean proxied;
  Integer priority;
  String comment;

  CloudflareRecord copy() {
    CloudflareRecord c = new CloudflareRecord();
    c.id = id;
    c.type = type;
    c.name = name;
    c.content = content;
    c.ttl = ttl;
    c.proxied = proxied;
    c.priority = priority;
    c.comment = comment;
    return c;
  }

  /** Sets the fields {@code body} sends (PATCH); {@code zone} makes names absolute. */
  void merge(JsonNode body, String zone) {
    if (body.has("type")) {
      type = body.path("type").asText();
    }
    if (body.has("name")) {
      name = fqdn(body.path("name").asText(), zone);
    }
    if (body.has("content")) {
      content = body.path("content").asText();
      if (("CNAME".equals(type) || "NS".equals(type) || "MX".equals(type))
          && content.endsWith(".")) {
        content = content.substring(0, content.length() - 1);
      }
    }
    if (body.has("ttl")) {
      ttl = body.path("ttl").isIntegralNumber() ? body.path("ttl").asLong() : -1;
    }
    if (body.has("proxied")) {
      proxied = body.path("proxied").asBoolean();
    }
    if (body.has("priority")) {
      priority = body.path("priority").asInt();
    }
    if (body.has("comment")) {
      comment = body.path("comment").isNull() ? null : body.path("comment").asText();
    }
  }

  /** The first problem with this record as {code, message, chained code, chained message}. */
  Object[] problem(String zone) {
    if (type == null || name == null || content == null) {
      return new Object[] {9000, "DNS record type, name and content are required.", null, null};
    }
    if (!TYPES.contains(type)) {
      return new Object[] {9000, "Invalid or unsupported DNS record type.", null, null};
    }
    if (!name.equals(zone) && !name.endsWith("." + zone)) {
      return new Object[] {1004, "DNS Validation Error", 9005, "DNS name is not in the zone."};
    }
    if (type.equals("A") && !content.matches("(\\d{1,3}\\.){3}\\d{1,3}")) {
      return new Object[] {
        1004, "DNS Validation Error", 9005, "Content for A record must be a valid IPv4 address."
      };
    }
    if (ttl != 1 && (ttl < 60 || ttl > 86400)) {
      return new Object[] {
        1004,
        "DNS Validation Error",
        9021,
        "TTL must be between 60 and 86400 seconds, or 1 for Automatic."
      };
    }
    if (proxied && !PROXIABLE.contains(type)) {
      return new Object[] {9004, "This record type cannot be proxied.", null, null};
    }
    if (type.equals("MX") && priority == null) {
      return new Object[] {1004, "DNS Validation Error", 9100, "MX records require a priority."};
    }
    return null;
  }

  static String fqdn(String name, String zone) {
    String n = name.toLowerCase(java.util.Locale.ROOT).replaceAll("\\.$", "");
    if (n.equals("@") || n.isEmpty()) {
      return zone;
    }
    return n.equals(zone) || n.endsWith("." + zone) ? n : n + "." + zone;
  }

  ObjectNode json(String zoneId, String zone) {
    ObjectNode o = EmulatorServer.JSON.createObjectNode();
    o.put("id", id);
    o.put("zone_id", zoneId);
    o.put("zone_name", zone);
    o.put("name", name);
    o.put("type", type);
    o.put("content", content);
    o.put("proxiable", PROXIABLE.contains(type));
    o.put("proxied", proxied);
    o.put("ttl", proxied ? 1 : ttl);
    if (priority != null) {
      o.put("priority", priority);
    }
    if (comment == null) {
      o.putNull("comment");
    } else {
      o.put("comment", comment);
    }
    o.putArray("tags");
    o.putObject("settings");
    o.putObject("meta");
    o.put("created_on", "2024-01-01T00:00:00.000000Z");
    o.put("modified_on", "2024-01-01T00:00:00.000000Z");
    return o;
  }
}
