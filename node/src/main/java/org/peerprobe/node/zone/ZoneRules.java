package org.peerprobe.node.zone;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.dnsjava.RecordCodec;

/**
 * The rules a declared zone must follow whatever the provider, checked before any provider is
 * contacted: names inside the zone, no CNAME at the apex or beside other data, absolute CNAME, NS
 * and MX targets, values valid for their type. Each check throws {@link IllegalArgumentException}
 * with a message for the person who wrote the zone file (the configuration's fault). Also the
 * canonical form in which declared and provider values are compared. Stateless.
 */
public final class ZoneRules {
  /** The types whose value is (or ends with) a domain name that must be absolute. */
  public static final Set<String> TARGET_TYPES = Set.of("CNAME", "NS", "MX");

  private static final String LABEL = "[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?";
  private static final Pattern RELATIVE =
      Pattern.compile("(\\*\\.)?(" + LABEL + "\\.)*" + LABEL + "|\\*");

  private ZoneRules() {}

  /**
   * The absolute name of {@code written} in {@code zone}: {@code @} is the apex, a name with a
   * trailing dot is absolute and must be in the zone, any other name is relative to the zone.
   */
  public static String absoluteName(String zone, String written) {
    String w = written.strip().toLowerCase(Locale.ROOT);
    String bare = zone.substring(0, zone.length() - 1);
    String name;
    if (w.equals("@")) {
      name = zone;
    } else if (w.endsWith(".")) {
      name = w;
      if (!(name.equals(zone) || name.endsWith("." + zone))) {
        throw new IllegalArgumentException(
            "'"
                + written
                + "' is outside the zone "
                + zone
                + " (this file manages that zone only)");
      }
      String relative =
          name.equals(zone) ? "" : name.substring(0, name.length() - zone.length() - 1);
      if (!relative.isEmpty() && !RELATIVE.matcher(relative).matches()) {
        throw new IllegalArgumentException("'" + written + "' is not a valid record name");
      }
    } else {
      if (w.equals(bare) || w.endsWith("." + bare)) {
        throw new IllegalArgumentException(
            "'"
                + written
                + "' ends with the zone's name but has no trailing dot, so it would mean "
                + w
                + "."
                + zone
                + "; write it relative to the zone (e.g. 'www', or '@' for the apex) or absolute"
                + " with a trailing dot");
      }
      if (!RELATIVE.matcher(w).matches()) {
        throw new IllegalArgumentException(
            "'" + written + "' is not a valid record name (letters, digits, '-', '_', '*.')");
      }
      name = w + "." + zone;
    }
    if (name.length() > RecordKey.MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "'" + written + "' is longer than " + RecordKey.MAX_NAME_LENGTH + " characters");
    }
    return name;
  }

  /** {@code written} as one of {@link RecordKey#TYPES}, upper-case. */
  public static String type(String written) {
    String t = written.strip().toUpperCase(Locale.ROOT);
    if (!RecordKey.TYPES.contains(t)) {
      throw new IllegalArgumentException(
          "'" + written + "' is not a record type peerprobe manages (" + typeList() + ")");
    }
    return t;
  }

  /**
   * {@code written} as a value of {@code type} records: valid for the type and, for CNAME, NS and
   * MX, with an absolute target (a relative target would silently become a name inside the zone at
   * some providers and a literal at others).
   */
  public static String value(String zone, String type, String written) {
    String v = written.strip();
    if (v.isEmpty()) {
      throw new IllegalArgumentException("a value must not be empty");
    }
    if (TARGET_TYPES.contains(type)) {
      String[] parts = v.split("\\s+");
      String target = parts[parts.length - 1];
      if (!target.endsWith(".")) {
        throw new IllegalArgumentException(
            type
                + " target '"
                + target
                + "' has no trailing dot; write the absolute name, e.g. '"
                + target
                + ".'");
      }
    }
    try {
      RecordCodec.toRecords(new RecordSet(new RecordKey(zone, type), 0, List.of(v)), 0);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + v + "' is not a valid " + type + " value");
    }
    return v;
  }

  /** Why {@code key} may not be declared on its own (a CNAME at the apex), if it may not. */
  public static Optional<String> keyProblem(String zone, RecordKey key) {
    if (key.type().equals("CNAME") && key.name().equals(zone)) {
      return Optional.of(
          "a CNAME cannot be at the zone apex "
              + zone
              + ": the apex has SOA and NS records, and a CNAME must be alone at its name");
    }
    return Optional.empty();
  }

  /**
   * Problems between the declared RRsets, one per offending RRset (the later of a pair): an RRset
   * declared twice, a CNAME beside other data at its name.
   *
   * @return each offending RRset's index in {@code records}, with the problem
   */
  public static Map<Integer, String> conflicts(List<DeclaredRecord> records) {
    Map<Integer, String> problems = new HashMap<>();
    Map<RecordKey, Integer> seen = new HashMap<>();
    Map<String, List<Integer>> byName = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      RecordKey key = records.get(i).rrset().key();
      Integer first = seen.putIfAbsent(key, i);
      if (first != null) {
        problems.put(i, key + " is declared twice" + at(records.get(first), " (first at ", ")"));
        continue;
      }
      byName.computeIfAbsent(key.name(), n -> new ArrayList<>()).add(i);
    }
    for (List<Integer> atName : byName.values()) {
      for (int i : atName) {
        RecordKey key = records.get(i).rrset().key();
        if (key.type().equals("CNAME") && atName.size() > 1) {
          Set<String> others = new LinkedHashSet<>();
          for (int j : atName) {
            if (j != i) {
              DeclaredRecord o = records.get(j);
              others.add(o.rrset().key().type() + at(o, " (", ")"));
            }
          }
          problems.put(
              i,
              key.name()
                  + " has a CNAME and also "
                  + String.join(", ", others)
                  + ": a name with a CNAME can have no other records");
        }
      }
    }
    return problems;
  }

  private static String at(DeclaredRecord d, String before, String after) {
    return d.source().isEmpty() ? "" : before + d.source() + after;
  }

  /**
   * The form in which values are compared: what dnsjava prints for the value (so {@code
   * 2001:db8::1} equals {@code 2001:db8:0:0:0:0:0:1}), domain names lower-case; TXT as is.
   */
  public static String canonical(RecordKey key, String value) {
    if (key.type().equals("TXT")) {
      return value;
    }
    try {
      String c =
          RecordCodec.value(RecordCodec.toRecords(new RecordSet(key, 0, List.of(value)), 0).get(0));
      return TARGET_TYPES.contains(key.type()) ? c.toLowerCase(Locale.ROOT) : c;
    } catch (IllegalArgumentException e) {
      return value.strip();
    }
  }

  /** True when {@code actual} has {@code wanted}'s TTL and, in canonical form, its values. */
  public static boolean sameContent(RecordSet wanted, RecordSet actual) {
    return wanted.ttl() == actual.ttl() && sameValues(wanted, actual);
  }

  /** True when both hold the same values in canonical form, whatever the order and TTL. */
  public static boolean sameValues(RecordSet a, RecordSet b) {
    return canonicalSet(a).equals(canonicalSet(b));
  }

  private static Set<String> canonicalSet(RecordSet r) {
    Set<String> out = new java.util.HashSet<>();
    r.values().forEach(v -> out.add(canonical(r.key(), v)));
    return out;
  }

  private static String typeList() {
    return String.join(", ", new java.util.TreeSet<>(RecordKey.TYPES));
  }
}
