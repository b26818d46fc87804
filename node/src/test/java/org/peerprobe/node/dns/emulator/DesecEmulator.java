package org.peerprobe.node.dns.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;

/**
 * The deSEC DNS API ({@code /api/v1}, desec.readthedocs.io "Domain Management", "Retrieving and
 * Creating DNS Records", "Rate Limits") for one domain of one account.
 *
 * <ul>
 *   <li>Auth: {@code Authorization: Token <secret>}; a wrong token gets 401 {@code {"detail":
 *       "Invalid token."}}, none gets 401 {@code {"detail": "Authentication credentials were not
 *       provided."}}; another domain gets 404 {@code {"detail": "Not found."}}.
 *   <li>{@code GET /domains/{d}/} with the read-only {@code minimum_ttl} ({@link
 *       #DEFAULT_MINIMUM_TTL}, settable).
 *   <li>{@code GET/PATCH/PUT/DELETE /domains/{d}/rrsets/{subname}/{type}/} ({@code @} for the apex;
 *       PATCH/PUT of a missing RRset 404; {@code records: []} deletes, 204) and bulk {@code
 *       POST/PATCH/PUT /domains/{d}/rrsets/} with an array: validated as a whole, applied all or
 *       nothing, errors as a positional array with {@code {}} for good items.
 *   <li>Validation: TTL between {@code minimum_ttl} and {@link #MAX_TTL} ("Ensure this value is
 *       greater than or equal to N."), type upper-case, subname syntax ({@code @} refused in
 *       bodies), CNAME with one absolute target, no CNAME beside other types (so none at the apex,
 *       which has NS) with deSEC's "RRset with conflicting type present" message, TXT quoted.
 *   <li>Rate limits, sliding windows per account: reads 10/s and 50/min, RRset writes 2/s, 15/min,
 *       100/h, 300/day (settable); 429 {@code {"detail": "Request was throttled. Expected available
 *       in N seconds."}} with {@code Retry-After: N}.
 * </ul>
 *
 * Left out: pagination (zones here are small), list filters, domain creation, token policies,
 * DNSSEC keys, the stage-2 (PowerDNS) checks beyond those above, record canonicalisation (values
 * are stored as sent), and the exact wording of the messages marked approximate in the code.
 */
public final class DesecEmulator extends EmulatorServer {
  public static final long DEFAULT_MINIMUM_TTL = 3600;
  public static final long MAX_TTL = 604800;

  private static final Pattern DOMAIN = Pattern.compile("/api/v1/domains/([^/]+)/(.*)");
  private static final Pattern ONE = Pattern.compile("rrsets/([^/]*)/([^/]+)/");
  private static final Pattern SUBNAME = Pattern.compile("(\\*|(\\*\\.)?[a-z0-9_.-]*)");
  private static final Pattern TYPE = Pattern.compile("[A-Z][A-Z0-9]*");

  record Rrset(String subname, String type, long ttl, List<String> records) {}

  private final String domain;
  private final String token;
  private final Map<String, Rrset> zone = new LinkedHashMap<>();
  private List<SlidingWindow> reads;
  private List<SlidingWindow> writes;
  private long minimumTtl = DEFAULT_MINIMUM_TTL;

  /**
   * @param domain e.g. {@code example.test} (with or without the trailing dot)
   */
  public DesecEmulator(String domain, String token) {
    this.domain = domain.replaceAll("\\.$", "");
    this.token = token;
    reads = List.of(window(10, Duration.ofSeconds(1)), window(50, Duration.ofMinutes(1)));
    writes =
        List.of(
            window(2, Duration.ofSeconds(1)),
            window(15, Duration.ofMinutes(1)),
            window(100, Duration.ofHours(1)),
            window(300, Duration.ofDays(1)));
    zone.put("/NS", new Rrset("", "NS", 3600, List.of("ns1.desec.io.", "ns2.desec.org.")));
  }

  private static SlidingWindow window(int limit, Duration window) {
    return new SlidingWindow(limit, window);
  }

