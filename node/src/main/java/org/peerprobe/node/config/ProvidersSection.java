package org.peerprobe.node.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.peerprobe.node.dns.ProviderSpec;
import org.peerprobe.node.dns.RecordKey;
import org.peerprobe.node.dns.Secret;
import org.peerprobe.node.dns.dnsjava.RecordCodec;

/**
 * Reads a {@code providers:} list of DNS providers into {@link ProviderSpec}s, from any YAML
 * configuration file (zone.yaml, the signer's section of node.yaml):
 *
 * <pre>
 * providers:
 *   - id: bind                     # required, unique: [A-Za-z0-9][A-Za-z0-9._-]*
 *     type: rfc2136                # rfc2136 | powerdns | cloudflare | desec | zonefile
 *     zone: example.com.           # required unless the file names the zone
 *     timeout: 5s                  # optional, 100ms..1m
 *     server: 192.0.2.53:53        # rfc2136: host[:port]
 *     tsigKey: ci-key.             # rfc2136
 *     tsigAlgorithm: hmac-sha256   # rfc2136, optional
 *     tcp: true                    # rfc2136, optional
 *     tsigSecretEnv: TSIG_SECRET   # a credential: NAMEEnv (a variable) or NAMEFile (a file)
 *   - {id: pdns, type: powerdns, url: http://127.0.0.1:8081, apiKeyFile: pdns.key, serverId: localhost}
 *   - {id: cf, type: cloudflare, zoneId: 0123..., tokenEnv: CF_API_TOKEN, url: https://...}
 *   - {id: desec, type: desec, tokenEnv: DESEC_TOKEN, url: https://...}
 *   - {id: local, type: zonefile, file: zones/example.com.zone}
 * </pre>
 *
 * Credentials are read by {@link ProviderCredentials}. Every problem is recorded with its position;
 * a credential never appears in a message: an error raised while building a configuration has the
 * credential and every value that came from the environment replaced by {@code ***}.
 */
final class ProvidersSection {
  /** Most providers in one list. */
  static final int MAX_PROVIDERS = 16;

  /** Longest provider id. */
  static final int MAX_ID_LENGTH = 63;

  /** Bounds of a provider's {@code timeout}. */
  static final Duration MIN_TIMEOUT = Duration.ofMillis(100);

  static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final String LABEL = "[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?";
  private static final Pattern DNS_NAME = Pattern.compile("(" + LABEL + "\\.)*" + LABEL + "\\.?");
  private static final Set<String> COMMON = Set.of("id", "type", "zone", "timeout");

  private ProvidersSection() {}

  /**
   * The providers listed at {@code key} of {@code parent}: at least one, at most {@link
   * #MAX_PROVIDERS}. Problems are recorded in the parent's file; items with problems are left out.
   *
   * @param zone the zone every provider serves when the file names it (then a provider may leave
   *     out {@code zone}, and one that names another zone is an error)
   * @param env the environment the {@code *Env} credentials are read from
   */
  static List<ProviderSpec> read(
      Section parent, String key, Optional<String> zone, Function<String, String> env) {
    if (!parent.has(key)) {
      parent.file().error(parent.node(), parent.field(key), "is required: a list of DNS providers");
      return List.of();
    }
    YamlNode list = parent.get(key).orElseThrow();
    if (list instanceof YamlNode.Sequence seq && seq.items().isEmpty()
        || list instanceof YamlNode.Scalar v && v.isNull()) {
      parent.file().error(list, parent.field(key), "lists no provider: at least one is required");
      return List.of();
    }
    Map<String, Integer> ids = new HashMap<>();
    ConfigFile file = parent.file();
    return parent.list(
        key, MAX_PROVIDERS, (item, field) -> item(file, item, field, zone, env, ids));
  }

