package org.peerprobe.consensus.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.canonical.DecodeException;
import org.peerprobe.consensus.canonical.Domain;
import org.peerprobe.consensus.canonical.Fields;

/**
 * Everything the nodes of one network share, signed by the operator key ({@link SignedBundle}): the
 * roster (observers, signers, quorum policy), the fronts and how to probe them, the routers and
 * their failover rules, the round interval and the bootstrap peers.
 *
 * <p><b>One version.</b> The bundle's network id and version are those of the roster it embeds: any
 * change to the bundle — a front as much as an observer — is a new roster version, so a node never
 * holds a roster that differs from its bundle. A node accepts a bundle only with a strictly higher
 * version than the one it holds.
 *
 * <p>Fronts are sorted by id, routers by name and bootstrap peers by string, each unique, so the
 * canonical encoding is unique. Limits: {@value #MAX_FRONTS} fronts (a round report covers every
 * front), {@value #MAX_ROUTERS} routers, {@value #MAX_BOOTSTRAP_PEERS} bootstrap peers of at most
 * {@value #MAX_MULTIADDR_CHARS} characters, a round interval of 1..{@value
 * #MAX_ROUND_INTERVAL_SECONDS} s, and {@value #MAX_ENCODED_BYTES} bytes encoded.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder}; {@link Builder#build()} throws {@link
 * IllegalArgumentException} naming the first problem.
 */
public final class NetworkBundle {
  /** Most fronts: every front is in every round report. */
  public static final int MAX_FRONTS = RoundReport.MAX_OBSERVATIONS;

  /** Most routers. */
  public static final int MAX_ROUTERS = 32;

  /** Most bootstrap peers. */
  public static final int MAX_BOOTSTRAP_PEERS = 64;

  /** Longest bootstrap peer multiaddr string. */
  public static final int MAX_MULTIADDR_CHARS = 256;

  /** Longest round interval: one hour. */
  public static final int MAX_ROUND_INTERVAL_SECONDS = 3600;

  public static final int DEFAULT_ROUND_INTERVAL_SECONDS = 30;

  /** Largest encoded signed bundle: a full roster plus 1 MiB for fronts, routers and peers. */
  public static final int MAX_ENCODED_BYTES = Roster.MAX_ENCODED_BYTES + 1024 * 1024;

  static final Set<String> FIELDS =
      Set.of(
          "roster",
          "fronts",
          "routers",
          "roundIntervalSeconds",
          "bootstrapPeers",
          "allowPrivateAddresses");

  /**
   * The light shape check of a bootstrap peer (consensus does not parse multiaddrs): visible ASCII,
   * starting with {@code /}, naming the peer with {@code /p2p/}.
   */
  private static final Pattern BOOTSTRAP_PEER = Pattern.compile("/[!-~]*/p2p/[!-~]+");

  private final Roster roster;
  private final List<Front> fronts;
  private final Map<String, Front> frontsById;
  private final List<Router> routers;
  private final int roundIntervalSeconds;
  private final List<String> bootstrapPeers;
  private final boolean allowPrivateAddresses;

  private NetworkBundle(Builder b) {
    if (b.roster == null) {
      throw new IllegalArgumentException("roster is required");
    }
    this.roster = b.roster;
    if (b.roundIntervalSeconds < 1 || b.roundIntervalSeconds > MAX_ROUND_INTERVAL_SECONDS) {
      throw new IllegalArgumentException(
          "roundIntervalSeconds must be 1.." + MAX_ROUND_INTERVAL_SECONDS);
    }
    this.roundIntervalSeconds = b.roundIntervalSeconds;
    this.allowPrivateAddresses = b.allowPrivateAddresses;
    this.fronts = checkFronts(b.fronts, roundIntervalSeconds, allowPrivateAddresses);
    Map<String, Front> index = new LinkedHashMap<>();
    fronts.forEach(f -> index.put(f.id(), f));
    this.frontsById = index;
    this.routers = checkRouters(b.routers, index);
    this.bootstrapPeers = checkPeers(b.bootstrapPeers);
  }

