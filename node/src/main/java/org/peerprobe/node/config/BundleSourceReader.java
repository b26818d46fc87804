package org.peerprobe.node.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.failover.FailbackMode;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.Front;
import org.peerprobe.consensus.model.Ids;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.consensus.model.QuorumPolicy;
import org.peerprobe.consensus.model.Ratio;
import org.peerprobe.consensus.model.Router;

/**
 * Reads the parts of {@code bundle.yaml} that are lists of records — observers, fronts, routers —
 * and the quorum policy, recording each problem at its line. Duplicates are reported at the second
 * occurrence.
 */
final class BundleSourceReader {
  static final Set<String> OBSERVER_FIELDS = Set.of("peerId", "network", "label", "weight");
  static final Set<String> FRONT_FIELDS =
      Set.of("id", "hostname", "url", "expectedStatus", "bodyContains", "timeouts", "attempts");
  static final Set<String> TIMEOUT_FIELDS = Set.of("dns", "connect", "tls", "firstByte", "total");
  static final Set<String> ROUTER_FIELDS =
      Set.of(
          "name",
          "primary",
          "secondary",
          "ttl",
          "downRounds",
          "upRounds",
          "failback",
          "cooldownRounds");
  static final Set<String> POLICY_FIELDS = Set.of("threshold", "minNetworks", "maxNetworkShare");

  private final ConfigFile file;

  BundleSourceReader(ConfigFile file) {
    this.file = file;
  }

  static String name(String text) {
    if (!Ids.NAME.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a valid name: " + Ids.NAME_DESCRIPTION);
    }
    return text;
  }

  /** The policy section, or the default when absent. */
  Optional<QuorumPolicy> policy(Section root) {
    Optional<Section> p = root.section("policy", POLICY_FIELDS);
    if (p.isEmpty()) {
      return Optional.of(QuorumPolicy.DEFAULT);
    }
    Section s = p.get();
    Optional<Ratio> threshold =
        s.optional("threshold", QuorumPolicy.DEFAULT_THRESHOLD, ConfigValues::ratio);
    Optional<Integer> min =
        s.optional(
            "minNetworks",
            QuorumPolicy.DEFAULT_MIN_NETWORKS,
            ConfigValues.integer(1, QuorumPolicy.MAX_MIN_NETWORKS));
    Optional<Ratio> share =
        s.optional("maxNetworkShare", QuorumPolicy.DEFAULT_MAX_NETWORK_SHARE, ConfigValues::ratio);
    if (threshold.isEmpty() || min.isEmpty() || share.isEmpty()) {
      return Optional.empty();
    }
    return construct(
        s.get("threshold").orElse(s.node()),
        s.field("threshold"),
        () -> new QuorumPolicy(threshold.get(), min.get(), share.get()));
  }

  List<Ed25519PublicKey> signers(Section root, int max) {
    return unique(
        root.list(
            "signers",
            max,
            located(
                (item, field) -> Section.scalar(file, item, field, "", ConfigValues::publicKey))),
        k -> k,
        k -> "signer " + k.peerId());
  }

  List<Observer> observers(Section root, int max) {
    return unique(
        root.list("observers", max, located(this::observer)),
        Observer::key,
        o -> "observer " + o.key().peerId());
  }

  private Optional<Observer> observer(YamlNode item, String field) {
    Optional<Section> m = Section.mappingItem(file, item, field, OBSERVER_FIELDS);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Section s = m.get();
    Optional<Ed25519PublicKey> key =
        s.required("peerId", "the observer's PeerId", ConfigValues::publicKey);
    Optional<String> network =
        s.required("network", "the network (ASN) it probes from, e.g. AS3320", t -> t);
    Optional<String> label = s.required("label", "who runs it, for humans", t -> t);
    Optional<Integer> weight =
        s.optional("weight", 1, ConfigValues.integer(1, Observer.MAX_WEIGHT));
    if (key.isEmpty() || network.isEmpty() || label.isEmpty() || weight.isEmpty()) {
      return Optional.empty();
    }
    return construct(
        item, field, () -> new Observer(key.get(), network.get(), label.get(), weight.get()));
  }

