package org.peerprobe.node.probe;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.peerprobe.consensus.model.Ids;

/**
 * One front as the prober sees it: which URL to fetch, by which hostname, and what counts as
 * healthy. A front is always probed by its own hostname (DNS, SNI and the {@code Host} header),
 * never through the router name, and redirects are never followed, so a probe only ever contacts
 * the configured front.
 *
 * <p>Immutable; build with {@link #builder(String)}, which validates in {@link Builder#build()} and
 * throws {@link ProbeConfigException}.
 *
 * @param id the front's id in the network bundle ({@link Ids#NAME}); the observation's {@code
 *     front}
 * @param hostname the DNS name probed: lowercase letters, digits, '-' and '.', at most {@value
 *     #MAX_HOSTNAME_CHARS} characters (an IDN in its {@code xn--} form); not an IP literal (a
 *     certificate names a host, and SNI cannot carry an address)
 * @param url {@code https://} or {@code http://}; its host equals {@code hostname}; port optional;
 *     no user info or fragment
 * @param expectedStatuses HTTP statuses that count as UP (each 100..599); default {@link
 *     #DEFAULT_EXPECTED_STATUSES}
 * @param bodyContains when present, the response body must contain this text (compared as UTF-8
 *     bytes) within the first {@link ProbeConfig#maxBodyBytes()} bytes
 * @param timeouts per-phase timeouts of one attempt
 * @param attempts attempts per round, 1..{@value #MAX_ATTEMPTS}; DOWN only when a strict majority
 *     of the attempts made failed
 */
