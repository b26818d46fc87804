package org.peerprobe.node.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.peerprobe.consensus.model.Ids;
import org.peerprobe.p2p.core.Multiaddr;

/**
 * Reads the local node configuration (YAML) into a {@link NodeConfig}, and writes the commented
 * template {@code peerprobe init} starts from.
 *
 * <pre>
 * keyFile: node.key                  # default node.key
 * network: AS3320                    # required
 * bundleFile: network.json           # default network.json
 * trustedOperator: 12D3KooW...       # required: PeerId or hex key
 * listen: /ip4/0.0.0.0/tcp/4001      # default
 * feedAddress: 127.0.0.1:8080        # default
 * dataDir: data                      # default data
 * dnsResolvers: [9.9.9.9:53]         # optional, IP[:port]
 * syncGrace: 10s                     # default 10s, 0..10m
 * </pre>
 *
 * Relative paths are resolved against the directory of the configuration file. String values may
 * use {@code ${VAR}} and {@code ${VAR:-default}}.
 */
public final class NodeConfigFile {
  static final Set<String> FIELDS =
      Set.of(
          "keyFile",
          "listen",
          "feedAddress",
          "dataDir",
          "network",
          "dnsResolvers",
          "bundleFile",
          "trustedOperator",
          "syncGrace",
          "signer");

  static final Set<String> SIGNER_FIELDS =
      Set.of("providers", "routers", "reconcileEvery", "takeoverDelay");

  private NodeConfigFile() {}

  /** Loads {@code file} with the process environment. */
  public static NodeConfig load(Path file) {
    return load(file, System::getenv);
  }

