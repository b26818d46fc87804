package org.peerprobe.node.dns;

import java.util.Locale;
import java.util.Set;

/**
 * An RRset's identity: an absolute owner name (lower-case, trailing dot) and a type.
 *
 * @param name e.g. {@code www.example.com.}
 * @param type one of {@link #TYPES}
 */
public record RecordKey(String name, String type) {
  /** The record types peerprobe manages. */
  public static final Set<String> TYPES = Set.of("A", "AAAA", "CNAME", "TXT", "MX", "CAA", "NS");

  /** Longest owner name in presentation form (RFC 1035: 255 octets on the wire). */
  public static final int MAX_NAME_LENGTH = 253 + 1;

  public RecordKey {
    if (name == null || name.isEmpty() || !name.endsWith(".")) {
      throw new IllegalArgumentException("record name must be absolute (end with '.'): " + name);
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "record name longer than " + MAX_NAME_LENGTH + ": " + name);
    }
    if (!name.equals(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("record name must be lower-case: " + name);
    }
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("record type " + type + " is not one of " + TYPES);
    }
  }

  /** {@code name} made absolute and lower-case. */
  public static RecordKey of(String name, String type) {
    String n = name.toLowerCase(Locale.ROOT);
    return new RecordKey(n.endsWith(".") ? n : n + ".", type.toUpperCase(Locale.ROOT));
  }

  /** True when this name is {@code zone} or below it. */
  public boolean isIn(String zone) {
    return name.equals(zone) || name.endsWith("." + zone);
  }

  /**
   * The name relative to {@code zone}: {@code ""} at the apex, else e.g. {@code www} (deSEC's
   * subname, Cloudflare's short name).
   */
  public String relativeTo(String zone) {
    if (name.equals(zone)) {
      return "";
    }
    if (!name.endsWith("." + zone)) {
      throw new IllegalArgumentException(name + " is not in zone " + zone);
    }
    return name.substring(0, name.length() - zone.length() - 1);
  }

  @Override
  public String toString() {
    return name + " " + type;
  }
}
