package org.peerprobe.node.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.peerprobe.node.dns.ProviderSpec;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.zone.DeclaredRecord;
import org.peerprobe.node.zone.ZoneRules;
import org.peerprobe.node.zone.ZoneSpec;

/**
 * Reads a zone file for {@code peerprobe zone plan|apply} into a {@link ZoneSpec}:
 *
 * <pre>
 * zone: example.com.                # required
 * providers: [...]                  # required, see ProvidersSection; zone may be left out
 * records:                          # 0..500
 *   - name: www                     # relative to the zone, '@' for the apex, or absolute with '.'
 *     type: CNAME                   # A AAAA CAA CNAME MX NS TXT
 *     ttl: 300                      # seconds (or 5m, 1h), default 300
 *     values: [cdn.example.net.]    # 1..64; a single value may be written without [ ]
 * </pre>
 *
 * Every {@link ZoneRules} problem is reported at its line, before any provider is contacted.
 */
public final class ZoneConfigFile {
  static final Set<String> FIELDS = Set.of("zone", "providers", "records");
  static final Set<String> RECORD_FIELDS = Set.of("name", "type", "ttl", "values");

  private ZoneConfigFile() {}

  /** Loads {@code file} with the process environment. */
  public static ZoneSpec load(Path file) {
    return load(file, System::getenv);
  }

  /**
   * Loads {@code file}; {@code env} serves {@code ${VAR}} and the providers' {@code *Env}
   * credentials.
   *
   * @throws ConfigException listing every problem, each with file, line, column and field
   */
  public static ZoneSpec load(Path file, Function<String, String> env) {
    ConfigFile c = ConfigFile.read(file, env);
    Optional<Section> root = c.rootSection(FIELDS);
    if (root.isEmpty()) {
      c.throwIfErrors();
    }
    Section s = root.orElseThrow();
    Optional<String> zone =
        s.required(
            "zone",
            "the zone these records belong to, e.g. example.com.",
            ProvidersSection::dnsName);
    List<ProviderSpec> providers = ProvidersSection.read(s, "providers", zone, env);
    List<Read> records = new ArrayList<>();
    if (zone.isPresent()) {
      records.addAll(
          s.list(
              "records",
              ZoneSpec.MAX_RECORDS,
              (item, field) -> record(c, item, field, zone.get())));
      conflicts(c, records);
    }
    c.throwIfErrors();
    try {
      return new ZoneSpec(
          zone.orElseThrow(), providers, records.stream().map(Read::declared).toList());
    } catch (IllegalArgumentException e) {
      // Every rule was checked above with its position; this is a safety net.
      throw new ConfigException(
          new ConfigError(file, s.node().line(), s.node().column(), "", e.getMessage()));
    }
  }

  /** A record read, with the position of its name and type for problems found later. */
  private record Read(DeclaredRecord declared, YamlNode type, String field) {}

  private static Optional<Read> record(ConfigFile c, YamlNode item, String field, String zone) {
    Optional<Section> maybe = Section.mappingItem(c, item, field, RECORD_FIELDS);
    if (maybe.isEmpty()) {
      return Optional.empty();
    }
    Section s = maybe.get();
    int errorsBefore = c.errorCount();
    Optional<String> name =
        s.required(
            "name",
            "relative to the zone (www), '@' for the apex, or absolute (www." + zone + ")",
            t -> ZoneRules.absoluteName(zone, t));
    Optional<String> type =
        s.required("type", "one of A, AAAA, CAA, CNAME, MX, NS, TXT", ZoneRules::type);
    Optional<Integer> ttl =
        s.optional(
            "ttl", (int) ZoneSpec.DEFAULT_TTL, ConfigValues.seconds(0, (int) RecordSet.MAX_TTL));
    List<String> values = type.isPresent() ? values(c, s, zone, type.get()) : List.of();
    if (c.errorCount() > errorsBefore) {
      return Optional.empty();
    }
    RecordKey key = new RecordKey(name.orElseThrow(), type.orElseThrow());
    YamlNode typeNode = s.get("type").orElseThrow();
    Optional<String> keyProblem = ZoneRules.keyProblem(zone, key);
    if (keyProblem.isPresent()) {
      c.error(typeNode, s.field("type"), keyProblem.get());
      return Optional.empty();
    }
    RecordSet rrset = new RecordSet(key, ttl.orElseThrow(), values);
    String source = c.file() + ":" + item.line() + ":" + item.column() + " " + field;
    return Optional.of(new Read(new DeclaredRecord(rrset, source), typeNode, s.field("type")));
  }

  /** The values of one record: a list, or a single value; checked for the type. */
  private static List<String> values(ConfigFile c, Section s, String zone, String type) {
    Optional<YamlNode> node = s.get("values");
    String field = s.field("values");
    if (node.isEmpty()) {
      c.error(s.node(), field, "is required: the record's values, e.g. [192.0.2.1]");
      return List.of();
    }
    List<YamlNode> items =
        node.get() instanceof YamlNode.Sequence seq ? seq.items() : List.of(node.get());
    if (items.isEmpty() || items.size() > RecordSet.MAX_VALUES) {
      c.error(node.get(), field, "must hold 1.." + RecordSet.MAX_VALUES + " values");
      return List.of();
    }
    if (type.equals("CNAME") && items.size() > 1) {
      c.error(node.get(), field, "a CNAME has exactly one target, found " + items.size());
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String itemField = node.get() instanceof YamlNode.Sequence ? field + "[" + i + "]" : field;
      Optional<String> v =
          Section.scalar(c, items.get(i), itemField, "", t -> ZoneRules.value(zone, type, t));
      if (v.isPresent()) {
        if (out.contains(v.get())) {
          c.error(items.get(i), itemField, "'" + v.get() + "' is given twice");
        } else {
          out.add(v.get());
        }
      }
    }
    return out;
  }

  /** Duplicates and CNAMEs beside other data, reported at the offending record's type. */
  private static void conflicts(ConfigFile c, List<Read> records) {
    Map<Integer, String> problems =
        ZoneRules.conflicts(records.stream().map(Read::declared).toList());
    for (Map.Entry<Integer, String> p : problems.entrySet()) {
      Read r = records.get(p.getKey());
      c.error(r.type(), r.field(), p.getValue());
    }
  }
}
