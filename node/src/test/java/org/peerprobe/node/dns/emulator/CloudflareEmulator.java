package org.peerprobe.node.dns.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;

/**
 * The Cloudflare v4 DNS records API ({@code /client/v4}, developers.cloudflare.com "DNS Records",
 * "Rate limits") for one zone.
 *
 * <ul>
 *   <li>Auth: {@code Authorization: Bearer <token>}; a malformed header gets 400 code 6003 "Invalid
 *       request headers" (chain 6111), a wrong token 401 code 9109 "Invalid access token". Every
 *       answer is the envelope {@code {success, errors:[{code, message}], messages, result}}
 *       ({@code result_info} on lists).
 *   <li>{@code GET /zones?name=}; {@code GET /zones/{id}/dns_records?type=&name=&page=&per_page=}
 *       (exact name, paginated, default 100 a page); {@code POST} creates; {@code PATCH
 *       /dns_records/{id}} changes only the fields sent; {@code PUT} overwrites, so omitted fields
 *       revert to their defaults ({@code proxied} false, TTL 1, no comment: anchors.md defect 4);
 *       {@code DELETE}; {@code POST /zones/{id}/dns_records/batch} runs deletes, patches, puts and
 *       posts in that order, all or nothing, as one request against the rate limit ({@link
 *       CloudflareBatch}), at most {@link CloudflareBatch#FREE_PLAN_LIMIT} operations (settable).
 *   <li>Validation: TTL 1 (automatic, served as 300) or 60..86400; {@code proxied} only for
 *       A/AAAA/CNAME (a proxied record's TTL is automatic); a CNAME shares its name with no other
 *       record (81053); no identical duplicate (81058). A CNAME at the apex is allowed, as
 *       Cloudflare flattens it.
 *   <li>Rate limit: {@link #DEFAULT_REQUEST_LIMIT} requests per {@link #WINDOW} per token
 *       (settable); beyond it every call is refused for {@link #WINDOW} with 429, code 971 and
 *       {@code retry-after}.
 * </ul>
 *
 * Left out: tags, settings, record types beyond those checked, API keys (X-Auth-Key), per-token
 * permissions (code 10000), the per-IP limit, and the exact wording of the messages marked
 * approximate in {@link CloudflareRecord}.
 */
public final class CloudflareEmulator extends EmulatorServer {
  public static final String ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353";
  public static final int DEFAULT_REQUEST_LIMIT = 1200;
  public static final Duration WINDOW = Duration.ofMinutes(5);
  public static final int DEFAULT_PER_PAGE = 100;

  private static final Pattern RECORDS =
      Pattern.compile("/client/v4/zones/([^/]+)/dns_records(?:/([^/]+))?/?");

  private final String zone;
  private final String token;
  private CloudflareZone records;
  private SlidingWindow limit = new SlidingWindow(DEFAULT_REQUEST_LIMIT, WINDOW);
  private Instant blockedUntil = Instant.MIN;
  private int perPageCap = 5_000_000;
  private int batchLimit = CloudflareBatch.FREE_PLAN_LIMIT;

  /**
   * @param zone e.g. {@code example.test} (with or without the trailing dot)
   */
  public CloudflareEmulator(String zone, String token) {
    this.zone = zone.replaceAll("\\.$", "");
    this.token = token;
    this.records = new CloudflareZone(ZONE_ID, this.zone);
  }

  public CloudflareEmulator limitRequests(int n) {
    synchronized (lock) {
      limit = new SlidingWindow(n, WINDOW);
    }
    return this;
  }

  /** Caps {@code per_page} (to exercise pagination with few records). */
  public CloudflareEmulator perPageCap(int cap) {
    synchronized (lock) {
      perPageCap = cap;
    }
    return this;
  }

  /** The most record operations one batch may hold (the zone's plan; Free by default). */
  public CloudflareEmulator batchLimit(int operations) {
    synchronized (lock) {
      batchLimit = operations;
    }
    return this;
  }

  /** The requests received so far that could change the zone (every method but GET). */
  public List<Request> writeRequests() {
    return requests().stream().filter(r -> !r.method().equals("GET")).toList();
  }

  /** Puts {@code r} into the zone as one record per value, with {@code proxied}. */
  public void seed(RecordSet r, boolean proxied) {
    synchronized (lock) {
      for (String v : r.values()) {
        CloudflareRecord c = new CloudflareRecord();
        ObjectNode body = JSON.createObjectNode().put("type", r.key().type());
        body.put("name", r.key().name()).put("ttl", r.ttl()).put("proxied", proxied);
        if (r.key().type().equals("MX")) {
          body.put("priority", Integer.parseInt(v.split(" ")[0])).put("content", v.split(" ")[1]);
        } else {
          body.put("content", v);
        }
        c.merge(body, zone);
        records.seed(c);
      }
    }
  }

  /** The zone's records of {@code key} as one RRset (TTL 1 served as 300). */
  public Optional<RecordSet> observe(RecordKey key) {
    List<String> values = new ArrayList<>();
    long ttl = Long.MAX_VALUE;
    for (CloudflareRecord c : matching(key)) {
      String target = c.type.equals("CNAME") || c.type.equals("NS") ? c.content + "." : c.content;
      values.add(c.type.equals("MX") ? c.priority + " " + target + "." : target);
      ttl = Math.min(ttl, c.ttl == 1 || c.proxied ? 300 : c.ttl);
    }
    return values.isEmpty() ? Optional.empty() : Optional.of(new RecordSet(key, ttl, values));
  }