  List<Located<Front>> fronts(Section root, int max) {
    return uniqueLocated(
        root.list("fronts", max, located(this::front)), Front::id, f -> "front " + f.id());
  }

  private Optional<Front> front(YamlNode item, String field) {
    Optional<Section> m = Section.mappingItem(file, item, field, FRONT_FIELDS);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Section s = m.get();
    Optional<String> id =
        s.required("id", "the front's name, e.g. cf-front", BundleSourceReader::name);
    Optional<String> host = s.required("hostname", "the DNS name to probe", t -> t);
    Optional<String> url =
        s.required(
            "url",
            "the URL to request on the front's own hostname, e.g. https://cf-front.example.org/",
            t -> t);
    List<Front.StatusRange> status = statusRanges(s);
    Optional<String> body = s.optional("bodyContains", t -> t);
    Optional<Front.Timeouts> timeouts = timeouts(s);
    Optional<Integer> attempts =
        s.optional("attempts", Front.DEFAULT_ATTEMPTS, ConfigValues.integer(1, Front.MAX_ATTEMPTS));
    if (id.isEmpty()
        || host.isEmpty()
        || url.isEmpty()
        || status.isEmpty()
        || timeouts.isEmpty()
        || attempts.isEmpty()) {
      return Optional.empty();
    }
    return construct(
        item,
        field,
        () ->
            new Front(
                id.get(), host.get(), url.get(), status, body, timeouts.get(), attempts.get()));
  }

  /** {@code expectedStatus}: one code or range, or a list of them; 200-299 when absent. */
  private List<Front.StatusRange> statusRanges(Section s) {
    Optional<YamlNode> v = s.get("expectedStatus");
    if (v.isEmpty()) {
      return Front.DEFAULT_EXPECTED_STATUS;
    }
    String field = s.field("expectedStatus");
    List<Front.StatusRange> out = new ArrayList<>();
    int errors = 0;
    if (v.get() instanceof YamlNode.Sequence seq) {
      if (seq.items().isEmpty() || seq.items().size() > Front.MAX_STATUS_RANGES) {
        file.error(seq, field, "must have 1.." + Front.MAX_STATUS_RANGES + " codes or ranges");
        return List.of();
      }
      for (int i = 0; i < seq.items().size(); i++) {
        Optional<Front.StatusRange> r =
            Section.scalar(
                file, seq.items().get(i), field + "[" + i + "]", "", ConfigValues::statusRange);
        r.ifPresent(out::add);
        errors += r.isEmpty() ? 1 : 0;
      }
    } else {
      Optional<Front.StatusRange> r =
          Section.scalar(file, v.get(), field, "", ConfigValues::statusRange);
      r.ifPresent(out::add);
      errors += r.isEmpty() ? 1 : 0;
    }
    if (errors > 0) {
      return List.of();
    }
    out.sort(java.util.Comparator.comparingInt(Front.StatusRange::from));
    return out;
  }

  private Optional<Front.Timeouts> timeouts(Section front) {
    Front.Timeouts d = Front.Timeouts.DEFAULT;
    Optional<YamlNode> raw = front.get("timeouts");
    if (raw.isEmpty() || raw.get() instanceof YamlNode.Scalar sc && sc.isNull()) {
      return Optional.of(d);
    }
    Optional<Section> t = front.section("timeouts", TIMEOUT_FIELDS);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    Section s = t.get();
    Section.Parser<Integer> ms = ConfigValues.millis(1, Front.Timeouts.MAX_TIMEOUT_MS);
    Optional<Integer> dns = s.optional("dns", d.dnsMs(), ms);
    Optional<Integer> connect = s.optional("connect", d.connectMs(), ms);
    Optional<Integer> tls = s.optional("tls", d.tlsMs(), ms);
    Optional<Integer> firstByte = s.optional("firstByte", d.firstByteMs(), ms);
    Optional<Integer> total = s.optional("total", d.totalMs(), ms);
    if (dns.isEmpty()
        || connect.isEmpty()
        || tls.isEmpty()
        || firstByte.isEmpty()
        || total.isEmpty()) {
      return Optional.empty();
    }
    return construct(
        s.node(),
        s.path(),
        () ->
            new Front.Timeouts(dns.get(), connect.get(), tls.get(), firstByte.get(), total.get()));
  }