public record FrontSpec(
    String id,
    String hostname,
    URI url,
    Set<Integer> expectedStatuses,
    Optional<String> bodyContains,
    PhaseTimeouts timeouts,
    int attempts) {

  /**
   * Success and the redirects a healthy site answers with (the redirect is not followed): 200–299,
   * 301, 302, 307, 308.
   */
  public static final Set<Integer> DEFAULT_EXPECTED_STATUSES =
      Collections.unmodifiableSet(
          IntStream.concat(IntStream.rangeClosed(200, 299), IntStream.of(301, 302, 307, 308))
              .boxed()
              .collect(Collectors.<Integer, TreeSet<Integer>>toCollection(TreeSet::new)));

  public static final int DEFAULT_ATTEMPTS = 3;
  public static final int MAX_ATTEMPTS = 5;
  public static final int MAX_HOSTNAME_CHARS = 253;

  /** Longest expected body substring, in characters. */
  public static final int MAX_BODY_SUBSTRING_CHARS = 256;

  /** Longest URL accepted, in characters. */
  public static final int MAX_URL_CHARS = 2048;

  private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
  private static final Pattern HOSTNAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*");
  private static final Pattern NUMERIC_LABEL = Pattern.compile(".*(?:^|\\.)[0-9]+$");

  public FrontSpec {
    if (id == null || !Ids.NAME.matcher(id).matches()) {
      throw new ProbeConfigException("front id must be " + Ids.NAME_DESCRIPTION + ": " + id);
    }
    checkHostname(hostname, id);
    checkUrl(url, hostname, id);
    if (expectedStatuses == null || expectedStatuses.isEmpty()) {
      throw new ProbeConfigException("front " + id + ": expected statuses must not be empty");
    }
    for (Integer s : expectedStatuses) {
      if (s == null || s < 100 || s > 599) {
        throw new ProbeConfigException("front " + id + ": expected status " + s + " not 100..599");
      }
    }
    expectedStatuses = Collections.unmodifiableSet(new TreeSet<>(expectedStatuses));
    if (bodyContains == null) {
      throw new ProbeConfigException("front " + id + ": bodyContains must be Optional, not null");
    }
    bodyContains.ifPresent(
        s -> {
          if (s.isEmpty() || s.length() > MAX_BODY_SUBSTRING_CHARS) {
            throw new ProbeConfigException(
                "front " + id + ": body substring must be 1.." + MAX_BODY_SUBSTRING_CHARS);
          }
        });
    if (timeouts == null) {
      throw new ProbeConfigException("front " + id + ": timeouts are required");
    }
    if (attempts < 1 || attempts > MAX_ATTEMPTS) {
      throw new ProbeConfigException("front " + id + ": attempts must be 1.." + MAX_ATTEMPTS);
    }
  }

  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** True for {@code https}. */
  public boolean tls() {
    return url.getScheme().equalsIgnoreCase("https");
  }

  /** The port connected to: the URL's, else 443 for https and 80 for http. */
  public int port() {
    return url.getPort() != -1 ? url.getPort() : defaultPort();
  }

  /** The {@code Host} header: the hostname, with the port when it is not the scheme's default. */
  public String hostHeader() {
    return port() == defaultPort() ? hostname : hostname + ":" + port();
  }

  /** The request target: the URL's path (at least {@code /}) and query, as written. */
  public String requestTarget() {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
  }

  /** The expected body substring as UTF-8 bytes, when one is set. */
  public Optional<byte[]> bodyContainsUtf8() {
    return bodyContains.map(s -> s.getBytes(StandardCharsets.UTF_8));
  }

  private int defaultPort() {
    return tls() ? 443 : 80;
  }

  private static void checkHostname(String hostname, String id) {
    if (hostname == null
        || hostname.length() > MAX_HOSTNAME_CHARS
        || !HOSTNAME.matcher(hostname).matches()) {
      throw new ProbeConfigException(
          "front " + id + ": hostname must be a lowercase DNS name: " + hostname);
    }
    if (NUMERIC_LABEL.matcher(hostname).matches()) {
      throw new ProbeConfigException(
          "front " + id + ": hostname must be a name, not an address: " + hostname);
    }
  }

  private static void checkUrl(URI url, String hostname, String id) {
    if (url == null) {
      throw new ProbeConfigException("front " + id + ": url is required");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new ProbeConfigException("front " + id + ": url must be https or http: " + url);
    }
    if (url.toString().length() > MAX_URL_CHARS) {
      throw new ProbeConfigException("front " + id + ": url longer than " + MAX_URL_CHARS);
    }
    if (url.getRawUserInfo() != null || url.getRawFragment() != null) {
      throw new ProbeConfigException("front " + id + ": url must have no user info or fragment");
    }
    if (url.getHost() == null || !url.getHost().toLowerCase(Locale.ROOT).equals(hostname)) {
      throw new ProbeConfigException(
          "front " + id + ": url host " + url.getHost() + " must equal hostname " + hostname);
    }
    if (url.getPort() == 0 || url.getPort() > 65535) {
      throw new ProbeConfigException("front " + id + ": url port must be 1..65535");
    }
    String path = url.getRawPath();
    if (path != null && !path.isEmpty() && !path.startsWith("/")) {
      throw new ProbeConfigException("front " + id + ": url path must start with /");
    }
  }

  /** Builder with the {@code DEFAULT_*} values; {@code hostname} and {@code url} are required. */
  public static final class Builder {
    private final String id;
    private String hostname;
    private String url;
    private Set<Integer> expectedStatuses = DEFAULT_EXPECTED_STATUSES;
    private Optional<String> bodyContains = Optional.empty();
    private PhaseTimeouts timeouts = PhaseTimeouts.DEFAULT;
    private int attempts = DEFAULT_ATTEMPTS;

    private Builder(String id) {
      this.id = id;
    }

    public Builder hostname(String v) {
      hostname = v;
      return this;
    }

    /** The URL as text; a malformed one fails {@link #build()}. */
    public Builder url(String v) {
      url = v;
      return this;
    }

    public Builder expectedStatuses(Collection<Integer> v) {
      expectedStatuses = v == null ? null : new HashSet<>(v);
      return this;
    }

    public Builder bodyContains(String v) {
      bodyContains = Optional.ofNullable(v);
      return this;
    }

    public Builder timeouts(PhaseTimeouts v) {
      timeouts = v;
      return this;
    }

    public Builder attempts(int v) {
      attempts = v;
      return this;
    }

    public FrontSpec build() {
      URI parsed;
      try {
        parsed = url == null ? null : new URI(url);
      } catch (URISyntaxException e) {
        throw new ProbeConfigException("front " + id + ": malformed url: " + e.getMessage());
      }
      return new FrontSpec(
          id, hostname, parsed, expectedStatuses, bodyContains, timeouts, attempts);
    }
  }
}
