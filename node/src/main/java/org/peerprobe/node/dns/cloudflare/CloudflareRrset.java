package org.peerprobe.node.dns.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.http.ProviderHttp;

/**
 * RRsets to and from Cloudflare's records, and the record operations that turn one RRset into
 * another. Cloudflare holds names and CNAME/NS/MX targets without the trailing dot, and an MX's
 * preference in its own {@code priority} field; TTL 1 means automatic, which Cloudflare serves as
 * {@link #AUTO_TTL_SECONDS}.
 */
final class CloudflareRrset {
  /** The record types this adapter maps (CAA's structured {@code data} is not). */
  static final Set<String> TYPES = Set.of("A", "AAAA", "CNAME", "TXT", "MX", "NS");

  /** Cloudflare's TTL value for "automatic". */
  static final long AUTO_TTL = 1;

  /** What an automatic TTL is served as. */
  static final long AUTO_TTL_SECONDS = 300;

  /** One record change. */
  sealed interface Op {}

  record Patch(String id, ObjectNode body) implements Op {}

  record Create(ObjectNode body) implements Op {}

  record Delete(String id) implements Op {}

  private record Wire(String content, Integer priority) {}

  private CloudflareRrset() {}

  /** The record name on the wire: the owner name without its trailing dot. */
  static String wireName(RecordKey key) {
    return key.name().substring(0, key.name().length() - 1);
  }

  private static Wire toWire(String type, String value) {
    String v = value;
    Integer priority = null;
    if (type.equals("MX")) {
      String[] parts = value.trim().split("\\s+");
      if (parts.length != 2 || !parts[0].matches("\\d{1,5}")) {
        throw new IllegalArgumentException("MX value must be '<preference> <host>': " + value);
      }
      priority = Integer.valueOf(parts[0]);
      v = parts[1];
    }
    if ((type.equals("CNAME") || type.equals("NS") || type.equals("MX")) && v.endsWith(".")) {
      v = v.substring(0, v.length() - 1);
    }
    return new Wire(v, priority);
  }

  private static String fromWire(JsonNode record) {
    String type = record.path("type").asText();
    String content = record.path("content").asText();
    if (type.equals("CNAME") || type.equals("NS") || type.equals("MX")) {
      content = content.endsWith(".") ? content : content + ".";
    }
    return type.equals("MX") ? record.path("priority").asInt() + " " + content : content;
  }

  private static Wire wireOf(JsonNode record) {
    JsonNode p = record.path("priority");
    return new Wire(record.path("content").asText(), p.isIntegralNumber() ? p.asInt() : null);
  }

  /** The RRset of {@code records} (those of {@code key}), or empty when there are none. */
  static Optional<RecordSet> toRecordSet(RecordKey key, List<JsonNode> records) {
    List<String> values = new ArrayList<>();
    long ttl = Long.MAX_VALUE;
    for (JsonNode r : records) {
      values.add(fromWire(r));
      long t = r.path("ttl").asLong(AUTO_TTL);
      ttl = Math.min(ttl, t == AUTO_TTL || r.path("proxied").asBoolean() ? AUTO_TTL_SECONDS : t);
    }
    return values.isEmpty() ? Optional.empty() : Optional.of(new RecordSet(key, ttl, values));
  }

  /**
   * The changes that make {@code existing} (the records of {@code desired}'s name and type) hold
   * exactly {@code desired}, DNS-only: records already holding a wanted value are kept (patched
   * only if their TTL or proxy flag differ), others are patched to the remaining values, created or
   * deleted. At most {@code max(desired values, existing records)} operations. Valid in any order
   * of the kinds, in particular in the batch endpoint's (deletes, patches, posts): no patch or
   * create writes a value another record of the RRset still holds, and deletes only make room.
   */
  static List<Op> plan(RecordSet desired, List<JsonNode> existing) {
    String type = desired.key().type();
    List<Wire> wanted = new ArrayList<>();
    desired.values().forEach(v -> wanted.add(toWire(type, v)));
    List<JsonNode> spare = new ArrayList<>(existing);
    List<Op> ops = new ArrayList<>();
    for (var it = wanted.iterator(); it.hasNext(); ) {
      Wire w = it.next();
      JsonNode same = spare.stream().filter(r -> wireOf(r).equals(w)).findFirst().orElse(null);
      if (same != null) {
        spare.remove(same);
        it.remove();
        if (same.path("ttl").asLong() != desired.ttl()
            || !same.path("proxied").isBoolean()
            || same.path("proxied").asBoolean()) {
          ops.add(new Patch(same.path("id").asText(), body(desired, null)));
        }
      }
    }
    List<Op> deletes = new ArrayList<>();
    for (int i = 0; i < Math.max(wanted.size(), spare.size()); i++) {
      if (i < wanted.size() && i < spare.size()) {
        ops.add(new Patch(spare.get(i).path("id").asText(), body(desired, wanted.get(i))));
      } else if (i < wanted.size()) {
        ObjectNode create = body(desired, wanted.get(i));
        create.put("type", type).put("name", wireName(desired.key()));
        ops.add(new Create(create));
      } else {
        deletes.add(new Delete(spare.get(i).path("id").asText()));
      }
    }
    ops.addAll(deletes);
    return ops;
  }

  /**
   * The body of {@code POST /zones/{id}/dns_records/batch} for {@code ops}: {@code deletes} as
   * {@code {id}}, {@code patches} as the patch's fields plus its {@code id}, {@code posts} as the
   * new record. No {@code puts}: a PUT reverts the fields it omits (anchors.md defect 4).
   * Cloudflare runs the lists in the order deletes, patches, puts, posts, each in the order given,
   * in one database transaction (developers.cloudflare.com/dns/manage-dns-records/how-to/
   * batch-record-changes).
   */
  static ObjectNode batchBody(List<Op> ops) {
    ObjectNode body = ProviderHttp.JSON.createObjectNode();
    ArrayNode deletes = body.putArray("deletes");
    ArrayNode patches = body.putArray("patches");
    ArrayNode posts = body.putArray("posts");
    for (Op op : ops) {
      if (op instanceof Delete d) {
        deletes.addObject().put("id", d.id());
      } else if (op instanceof Patch p) {
        patches.addObject().put("id", p.id()).setAll(p.body());
      } else {
        posts.add(((Create) op).body());
      }
    }
    return body;
  }

  /** TTL and {@code proxied: false} always; content (and MX priority) when {@code w} is given. */
  private static ObjectNode body(RecordSet desired, Wire w) {
    ObjectNode o = ProviderHttp.JSON.createObjectNode();
    if (w != null) {
      o.put("content", w.content());
      if (w.priority() != null) {
        o.put("priority", w.priority());
      }
    }
    o.put("ttl", desired.ttl());
    o.put("proxied", false);
    return o;
  }
}