  /**
   * Loads {@code file}, substituting variables from {@code env}.
   *
   * @throws ConfigException listing every problem, each with file, line, column and field
   */
  public static NodeConfig load(Path file, Function<String, String> env) {
    ConfigFile c = ConfigFile.read(file, env);
    Optional<Section> root = c.rootSection(FIELDS);
    if (root.isEmpty()) {
      c.throwIfErrors();
    }
    Section s = root.orElseThrow();
    Path dir = file.toAbsolutePath().getParent();
    NodeConfig.Builder b = NodeConfig.builder();
    s.optional("keyFile", NodeConfig.DEFAULT_KEY_FILE, Path::of)
        .ifPresent(p -> b.keyFile(dir.resolve(p)));
    s.optional("listen", Multiaddr.parse(NodeConfig.DEFAULT_LISTEN), NodeConfigFile::listen)
        .ifPresent(b::listen);
    s.optional("feedAddress", NodeConfig.DEFAULT_FEED_ADDRESS, t -> HostPort.parse(t, -1))
        .ifPresent(b::feedAddress);
    s.optional("dataDir", NodeConfig.DEFAULT_DATA_DIR, Path::of)
        .ifPresent(p -> b.dataDir(dir.resolve(p)));
    s.required(
            "network",
            "the network (ASN) this machine probes from, e.g. AS3320",
            NodeConfigFile::network)
        .ifPresent(b::network);
    s.list(
            "dnsResolvers",
            NodeConfig.MAX_DNS_RESOLVERS,
            (item, field) -> Section.scalar(c, item, field, "", NodeConfigFile::resolver))
        .forEach(b::dnsResolver);
    s.optional("bundleFile", NodeConfig.DEFAULT_BUNDLE_FILE, Path::of)
        .ifPresent(p -> b.bundleFile(dir.resolve(p)));
    s.required(
            "trustedOperator",
            "the operator's PeerId (or hex key) that network.json must be signed by",
            ConfigValues::publicKey)
        .ifPresent(b::trustedOperator);
    s.optional(
            "syncGrace",
            NodeConfig.DEFAULT_SYNC_GRACE,
            t -> Duration.ofMillis(ConfigValues.durationMillis(t)))
        .ifPresent(b::syncGrace);
    s.section("signer", SIGNER_FIELDS).ifPresent(signer -> signer(signer, env, b));
    c.throwIfErrors();
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      // Every field was checked above; this is a rule across fields.
      throw new ConfigException(
          new ConfigError(file, s.node().line(), s.node().column(), "", e.getMessage()));
    }
  }

  /**
   * The {@code signer:} section: {@code providers} (see {@link ProvidersSection}), {@code routers}
   * (router name: DNS name of its record), {@code reconcileEvery}, {@code takeoverDelay}.
   */
  private static void signer(Section s, Function<String, String> env, NodeConfig.Builder b) {
    List<org.peerprobe.node.dns.ProviderSpec> providers =
        ProvidersSection.read(s, "providers", Optional.empty(), env);
    java.util.Map<String, String> routers = new java.util.LinkedHashMap<>();
    s.section("routers", java.util.Set.copyOf(routerKeys(s)))
        .ifPresent(
            r ->
                r.node()
                    .entries()
                    .keySet()
                    .forEach(
                        name ->
                            r.required(
                                    name, "the router record's DNS name", ProvidersSection::dnsName)
                                .ifPresent(dns -> routers.put(name, dns))));
    Duration every =
        s.optional(
                "reconcileEvery",
                SignerConfig.DEFAULT_RECONCILE_EVERY,
                t -> Duration.ofMillis(ConfigValues.durationMillis(t)))
            .orElse(SignerConfig.DEFAULT_RECONCILE_EVERY);
    Duration takeover =
        s.optional(
                "takeoverDelay",
                SignerConfig.DEFAULT_TAKEOVER_DELAY,
                t -> Duration.ofMillis(ConfigValues.durationMillis(t)))
            .orElse(SignerConfig.DEFAULT_TAKEOVER_DELAY);
    if (!providers.isEmpty()) {
      try {
        b.signer(new SignerConfig(providers, routers, every, takeover));
      } catch (IllegalArgumentException e) {
        s.file().error(s.node(), s.path(), e.getMessage());
      }
    }
  }

  /** Every key of {@code signer.routers} is a router name, so all are allowed. */
  private static java.util.Set<String> routerKeys(Section s) {
    return s.get("routers")
        .filter(n -> n instanceof YamlNode.Mapping)
        .map(n -> ((YamlNode.Mapping) n).entries().keySet())
        .orElse(java.util.Set.of());
  }

  private static Multiaddr listen(String text) {
    Multiaddr a = ConfigValues.multiaddr(text);
    if (a.tcpAddress().isEmpty() || a.peerId().isPresent()) {
      throw new IllegalArgumentException(
          "'" + text + "' must be a TCP address without /p2p/, e.g. " + NodeConfig.DEFAULT_LISTEN);
    }
    return a;
  }

  private static String network(String text) {
    if (!Ids.NETWORK_LABEL.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a network label: " + Ids.NETWORK_LABEL_DESCRIPTION);
    }
    return text;
  }

  private static HostPort resolver(String text) {
    HostPort h = HostPort.parse(text, NodeConfig.DEFAULT_DNS_PORT);
    if (!h.isIpLiteral() || h.port() == 0) {
      throw new IllegalArgumentException(
          "'" + text + "' must be an IP address with an optional port, e.g. 9.9.9.9:53");
    }
    return h;
  }

  /**
   * The commented configuration {@code peerprobe init} writes.
   *
   * @param keyFile the key file name, relative to the configuration's directory
   * @param network the declared network, or empty to leave it for the volunteer to fill in
   */
  public static String template(String keyFile, Optional<String> network) {
    String net =
        network.map(n -> "network: " + n).orElse("network:           # REQUIRED, e.g. AS3320");
    return String.join(
        "\n",
        List.of(
            "# peerprobe node configuration, written by `peerprobe init`.",
            "# Relative paths are relative to this file's directory. A value may use ${ENV_VAR}",
            "# or ${ENV_VAR:-default} to take it from the environment.",
            "",
            "# This node's secret Ed25519 key: its identity (PeerId). Keep it owner-only (chmod 600);",
            "# the node refuses to start when others can read it.",
            "keyFile: " + keyFile,
            "",
            "# The network (autonomous system) this machine reaches the internet through, as the",
            "# operator admitted you (look it up with e.g. `whois $(curl -s https://ifconfig.me)`).",
            net,
            "",
            "# The signed network bundle from the operator, and the operator's key (PeerId) it must",
            "# be signed by. Both come from the operator.",
            "bundleFile: " + NodeConfig.DEFAULT_BUNDLE_FILE,
            "trustedOperator:   # REQUIRED: paste the operator's PeerId (12D3KooW...)",
            "",
            "# libp2p listen address; open this TCP port for inbound peers if you can.",
            "listen: " + NodeConfig.DEFAULT_LISTEN,
            "",
            "# The health feed's HTTP address. Keep 127.0.0.1 unless a reverse proxy publishes it.",
            "feedAddress: " + NodeConfig.DEFAULT_FEED_ADDRESS,
            "",
            "# Where the node keeps its database.",
            "dataDir: " + NodeConfig.DEFAULT_DATA_DIR,
            "",
            "# Optional: DNS resolvers for probes instead of the system's (IP or IP:port).",
            "# dnsResolvers: [9.9.9.9, 1.1.1.1:53]",
            ""));
  }
}