  /** Reads one item; {@code ids} maps the ids seen so far to their lines. */
  private static Optional<ProviderSpec> item(
      ConfigFile file,
      YamlNode item,
      String field,
      Optional<String> fileZone,
      Function<String, String> env,
      Map<String, Integer> ids) {
    if (!(item instanceof YamlNode.Mapping m)) {
      file.error(item, field, "expected a mapping of 'name: value', found " + item.kind());
      return Optional.empty();
    }
    YamlNode.Entry typeEntry = m.entries().get("type");
    if (typeEntry == null) {
      file.error(
          m, field + ".type", "is required: one of " + String.join(", ", ProviderSpec.TYPES));
      return Optional.empty();
    }
    Optional<String> type =
        Section.scalar(file, typeEntry.value(), field + ".type", "", ProvidersSection::type);
    if (type.isEmpty()) {
      return Optional.empty();
    }
    int errorsBefore = file.errorCount();
    Set<String> allowed = new HashSet<>(COMMON);
    allowed.addAll(ProviderTypes.FIELDS.get(type.get()));
    Section s = new Section(file, field, m, allowed);
    Optional<String> id = s.required("id", "a unique name for this provider", ProvidersSection::id);
    id.ifPresent(
        i -> {
          Integer first = ids.putIfAbsent(i, s.get("id").orElseThrow().line());
          if (first != null) {
            file.error(
                s.get("id").orElseThrow(),
                s.field("id"),
                "provider id '" + i + "' is used twice (first on line " + first + ")");
          }
        });
    Optional<String> zone = zone(s, fileZone);
    Optional<Duration> timeout = s.optional("timeout", ProviderTypes::timeout);
    ProviderTypes.Built built = ProviderTypes.read(s, type.get(), env);
    if (file.errorCount() > errorsBefore) {
      // Every missing or wrong value recorded an error; the item is left out.
      return Optional.empty();
    }
    try {
      return Optional.of(built.spec(id.get(), zone.get(), timeout));
    } catch (IllegalArgumentException e) {
      String message = e.getMessage() == null ? "invalid provider" : e.getMessage();
      file.error(m, field, redact(message, built.secret(), m));
      return Optional.empty();
    }
  }

  /** The provider's zone: its own, or the file's; both and different is an error. */
  private static Optional<String> zone(Section s, Optional<String> fileZone) {
    if (fileZone.isEmpty()) {
      return s.required("zone", "the zone, e.g. example.com.", ProvidersSection::dnsName);
    }
    Optional<String> own = s.optional("zone", ProvidersSection::dnsName);
    if (own.isEmpty()) {
      return fileZone;
    }
    if (!own.get().equals(fileZone.get())) {
      s.file()
          .error(
              s.get("zone").orElseThrow(),
              s.field("zone"),
              "is "
                  + own.get()
                  + " but this file is for zone "
                  + fileZone.get()
                  + " (leave it out to use the file's zone)");
      return Optional.empty();
    }
    return own;
  }

  /**
   * {@code message} without the credential and without any value of {@code item} that came from the
   * environment.
   */
  private static String redact(String message, Optional<Secret> secret, YamlNode.Mapping item) {
    String m = secret.map(s -> s.redact(message)).orElse(message);
    for (YamlNode.Entry e : item.entries().values()) {
      if (e.value() instanceof YamlNode.Scalar v && v.fromEnvironment() && !v.isNull()) {
        if (!v.text().isEmpty()) {
          m = m.replace(v.text(), "***");
        }
      }
    }
    return m;
  }

  private static String type(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (!ProviderSpec.TYPES.contains(t)) {
      throw new IllegalArgumentException(
          "unknown provider type '"
              + text
              + "' (expected one of: "
              + String.join(", ", ProviderSpec.TYPES)
              + ")");
    }
    return t;
  }

  static String id(String text) {
    if (!ID.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not an id: 1.."
              + MAX_ID_LENGTH
              + " letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return text;
  }

  /**
   * An absolute, lower-case host-style DNS name with the trailing dot ({@code example.com} is
   * accepted); the error shows the text as written, so that a value from the environment is
   * redacted.
   */
  static String dnsName(String text) {
    String t = text.strip();
    if (t.length() > RecordKey.MAX_NAME_LENGTH || !DNS_NAME.matcher(t).matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a DNS name (letters, digits, '-' and '_' in dot-separated labels)");
    }
    String n = RecordKey.of(t, "NS").name();
    RecordCodec.name(n);
    return n;
  }
}
