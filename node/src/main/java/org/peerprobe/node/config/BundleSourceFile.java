package org.peerprobe.node.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.model.Front;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.consensus.model.QuorumPolicy;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.Router;
import org.peerprobe.node.config.BundleSourceReader.Located;

/**
 * Reads and writes the operator's {@code bundle.yaml} ({@link BundleSource}); the layout is shown
 * by {@link BundleSourceWriter}. Values are friendly: durations ({@code 30s}), fractions ({@code
 * 2/3}), keys as PeerIds, status ranges ({@code 200-299}), {@code auto}/{@code manual}. Every
 * problem is reported with its line, including the rules that join fields: routers name fronts of
 * the file, all attempts of a front fit in one round, private addresses only when allowed.
 */
public final class BundleSourceFile {
  static final Set<String> FIELDS =
      Set.of(
          "networkId",
          "version",
          "operator",
          "roundInterval",
          "allowPrivateAddresses",
          "policy",
          "signers",
          "observers",
          "fronts",
          "routers",
          "bootstrapPeers");

  private BundleSourceFile() {}

  /** Loads {@code file} with the process environment. */
  public static BundleSource load(Path file) {
    return load(file, System::getenv);
  }

  /**
   * Loads {@code file}, substituting {@code ${VAR}} from {@code env}.
   *
   * @throws ConfigException listing every problem, each with file, line, column and field
   */
  public static BundleSource load(Path file, Function<String, String> env) {
    return load(file, env, false);
  }

  private static BundleSource load(Path file, Function<String, String> env, boolean complete) {
    ConfigFile c = ConfigFile.read(file, env);
    Optional<Section> root = c.rootSection(FIELDS);
    if (root.isEmpty()) {
      c.throwIfErrors();
    }
    Section s = root.orElseThrow();
    BundleSourceReader r = new BundleSourceReader(c);
    Optional<String> networkId =
        s.required("networkId", "the network's name, e.g. example-de", BundleSourceReader::name);
    Optional<Long> version =
        s.optional("version", v -> (long) ConfigValues.integer(1, Integer.MAX_VALUE).parse(v));
    Optional<Ed25519PublicKey> operator =
        s.required("operator", "the operator's PeerId", ConfigValues::publicKey);
    Optional<Integer> interval =
        s.optional(
            "roundInterval",
            NetworkBundle.DEFAULT_ROUND_INTERVAL_SECONDS,
            ConfigValues.seconds(1, NetworkBundle.MAX_ROUND_INTERVAL_SECONDS));
    Optional<Boolean> allowPrivate = s.optional("allowPrivateAddresses", false, ConfigValues::bool);
    Optional<QuorumPolicy> policy = r.policy(s);
    List<Ed25519PublicKey> signers = r.signers(s, Roster.MAX_SIGNERS);
    List<Observer> observers = r.observers(s, Roster.MAX_OBSERVERS);
    List<Located<Front>> fronts = r.fronts(s, NetworkBundle.MAX_FRONTS);
    List<Located<Router>> routers = r.routers(s, NetworkBundle.MAX_ROUTERS);
    List<String> peers =
        s
            .list(
                "bootstrapPeers",
                NetworkBundle.MAX_BOOTSTRAP_PEERS,
                BundleSourceReader.located(
                    (item, field) ->
                        Section.scalar(c, item, field, "", BundleSourceFile::bootstrapPeer)))
            .stream()
            .map(Located::value)
            .toList();
    if (new HashSet<>(peers).size() != peers.size()) {
      c.error(s.get("bootstrapPeers").orElseThrow(), "bootstrapPeers", "a peer is listed twice");
    }
    interval.ifPresent(i -> checkFronts(c, fronts, i, allowPrivate.orElse(true)));
    checkRouters(c, fronts, routers);
    if (complete && observers.isEmpty() && !c.hasErrors()) {
      c.error(
          s.get("observers").orElse(s.node()),
          "observers",
          "the roster has no observers yet: add them with `peerprobe network add-observer`");
    }
    c.throwIfErrors();
    return new BundleSource(
        networkId.orElseThrow(),
        version.map(OptionalLong::of).orElse(OptionalLong.empty()),
        operator.orElseThrow(),
        interval.orElseThrow(),
        allowPrivate.orElseThrow(),
        policy.orElseThrow(),
        signers,
        observers,
        fronts.stream().map(Located::value).toList(),
        routers.stream().map(Located::value).toList(),
        peers);
  }

  private static String bootstrapPeer(String text) {
    String p = ConfigValues.bootstrapPeer(text);
    if (!NetworkBundle.isBootstrapPeer(p)) {
      throw new IllegalArgumentException(
          "'" + text + "' is longer than " + NetworkBundle.MAX_MULTIADDR_CHARS + " characters");
    }
    return p;
  }

  private static void checkFronts(
      ConfigFile c, List<Located<Front>> fronts, int interval, boolean allowPrivate) {
    for (Located<Front> lf : fronts) {
      Front f = lf.value();
      long perRound = (long) f.attempts() * f.timeouts().totalMs();
      if (perRound > interval * 1000L) {
        c.error(
            lf.node(),
            lf.field(),
            "attempts x timeouts.total = "
                + perRound
                + " ms does not fit in the round interval of "
                + interval
                + " s: lower them or raise roundInterval");
      }
      if (!allowPrivate && f.namesLocalAddress()) {
        c.error(
            lf.node(),
            lf.field(),
            "hostname or url names a local or private address; allowed only with"
                + " allowPrivateAddresses: true (tests and demos)");
      }
    }
  }

  private static void checkRouters(
      ConfigFile c, List<Located<Front>> fronts, List<Located<Router>> routers) {
    Set<String> ids = new HashSet<>();
    fronts.forEach(f -> ids.add(f.value().id()));
    for (Located<Router> lr : routers) {
      YamlNode.Mapping m = (YamlNode.Mapping) lr.node();
      for (String key : List.of("primary", "secondary")) {
        String front =
            key.equals("primary") ? lr.value().policy().primary() : lr.value().policy().secondary();
        if (!ids.contains(front)) {
          c.error(
              m.entries().get(key).value(),
              lr.field() + "." + key,
              "'"
                  + front
                  + "' is not the id of a front in this file (fronts: "
                  + String.join(", ", ids)
                  + ")");
        }
      }
    }
  }

  /**
   * Loads {@code file} as a source ready to sign: like {@link #load} but observers are required.
   *
   * @throws ConfigException listing every problem
   */
  public static BundleSource loadComplete(Path file, Function<String, String> env) {
    return load(file, env, true);
  }

  /**
   * Loads {@code file} as a complete bundle at {@code version}: also requires observers, and runs
   * every rule of {@link NetworkBundle}.
   *
   * @throws ConfigException listing every problem
   */
  public static NetworkBundle loadBundle(Path file, Function<String, String> env, long version) {
    return toBundle(file, loadComplete(file, env), version);
  }

  /** {@code source} as a bundle at {@code version}; problems name {@code file}. */
  public static NetworkBundle toBundle(Path file, BundleSource source, long version) {
    try {
      return source.toBundle(version);
    } catch (IllegalArgumentException e) {
      throw ConfigException.ofFile(file, e.getMessage());
    }
  }

  /** Writes {@code source} to {@code file} in the standard commented layout, atomically. */
  public static void write(Path file, BundleSource source, boolean overwrite) throws IOException {
    byte[] text = BundleSourceWriter.render(source).getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(file, text, AtomicFiles.WORLD_READABLE, overwrite);
  }
}