  List<Located<Router>> routers(Section root, int max) {
    return uniqueLocated(
        root.list("routers", max, located(this::router)), Router::name, r -> "router " + r.name());
  }

  private Optional<Router> router(YamlNode item, String field) {
    Optional<Section> m = Section.mappingItem(file, item, field, ROUTER_FIELDS);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Section s = m.get();
    Optional<String> name =
        s.required("name", "the router's name, e.g. web-router", BundleSourceReader::name);
    Optional<String> primary =
        s.required("primary", "the front it points at when healthy", BundleSourceReader::name);
    Optional<String> secondary =
        s.required("secondary", "the front it fails over to", BundleSourceReader::name);
    Optional<Integer> ttl =
        s.optional(
            "ttl",
            Router.DEFAULT_TTL_SECONDS,
            ConfigValues.seconds(Router.MIN_TTL_SECONDS, Router.MAX_TTL_SECONDS));
    Section.Parser<Integer> streak = ConfigValues.integer(1, RouterPolicy.MAX_STREAK_ROUNDS);
    Optional<Integer> down = s.optional("downRounds", RouterPolicy.DEFAULT_DOWN_ROUNDS, streak);
    Optional<Integer> up = s.optional("upRounds", RouterPolicy.DEFAULT_UP_ROUNDS, streak);
    Optional<FailbackMode> failback =
        s.optional("failback", RouterPolicy.DEFAULT_FAILBACK, BundleSourceReader::failback);
    Optional<Integer> cooldown =
        s.optional(
            "cooldownRounds",
            RouterPolicy.DEFAULT_COOLDOWN_ROUNDS,
            ConfigValues.integer(0, RouterPolicy.MAX_COOLDOWN_ROUNDS));
    if (name.isEmpty()
        || primary.isEmpty()
        || secondary.isEmpty()
        || ttl.isEmpty()
        || down.isEmpty()
        || up.isEmpty()
        || failback.isEmpty()
        || cooldown.isEmpty()) {
      return Optional.empty();
    }
    return construct(
        item,
        field,
        () ->
            new Router(
                RouterPolicy.builder(name.get(), primary.get(), secondary.get())
                    .downRounds(down.get())
                    .upRounds(up.get())
                    .failback(failback.get())
                    .cooldownRounds(cooldown.get())
                    .build(),
                ttl.get()));
  }

  private static FailbackMode failback(String text) {
    return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "auto" -> FailbackMode.AUTO;
      case "manual" -> FailbackMode.MANUAL;
      default -> throw new IllegalArgumentException("'" + text + "' is not auto or manual");
    };
  }

  /** Records an invariant a constructor checks across fields at {@code at}. */
  <T> Optional<T> construct(YamlNode at, String field, java.util.function.Supplier<T> constructor) {
    try {
      return Optional.of(constructor.get());
    } catch (IllegalArgumentException e) {
      file.error(at, field, e.getMessage());
      return Optional.empty();
    }
  }

  /** A value with the node and field path it was read from. */
  record Located<T>(T value, YamlNode node, String field) {}

  static <T> Section.ItemReader<Located<T>> located(Section.ItemReader<T> reader) {
    return (item, field) -> reader.read(item, field).map(v -> new Located<>(v, item, field));
  }

  /** Drops (and reports, at the later item) items whose key was seen before. */
  <T, K> List<Located<T>> uniqueLocated(
      List<Located<T>> items, Function<T, K> id, Function<T, String> what) {
    Map<K, Located<T>> seen = new HashMap<>();
    List<Located<T>> out = new ArrayList<>();
    for (Located<T> item : items) {
      Located<T> first = seen.putIfAbsent(id.apply(item.value()), item);
      if (first != null) {
        file.error(
            item.node(),
            item.field(),
            what.apply(item.value())
                + " is listed twice (first on line "
                + first.node().line()
                + ")");
      } else {
        out.add(item);
      }
    }
    return out;
  }

  private <T, K> List<T> unique(
      List<Located<T>> items, Function<T, K> id, Function<T, String> what) {
    return uniqueLocated(items, id, what).stream().map(Located::value).toList();
  }
}