  private static List<Front> checkFronts(List<Front> in, int interval, boolean allowPrivate) {
    if (in.isEmpty() || in.size() > MAX_FRONTS) {
      throw new IllegalArgumentException("a bundle has 1.." + MAX_FRONTS + " fronts");
    }
    List<Front> sorted = new ArrayList<>(in);
    sorted.sort(Comparator.comparing(Front::id));
    for (int i = 0; i < sorted.size(); i++) {
      Front f = sorted.get(i);
      if (i > 0 && sorted.get(i - 1).id().equals(f.id())) {
        throw new IllegalArgumentException("front " + f.id() + " is listed twice");
      }
      long perRoundMs = (long) f.attempts() * f.timeouts().totalMs();
      if (perRoundMs > interval * 1000L) {
        throw new IllegalArgumentException(
            "front "
                + f.id()
                + ": attempts x totalMs = "
                + perRoundMs
                + " ms does not fit in the round interval of "
                + interval
                + " s");
      }
      if (!allowPrivate && f.namesLocalAddress()) {
        throw new IllegalArgumentException(
            "front " + f.id() + " names a local or private address; set allowPrivateAddresses");
      }
    }
    return List.copyOf(sorted);
  }

  private static List<Router> checkRouters(List<Router> in, Map<String, Front> fronts) {
    if (in.size() > MAX_ROUTERS) {
      throw new IllegalArgumentException("a bundle has at most " + MAX_ROUTERS + " routers");
    }
    List<Router> sorted = new ArrayList<>(in);
    sorted.sort(Comparator.comparing(Router::name));
    for (int i = 0; i < sorted.size(); i++) {
      Router r = sorted.get(i);
      if (i > 0 && sorted.get(i - 1).name().equals(r.name())) {
        throw new IllegalArgumentException("router " + r.name() + " is listed twice");
      }
      for (String front : List.of(r.policy().primary(), r.policy().secondary())) {
        if (!fronts.containsKey(front)) {
          throw new IllegalArgumentException(
              "router " + r.name() + " names front " + front + ", which is not in the bundle");
        }
      }
    }
    return List.copyOf(sorted);
  }

  private static List<String> checkPeers(List<String> in) {
    if (in.size() > MAX_BOOTSTRAP_PEERS) {
      throw new IllegalArgumentException(
          "a bundle has at most " + MAX_BOOTSTRAP_PEERS + " bootstrap peers");
    }
    TreeSet<String> sorted = new TreeSet<>();
    for (String p : in) {
      if (!isBootstrapPeer(p)) {
        throw new IllegalArgumentException(
            "bootstrap peer must be a multiaddr ending in /p2p/<peer id>, at most "
                + MAX_MULTIADDR_CHARS
                + " characters: "
                + p);
      }
      if (!sorted.add(p)) {
        throw new IllegalArgumentException("bootstrap peer listed twice: " + p);
      }
    }
    return List.copyOf(sorted);
  }

  /** The light shape check applied to bootstrap peers. */
  public static boolean isBootstrapPeer(String multiaddr) {
    return multiaddr != null
        && multiaddr.length() <= MAX_MULTIADDR_CHARS
        && BOOTSTRAP_PEER.matcher(multiaddr).matches();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this bundle's content, e.g. to make the next version. */
  public Builder toBuilder() {
    Builder b =
        builder()
            .roster(roster)
            .roundIntervalSeconds(roundIntervalSeconds)
            .allowPrivateAddresses(allowPrivateAddresses);
    fronts.forEach(b::front);
    routers.forEach(b::router);
    bootstrapPeers.forEach(b::bootstrapPeer);
    return b;
  }

  /** This bundle with another version (of the bundle and its roster). */
  public NetworkBundle withVersion(long version) {
    return toBuilder().roster(roster.toBuilder().version(version).build()).build();
  }

  /** The roster's network id. */
  public String networkId() {
    return roster.networkId();
  }

  /** The roster's version, which is the bundle's. */
  public long version() {
    return roster.version();
  }

  public Roster roster() {
    return roster;
  }

  /** Fronts sorted by id. */
  public List<Front> fronts() {
    return fronts;
  }

  public Optional<Front> front(String id) {
    return Optional.ofNullable(frontsById.get(id));
  }

  /** Routers sorted by name. */
  public List<Router> routers() {
    return routers;
  }

  public int roundIntervalSeconds() {
    return roundIntervalSeconds;
  }

  /** Bootstrap peer multiaddrs, sorted. */
  public List<String> bootstrapPeers() {
    return bootstrapPeers;
  }

  /** Whether fronts may name loopback or private addresses (tests and demos only). */
  public boolean allowPrivateAddresses() {
    return allowPrivateAddresses;
  }

  public ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    o.set("roster", roster.toJson());
    ArrayNode f = o.putArray("fronts");
    fronts.forEach(x -> f.add(x.toJson()));
    ArrayNode r = o.putArray("routers");
    routers.forEach(x -> r.add(x.toJson()));
    o.put("roundIntervalSeconds", roundIntervalSeconds);
    ArrayNode p = o.putArray("bootstrapPeers");
    bootstrapPeers.forEach(p::add);
    o.put("allowPrivateAddresses", allowPrivateAddresses);
    return o;
  }