  /** The {@code proxied} flags of the records of {@code key}. */
  public List<Boolean> proxied(RecordKey key) {
    return matching(key).stream().map(c -> c.proxied).toList();
  }

  private List<CloudflareRecord> matching(RecordKey key) {
    String name = key.name().replaceAll("\\.$", "");
    synchronized (lock) {
      return records.records().stream()
          .filter(c -> c.name.equals(name) && c.type.equals(key.type()))
          .map(CloudflareRecord::copy)
          .toList();
    }
  }

  @Override
  protected Response route(Request req, String auth) {
    if (auth == null || !auth.startsWith("Bearer ") || auth.length() <= "Bearer ".length()) {
      return CloudflareEnvelope.error(
          400, 6003, "Invalid request headers", 6111, "Invalid format for Authorization header");
    }
    if (!auth.equals("Bearer " + token)) {
      return CloudflareEnvelope.error(401, 9109, "Invalid access token", null, null);
    }
    synchronized (lock) {
      Instant now = now();
      if (now.isBefore(blockedUntil)) {
        return throttled(Duration.between(now, blockedUntil));
      }
      if (!limit.waitAt(now).isZero()) {
        blockedUntil = now.plus(WINDOW);
        return throttled(WINDOW);
      }
      limit.admit(now);
      Map<String, String> q = query(req.query());
      if (req.path().replaceAll("/$", "").equals("/client/v4/zones")
          && req.method().equals("GET")) {
        ArrayNode zones = JSON.createArrayNode();
        if (q.getOrDefault("name", zone).equals(zone)) {
          zones.addObject().put("id", ZONE_ID).put("name", zone).put("status", "active");
        }
        return CloudflareEnvelope.list(zones, 1, DEFAULT_PER_PAGE, zones.size());
      }
      Matcher m = RECORDS.matcher(req.path());
      if (!m.matches() || !m.group(1).equals(ZONE_ID)) {
        return CloudflareEnvelope.error(
            400,
            7003,
            "Could not route to " + req.path() + ", perhaps your object identifier is invalid?",
            null,
            null);
      }
      JsonNode body;
      try {
        body = req.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(req.body());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        return CloudflareEnvelope.error(400, 9207, "Request body is invalid.", null, null);
      }
      if ("batch".equals(m.group(2))) {
        return batch(req.method(), body);
      }
      return m.group(2) == null
          ? collection(req.method(), q, body)
          : one(req.method(), m.group(2), body);
    }
  }

  private Response collection(String method, Map<String, String> q, JsonNode body) {
    if (method.equals("POST")) {
      return records.create(body);
    }
    if (!method.equals("GET")) {
      return notAllowed(method);
    }
    List<CloudflareRecord> found = new ArrayList<>();
    for (CloudflareRecord c : records.records()) {
      if ((!q.containsKey("type") || q.get("type").equals(c.type))
          && (!q.containsKey("name")
              || CloudflareRecord.fqdn(q.get("name"), zone).equals(c.name))) {
        found.add(c);
      }
    }
    int perPage =
        Math.min(perPageCap, Integer.parseInt(q.getOrDefault("per_page", "" + DEFAULT_PER_PAGE)));
    int page = Integer.parseInt(q.getOrDefault("page", "1"));
    ArrayNode result = JSON.createArrayNode();
    found.stream()
        .skip((long) (page - 1) * perPage)
        .limit(perPage)
        .forEach(c -> result.add(c.json(ZONE_ID, zone)));
    return CloudflareEnvelope.list(result, page, perPage, found.size());
  }

  private Response one(String method, String id, JsonNode body) {
    switch (method) {
      case "GET":
        return records.get(id);
      case "DELETE":
        return records.delete(id);
      case "PATCH":
        return records.patch(id, body);
      case "PUT":
        return records.put(id, body);
      default:
        return notAllowed(method);
    }
  }

  private Response batch(String method, JsonNode body) {
    if (!method.equals("POST")) {
      return notAllowed(method);
    }
    CloudflareZone draft = records.copy();
    Response r = CloudflareBatch.run(draft, body, batchLimit);
    if (r.status() == 200) {
      records = draft;
    }
    return r;
  }

  private static Response notAllowed(String method) {
    return CloudflareEnvelope.error(405, 10405, "Method " + method + " not allowed", null, null);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw != null) {
      for (String kv : raw.split("&")) {
        String[] p = kv.split("=", 2);
        q.put(
            URLDecoder.decode(p[0], StandardCharsets.UTF_8),
            p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
      }
    }
    return q;
  }

  @Override
  protected JsonNode serverErrorBody() {
    return CloudflareEnvelope.errorBody(10001, "Internal server error", null, null);
  }

  @Override
  protected JsonNode throttledBody(long seconds) {
    return CloudflareEnvelope.errorBody(
        971, "Please wait and consider throttling your request speed", null, null);
  }
}