  public DesecEmulator minimumTtl(long ttl) {
    synchronized (lock) {
      minimumTtl = ttl;
    }
    return this;
  }

  /** Replaces the RRset write limits with one window. */
  public DesecEmulator limitWrites(int limit, Duration window) {
    synchronized (lock) {
      writes = List.of(window(limit, window));
    }
    return this;
  }

  /** Replaces the read limits with one window. */
  public DesecEmulator limitReads(int limit, Duration window) {
    synchronized (lock) {
      reads = List.of(window(limit, window));
    }
    return this;
  }

  /** Puts {@code r} into the zone directly (values in presentation form, TXT unquoted). */
  public void seed(RecordSet r) {
    List<String> records = new ArrayList<>();
    for (String v : r.values()) {
      records.add(r.key().type().equals("TXT") ? TxtText.quote(v) : v);
    }
    String sub = r.key().relativeTo(domain + ".");
    synchronized (lock) {
      zone.put(sub + "/" + r.key().type(), new Rrset(sub, r.key().type(), r.ttl(), records));
    }
  }

  /** The RRset as the zone holds it now (TXT unquoted). */
  public Optional<RecordSet> observe(RecordKey key) {
    Rrset r;
    synchronized (lock) {
      r = zone.get(key.relativeTo(domain + ".") + "/" + key.type());
    }
    if (r == null) {
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    for (String v : r.records()) {
      values.add(key.type().equals("TXT") ? TxtText.unquote(v) : v);
    }
    return Optional.of(new RecordSet(key, r.ttl(), values));
  }

  @Override
  protected Response route(Request req, String authorization) {
    if (authorization == null) {
      return detail(401, "Authentication credentials were not provided.");
    }
    if (!authorization.equals("Token " + token)) {
      return detail(401, "Invalid token.");
    }
    Matcher m = DOMAIN.matcher(req.path());
    if (!m.matches() || !m.group(1).equals(domain)) {
      return detail(404, "Not found.");
    }
    String rest = m.group(2);
    boolean rrsetWrite = !req.method().equals("GET") && rest.startsWith("rrsets/");
    synchronized (lock) {
      List<SlidingWindow> limits = rrsetWrite ? writes : reads;
      Duration wait = Duration.ZERO;
      for (SlidingWindow w : limits) {
        Duration d = w.waitAt(now());
        wait = d.compareTo(wait) > 0 ? d : wait;
      }
      if (!wait.isZero()) {
        return throttled(wait);
      }
      limits.forEach(w -> w.admit(now()));
      JsonNode body;
      try {
        body = req.body().isEmpty() ? null : JSON.readTree(req.body());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        return detail(400, "JSON parse error - " + e.getOriginalMessage());
      }
      if (rest.isEmpty() && req.method().equals("GET")) {
        return Response.of(200, domainObject());
      }
      if (rest.equals("rrsets/")) {
        return list(req.method(), body);
      }
      Matcher one = ONE.matcher(rest);
      if (one.matches()) {
        String sub = one.group(1).equals("@") ? "" : one.group(1);
        return single(req.method(), sub, one.group(2), body);
      }
      return detail(404, "Not found.");
    }
  }

  private Response list(String method, JsonNode body) {
    if (method.equals("GET")) {
      ArrayNode all = JSON.createArrayNode();
      zone.values().forEach(r -> all.add(rrsetObject(r)));
      return Response.of(200, all);
    }
    if (body == null || !(body.isArray() || (body.isObject() && method.equals("POST")))) {
      return detail(400, "Expected a list of items but got type \"dict\".");
    }
    ArrayNode items = body.isArray() ? (ArrayNode) body : JSON.createArrayNode().add(body);
    return bulk(method, items, body.isArray());
  }

  private Response single(String method, String sub, String type, JsonNode body) {
    Rrset existing = zone.get(sub + "/" + type);
    switch (method) {
      case "GET":
        return existing == null
            ? detail(404, "Not found.")
            : Response.of(200, rrsetObject(existing));
      case "DELETE":
        zone.remove(sub + "/" + type);
        return Response.of(204, null);
      case "PATCH":
      case "PUT":
        if (existing == null) {
          return detail(404, "Not found.");
        }
        if (body == null || !body.isObject()) {
          return detail(400, "Invalid data. Expected a dictionary.");
        }
        ObjectNode item = ((ObjectNode) body.deepCopy()).put("subname", sub).put("type", type);
        Response r = bulk(method, JSON.createArrayNode().add(item), false);
        if (r.status() == 200 && !zone.containsKey(sub + "/" + type)) {
          return Response.of(204, null);
        }
        return r.status() == 200 ? Response.of(200, rrsetObject(zone.get(sub + "/" + type))) : r;
      default:
        return detail(405, "Method \"" + method + "\" not allowed.");
    }
  }

  /** Validates every item, then applies all of them or none. */
  private Response bulk(String method, ArrayNode items, boolean asArray) {
    Map<String, Rrset> after = new LinkedHashMap<>(zone);
    ArrayNode errors = JSON.createArrayNode();
    boolean failed = false;
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      ObjectNode err = DesecValidation.item(items.get(i), method, zone, minimumTtl, MAX_TTL);
      String key =
          items.get(i).path("subname").asText("") + "/" + items.get(i).path("type").asText();
      Integer earlier = seen.putIfAbsent(key, i);
      if (earlier != null) {
        err.putArray("non_field_errors")
            .add("Same subname and type as in position(s) " + earlier + ", but must be unique.");
      }
      if (err.isEmpty()) {
        DesecValidation.apply(items.get(i), after);
      }
      failed |= !err.isEmpty();
      errors.add(err);
    }
    if (!failed) {
      for (int i = 0; i < items.size(); i++) {
        String conflict = DesecValidation.cnameConflict(items.get(i), after);
        if (conflict != null) {
          ((ObjectNode) errors.get(i)).putArray("non_field_errors").add(conflict);
          failed = true;
        }
      }
    }
    if (failed) {
      return Response.of(400, asArray ? errors : errors.get(0));
    }
    zone.clear();
    zone.putAll(after);
    ArrayNode result = JSON.createArrayNode();
    for (JsonNode item : items) {
      Rrset r = zone.get(item.path("subname").asText("") + "/" + item.path("type").asText());
      if (r != null) {
        result.add(rrsetObject(r));
      }
    }
    return Response.of(200, asArray ? result : result.path(0));
  }