  public byte[] canonical() {
    return CanonicalJson.encode(toJson());
  }

  /** {@code "peerprobe:bundle:v1\n" ‖ canonical}: the bytes the operator signs. */
  public byte[] signingInput() {
    return Domain.BUNDLE.frame(canonical());
  }

  static NetworkBundle read(JsonNode node, String path) {
    Fields f = Fields.of(node, path, FIELDS);
    if (!f.has("roster")) {
      throw new DecodeException(f.path("roster") + ": missing");
    }
    Roster roster = Roster.read(node.get("roster"), f.path("roster"));
    List<Front> fronts = f.array("fronts", 1, MAX_FRONTS, Front::read);
    requireAscending(f, "fronts", fronts.stream().map(Front::id).toList(), "ids");
    List<Router> routers = f.array("routers", 0, MAX_ROUTERS, Router::read);
    requireAscending(f, "routers", routers.stream().map(Router::name).toList(), "names");
    int interval = (int) f.integer("roundIntervalSeconds", 1, MAX_ROUND_INTERVAL_SECONDS);
    List<String> peers =
        f.array(
            "bootstrapPeers",
            0,
            MAX_BOOTSTRAP_PEERS,
            (n, p) -> {
              if (!n.isTextual() || !isBootstrapPeer(n.textValue())) {
                throw new DecodeException(p + ": expected a multiaddr ending in /p2p/<peer id>");
              }
              return n.textValue();
            });
    requireAscending(f, "bootstrapPeers", peers, "multiaddrs");
    Builder b =
        builder()
            .roster(roster)
            .roundIntervalSeconds(interval)
            .allowPrivateAddresses(f.bool("allowPrivateAddresses"));
    fronts.forEach(b::front);
    routers.forEach(b::router);
    peers.forEach(b::bootstrapPeer);
    return f.construct(b::build);
  }

  private static void requireAscending(Fields f, String field, List<String> keys, String what) {
    for (int i = 1; i < keys.size(); i++) {
      if (keys.get(i - 1).compareTo(keys.get(i)) >= 0) {
        throw new DecodeException(
            f.path(field) + "[" + i + "]: " + field + " must be sorted by " + what + ", unique");
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetworkBundle other
        && roundIntervalSeconds == other.roundIntervalSeconds
        && allowPrivateAddresses == other.allowPrivateAddresses
        && roster.equals(other.roster)
        && fronts.equals(other.fronts)
        && routers.equals(other.routers)
        && bootstrapPeers.equals(other.bootstrapPeers);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        roster, fronts, routers, roundIntervalSeconds, bootstrapPeers, allowPrivateAddresses);
  }

  @Override
  public String toString() {
    return "NetworkBundle{"
        + networkId()
        + " v"
        + version()
        + ", "
        + roster.observers().size()
        + " observers, "
        + fronts.size()
        + " fronts, "
        + routers.size()
        + " routers}";
  }

  /** Collects and validates a bundle; {@link #build()} throws naming the first problem. */
  public static final class Builder {
    private Roster roster;
    private final List<Front> fronts = new ArrayList<>();
    private final List<Router> routers = new ArrayList<>();
    private int roundIntervalSeconds = DEFAULT_ROUND_INTERVAL_SECONDS;
    private final List<String> bootstrapPeers = new ArrayList<>();
    private boolean allowPrivateAddresses;

    private Builder() {}

    /** The roster; its network id and version are the bundle's. */
    public Builder roster(Roster roster) {
      this.roster = roster;
      return this;
    }

    public Builder front(Front front) {
      fronts.add(front);
      return this;
    }

    public Builder router(Router router) {
      routers.add(router);
      return this;
    }

    public Builder roundIntervalSeconds(int seconds) {
      this.roundIntervalSeconds = seconds;
      return this;
    }

    public Builder bootstrapPeer(String multiaddr) {
      bootstrapPeers.add(multiaddr);
      return this;
    }

    public Builder allowPrivateAddresses(boolean allow) {
      this.allowPrivateAddresses = allow;
      return this;
    }

    public NetworkBundle build() {
      return new NetworkBundle(this);
    }
  }
}
