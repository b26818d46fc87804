package org.peerprobe.node.feed;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed GET: its path segments and query parameters, with typed accessors that refuse malformed
 * values with a {@link FeedException} naming the parameter.
 */
public final class FeedRequest {
  /** A path segment naming a front, router or network: the ids the bundle allows. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private final List<String> segments;
  private final Map<String, List<String>> params;

  private FeedRequest(List<String> segments, Map<String, List<String>> params) {
    this.segments = segments;
    this.params = params;
  }

  public static FeedRequest parse(String uri) {
    QueryStringDecoder d = new QueryStringDecoder(uri);
    List<String> segments =
        java.util.Arrays.stream(d.path().split("/")).filter(s -> !s.isEmpty()).toList();
    return new FeedRequest(segments, d.parameters());
  }

  public List<String> segments() {
    return segments;
  }

  /** The path, normalised: {@code /} plus the segments. */
  public String path() {
    return "/" + String.join("/", segments);
  }

  public Optional<String> param(String name) {
    List<String> v = params.get(name);
    if (v == null || v.isEmpty()) {
      return Optional.empty();
    }
    if (v.size() > 1) {
      throw FeedException.badRequest(name + ": given " + v.size() + " times");
    }
    return Optional.of(v.get(0));
  }

  /** A non-negative integer parameter no larger than {@code max}. */
  public Optional<Long> longParam(String name, long max) {
    Optional<String> text = param(name);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String t = text.get();
    if (!t.matches("[0-9]{1,16}")) {
      throw FeedException.badRequest(name + ": expected a non-negative integer, got " + quote(t));
    }
    long v = Long.parseLong(t);
    if (v > max) {
      throw FeedException.badRequest(name + ": " + v + " is above the limit of " + max);
    }
    return Optional.of(v);
  }

  /** Checks that a path segment is a name (front, router). */
  public static String name(String segment, String what) {
    if (!NAME.matcher(segment).matches()) {
      throw FeedException.badRequest(what + ": not a valid id: " + quote(segment));
    }
    return segment;
  }

  /** Checks that a path segment is a hex SHA-256 (certificate or decision id). */
  public static String hash(String segment, String what) {
    if (!HASH.matcher(segment).matches()) {
      throw FeedException.badRequest(what + ": expected 64 lowercase hex digits");
    }
    return segment;
  }

  /** Quotes a client's value for an error message, cut short so a message stays small. */
  static String quote(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
    return '"' + cut.replaceAll("[^\\x20-\\x7e…]", "?") + '"';
  }
}
