package org.peerprobe.consensus.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.Fields;

/**
 * One front of the network bundle: a name the router can point at, and how observers probe it.
 *
 * <p>An observer resolves {@code hostname}, connects to it, and requests {@code url}, whose host
 * must be that same hostname: the TLS server name and the {@code Host} header are the front's own
 * name, so a front is probed by its own name and never through the router's name. The front is UP
 * when a response status falls in {@code expectedStatus} and, when {@code bodyContains} is present,
 * the body contains it; up to {@code attempts} tries per round.
 *
 * @param id the front's name, as in observations and router policies
 * @param hostname DNS name (or IPv4 literal) resolved and connected to, 1..{@value
 *     #MAX_HOSTNAME_CHARS} characters, lowercase
 * @param url the {@code http} or {@code https} URL requested, at most {@value #MAX_URL_CHARS}
 *     characters, without user info or fragment
 * @param expectedStatus status ranges that count as UP, sorted and disjoint, 1..{@value
 *     #MAX_STATUS_RANGES}
 * @param bodyContains text the body must contain, 1..{@value #MAX_BODY_CONTAINS_CHARS} characters
 * @param timeouts the limit of each phase of one attempt
 * @param attempts tries per round, 1..{@value #MAX_ATTEMPTS}
 */
public record Front(
    String id,
    String hostname,
    String url,
    List<StatusRange> expectedStatus,
    Optional<String> bodyContains,
    Timeouts timeouts,
    int attempts) {

  /** Longest hostname (RFC 1035 name length). */
  public static final int MAX_HOSTNAME_CHARS = 253;

  /** Longest URL. */
  public static final int MAX_URL_CHARS = 2048;

  /** Most status ranges of one front. */
  public static final int MAX_STATUS_RANGES = 16;

  /** Longest body substring. */
  public static final int MAX_BODY_CONTAINS_CHARS = 256;

  /** Most attempts per round. */
  public static final int MAX_ATTEMPTS = 5;

  public static final int DEFAULT_ATTEMPTS = 2;

  /** 200..299. */
  public static final List<StatusRange> DEFAULT_EXPECTED_STATUS =
      List.of(new StatusRange(200, 299));

  static final Set<String> FIELDS =
      Set.of("id", "hostname", "url", "expectedStatus", "bodyContains", "timeouts", "attempts");

  private static final Pattern HOSTNAME =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  public Front {
    Ids.requireName(id, "id");
    if (hostname == null || !HOSTNAME.matcher(hostname).matches()) {
      throw new IllegalArgumentException(
          "hostname must be a lowercase DNS name or IPv4 address: " + hostname);
    }
    checkUrl(url);
    checkUrlHost(hostname, url);
    expectedStatus = List.copyOf(expectedStatus);
    if (expectedStatus.isEmpty() || expectedStatus.size() > MAX_STATUS_RANGES) {
      throw new IllegalArgumentException(
          "expectedStatus must have 1.." + MAX_STATUS_RANGES + " ranges");
    }
    for (int i = 1; i < expectedStatus.size(); i++) {
      if (expectedStatus.get(i - 1).to() >= expectedStatus.get(i).from()) {
        throw new IllegalArgumentException(
            "expectedStatus ranges must be sorted and must not overlap: "
                + expectedStatus.get(i - 1)
                + ", "
                + expectedStatus.get(i));
      }
    }
    if (bodyContains == null) {
      throw new IllegalArgumentException("bodyContains must be present or empty, not null");
    }
    bodyContains.ifPresent(
        s -> {
          if (s.isEmpty() || s.length() > MAX_BODY_CONTAINS_CHARS) {
            throw new IllegalArgumentException(
                "bodyContains must have 1.." + MAX_BODY_CONTAINS_CHARS + " characters");
          }
        });
    if (timeouts == null) {
      throw new IllegalArgumentException("timeouts are required");
    }
    if (attempts < 1 || attempts > MAX_ATTEMPTS) {
      throw new IllegalArgumentException("attempts must be 1.." + MAX_ATTEMPTS + ": " + attempts);
    }
  }

  /** A front with the default status set, no body check, default timeouts and attempts. */
  public static Front of(String id, String hostname, String url) {
    return new Front(
        id,
        hostname,
        url,
        DEFAULT_EXPECTED_STATUS,
        Optional.empty(),
        Timeouts.DEFAULT,
        DEFAULT_ATTEMPTS);
  }

  private static void checkUrl(String url) {
    if (url == null || url.isEmpty() || url.length() > MAX_URL_CHARS) {
      throw new IllegalArgumentException("url must have 1.." + MAX_URL_CHARS + " characters");
    }
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("url is not a valid URI: " + e.getMessage(), e);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("url must start with http:// or https://: " + url);
    }
    if (u.getHost() == null || u.getRawUserInfo() != null || u.getRawFragment() != null) {
      throw new IllegalArgumentException("url needs a host and no user info or fragment: " + url);
    }
  }

  private static void checkUrlHost(String hostname, String url) {
    String host = URI.create(url).getHost().toLowerCase(Locale.ROOT);
    if (!host.equals(hostname)) {
      throw new IllegalArgumentException(
          "url host "
              + host
              + " must be the front's hostname "
              + hostname
              + " (a front is probed by its own name)");
    }
  }

  /** True when {@code status} counts as UP. */
  public boolean expects(int status) {
    return expectedStatus.stream().anyMatch(r -> r.contains(status));
  }

  /**
   * True when the hostname or the URL's host is a loopback, private, link-local or unspecified IPv4
   * literal or a {@code localhost} name — allowed only when the bundle allows private addresses.
   * (Names that resolve to such addresses are refused by the prober.)
   */
  public boolean namesLocalAddress() {
    return isLocal(hostname) || isLocal(URI.create(url).getHost().toLowerCase(Locale.ROOT));
  }

  private static boolean isLocal(String host) {
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return true;
    }
    if (host.startsWith("[")) {
      // IPv6 literal: unspecified/loopback/v4-mapped (::…), unique local (fc/fd), link-local
      // (fe8-feb)
      return host.startsWith("[::") || host.matches("\\[(f[cd]|fe[89ab])[0-9a-f]{0,2}:.*");
    }
    String[] p = host.split("\\.", -1);
    if (p.length != 4) {
      return false;
    }
    int[] b = new int[4];
    for (int i = 0; i < 4; i++) {
      if (!p[i].matches("[0-9]{1,3}")) {
        return false;
      }
      b[i] = Integer.parseInt(p[i]);
    }
    return b[0] == 0
        || b[0] == 10
        || b[0] == 127
        || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
        || (b[0] == 169 && b[1] == 254)
        || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
        || (b[0] == 192 && b[1] == 168);
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.put("id", id);
    o.put("hostname", hostname);
    o.put("url", url);
    ArrayNode s = o.putArray("expectedStatus");
    expectedStatus.forEach(r -> s.add(r.toJson()));
    bodyContains.ifPresent(b -> o.put("bodyContains", b));
    o.set("timeouts", timeouts.toJson());
    o.put("attempts", attempts);
    return o;
  }

  static Front read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    String id = f.text("id", 63, Ids.NAME, Ids.NAME_DESCRIPTION);
    String hostname = f.text("hostname", MAX_HOSTNAME_CHARS);
    String url = f.text("url", MAX_URL_CHARS);
    List<StatusRange> status = f.array("expectedStatus", 1, MAX_STATUS_RANGES, StatusRange::read);
    Optional<String> body =
        f.has("bodyContains")
            ? Optional.of(f.text("bodyContains", MAX_BODY_CONTAINS_CHARS))
            : Optional.empty();
    Timeouts timeouts = Timeouts.read(f, "timeouts");
    int attempts = (int) f.integer("attempts", 1, MAX_ATTEMPTS);
    return f.construct(() -> new Front(id, hostname, url, status, body, timeouts, attempts));
  }

  /**
   * HTTP status codes {@code from..to} (inclusive), each in {@value #MIN_STATUS}..{@value
   * #MAX_STATUS}.
   */
  public record StatusRange(int from, int to) {
    public static final int MIN_STATUS = 100;
    public static final int MAX_STATUS = 599;

    private static final Set<String> RANGE_FIELDS = Set.of("from", "to");

    public StatusRange {
      if (from < MIN_STATUS || to > MAX_STATUS || from > to) {
        throw new IllegalArgumentException(
            "a status range needs "
                + MIN_STATUS
                + " <= from <= to <= "
                + MAX_STATUS
                + ": "
                + from
                + "-"
                + to);
      }
    }

    public boolean contains(int status) {
      return status >= from && status <= to;
    }

    public ObjectNode toJson() {
      ObjectNode o = CanonicalJson.object();
      o.put("from", from);
      o.put("to", to);
      return o;
    }

    static StatusRange read(JsonNode node, String path) {
      Fields f = Fields.of(node, path, RANGE_FIELDS);
      int from = (int) f.integer("from", MIN_STATUS, MAX_STATUS);
      int to = (int) f.integer("to", MIN_STATUS, MAX_STATUS);
      return f.construct(() -> new StatusRange(from, to));
    }

    @Override
    public String toString() {
      return from == to ? Integer.toString(from) : from + "-" + to;
    }
  }

  /**
   * Limits of one probe attempt, in milliseconds, each 1..{@value #MAX_TIMEOUT_MS}; no phase limit
   * exceeds {@code totalMs}.
   */
  public record Timeouts(int dnsMs, int connectMs, int tlsMs, int firstByteMs, int totalMs) {
    /** Longest limit of any phase. */
    public static final int MAX_TIMEOUT_MS = 60_000;

    public static final Timeouts DEFAULT = new Timeouts(2_000, 3_000, 3_000, 5_000, 10_000);

    private static final Set<String> TIMEOUT_FIELDS =
        Set.of("dnsMs", "connectMs", "tlsMs", "firstByteMs", "totalMs");

    public Timeouts {
      int[] all = {dnsMs, connectMs, tlsMs, firstByteMs, totalMs};
      for (int t : all) {
        if (t < 1 || t > MAX_TIMEOUT_MS) {
          throw new IllegalArgumentException("timeouts must be 1.." + MAX_TIMEOUT_MS + " ms: " + t);
        }
        if (t > totalMs) {
          throw new IllegalArgumentException(
              "no phase timeout may exceed totalMs (" + totalMs + " ms): " + t);
        }
      }
    }

    public ObjectNode toJson() {
      ObjectNode o = CanonicalJson.object();
      o.put("dnsMs", dnsMs);
      o.put("connectMs", connectMs);
      o.put("tlsMs", tlsMs);
      o.put("firstByteMs", firstByteMs);
      o.put("totalMs", totalMs);
      return o;
    }

    static Timeouts read(Fields parent, String field) {
      Fields f = parent.object(field, TIMEOUT_FIELDS);
      int dns = ms(f, "dnsMs");
      int connect = ms(f, "connectMs");
      int tls = ms(f, "tlsMs");
      int firstByte = ms(f, "firstByteMs");
      int total = ms(f, "totalMs");
      return f.construct(() -> new Timeouts(dns, connect, tls, firstByte, total));
    }

    private static int ms(Fields f, String field) {
      return (int) f.integer(field, 1, MAX_TIMEOUT_MS);
    }
  }
}