  private ObjectNode domainObject() {
    ObjectNode d = JSON.createObjectNode();
    d.put("created", "2024-01-01T00:00:00.000000Z");
    d.putArray("keys");
    d.put("minimum_ttl", minimumTtl);
    d.put("name", domain);
    d.put("published", now().toString());
    d.put("touched", now().toString());
    return d;
  }

  private ObjectNode rrsetObject(Rrset r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("created", "2024-01-01T00:00:00.000000Z");
    o.put("domain", domain);
    o.put("subname", r.subname());
    o.put("name", (r.subname().isEmpty() ? "" : r.subname() + ".") + domain + ".");
    o.put("type", r.type());
    ArrayNode records = o.putArray("records");
    r.records().forEach(records::add);
    o.put("ttl", r.ttl());
    o.put("touched", now().toString());
    return o;
  }

  private static Response detail(int status, String detail) {
    return Response.of(status, JSON.createObjectNode().put("detail", detail));
  }

  @Override
  protected JsonNode serverErrorBody() {
    return JSON.createObjectNode().put("detail", "A server error occurred.");
  }

  @Override
  protected JsonNode throttledBody(long seconds) {
    return JSON.createObjectNode()
        .put("detail", "Request was throttled. Expected available in " + seconds + " seconds.");
  }

  static boolean validSubname(String s) {
    return SUBNAME.matcher(s).matches();
  }

  static boolean validType(String s) {
    return TYPE.matcher(s).matches();
  }
}
