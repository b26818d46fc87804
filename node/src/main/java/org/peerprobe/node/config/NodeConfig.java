package org.peerprobe.node.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.model.Ids;
import org.peerprobe.p2p.core.Multiaddr;

/**
 * The local configuration of one node: what stays on the machine (the network bundle is shared and
 * signed, see {@link SignedBundleFile}). Immutable; build with {@link #builder()}, which checks
 * every field in {@link Builder#build()}. Paths are absolute once loaded by {@link NodeConfigFile}.
 */
public final class NodeConfig {
  public static final Path DEFAULT_KEY_FILE = Path.of("node.key");
  public static final String DEFAULT_LISTEN = "/ip4/0.0.0.0/tcp/4001";
  public static final HostPort DEFAULT_FEED_ADDRESS = new HostPort("127.0.0.1", 8080);
  public static final Path DEFAULT_DATA_DIR = Path.of("data");
  public static final Path DEFAULT_BUNDLE_FILE = Path.of("network.json");

  /** Default port of a DNS resolver written without one. */
  public static final int DEFAULT_DNS_PORT = 53;

  /** Most explicit DNS resolvers. */
  public static final int MAX_DNS_RESOLVERS = 8;

  /**
   * How long a (re)started signer waits for a peer to sync its decision log with before it signs on
   * its stored log alone. Long enough to dial the bootstrap peers; it delays only a signer that has
   * no peer at all, which cannot hear of the network's decisions anyway.
   */
  public static final java.time.Duration DEFAULT_SYNC_GRACE = java.time.Duration.ofSeconds(10);

  /** Longest {@code syncGrace}: a lone signer must not stay mute for long. */
  public static final java.time.Duration MAX_SYNC_GRACE = java.time.Duration.ofMinutes(10);

  private final Path keyFile;
  private final Multiaddr listen;
  private final HostPort feedAddress;
  private final Path dataDir;
  private final String network;
  private final List<HostPort> dnsResolvers;
  private final Path bundleFile;
  private final Ed25519PublicKey trustedOperator;
  private final java.util.Optional<SignerConfig> signer;
  private final java.time.Duration syncGrace;

  private NodeConfig(Builder b) {
    this.keyFile = require(b.keyFile, "keyFile");
    this.listen = require(b.listen, "listen");
    if (listen.tcpAddress().isEmpty() || listen.peerId().isPresent()) {
      throw new IllegalArgumentException(
          "listen must be a TCP address without /p2p/, e.g. " + DEFAULT_LISTEN + ": " + listen);
    }
    this.feedAddress = require(b.feedAddress, "feedAddress");
    this.dataDir = require(b.dataDir, "dataDir");
    if (b.network == null || !Ids.NETWORK_LABEL.matcher(b.network).matches()) {
      throw new IllegalArgumentException(
          "network must be " + Ids.NETWORK_LABEL_DESCRIPTION + ": " + b.network);
    }
    this.network = b.network;
    if (b.dnsResolvers.size() > MAX_DNS_RESOLVERS) {
      throw new IllegalArgumentException("at most " + MAX_DNS_RESOLVERS + " dnsResolvers");
    }
    for (HostPort r : b.dnsResolvers) {
      if (!r.isIpLiteral() || r.port() == 0) {
        throw new IllegalArgumentException("a DNS resolver is an IP address and port: " + r);
      }
    }
    this.dnsResolvers = List.copyOf(b.dnsResolvers);
    this.bundleFile = require(b.bundleFile, "bundleFile");
    this.trustedOperator = require(b.trustedOperator, "trustedOperator");
    this.signer = java.util.Optional.ofNullable(b.signer);
    this.syncGrace = require(b.syncGrace, "syncGrace");
    if (syncGrace.isNegative() || syncGrace.compareTo(MAX_SYNC_GRACE) > 0) {
      throw new IllegalArgumentException(
          "syncGrace must be 0.." + MAX_SYNC_GRACE.toSeconds() + "s: " + syncGrace);
    }
  }

  /**
   * How long a (re)started signer waits for a peer to sync its decision log with before signing
   * alone (see {@link #DEFAULT_SYNC_GRACE}).
   */
  public java.time.Duration syncGrace() {
    return syncGrace;
  }

  /** The signer's DNS side, when this node writes router records. */
  public java.util.Optional<SignerConfig> signer() {
    return signer;
  }

  private static <T> T require(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
    return value;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b =
        builder()
            .keyFile(keyFile)
            .listen(listen)
            .feedAddress(feedAddress)
            .dataDir(dataDir)
            .network(network)
            .bundleFile(bundleFile)
            .trustedOperator(trustedOperator)
            .syncGrace(syncGrace);
    dnsResolvers.forEach(b::dnsResolver);
    signer.ifPresent(b::signer);
    return b;
  }

  /** The node's key file (read with {@link KeyFile#read}). */
  public Path keyFile() {
    return keyFile;
  }

  /** The libp2p listen address. */
  public Multiaddr listen() {
    return listen;
  }

  /** Where the health feed HTTP server listens. */
  public HostPort feedAddress() {
    return feedAddress;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The network (ASN label) this node declares in its reports, e.g. {@code AS3320}. */
  public String network() {
    return network;
  }

  /** Resolvers for probes; empty means the system's. */
  public List<HostPort> dnsResolvers() {
    return dnsResolvers;
  }

  /** The signed bundle file ({@code network.json}), read with {@link SignedBundleFile#read}. */
  public Path bundleFile() {
    return bundleFile;
  }

  /** The only key whose signed bundles this node accepts. */
  public Ed25519PublicKey trustedOperator() {
    return trustedOperator;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeConfig c
        && keyFile.equals(c.keyFile)
        && listen.equals(c.listen)
        && feedAddress.equals(c.feedAddress)
        && dataDir.equals(c.dataDir)
        && network.equals(c.network)
        && dnsResolvers.equals(c.dnsResolvers)
        && bundleFile.equals(c.bundleFile)
        && trustedOperator.equals(c.trustedOperator)
        && syncGrace.equals(c.syncGrace);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        keyFile,
        listen,
        feedAddress,
        dataDir,
        network,
        dnsResolvers,
        bundleFile,
        trustedOperator,
        syncGrace);
  }

  /** Shows paths and addresses, never key material (the key file holds that, not this). */
  @Override
  public String toString() {
    return "NodeConfig{network="
        + network
        + ", listen="
        + listen
        + ", feed="
        + feedAddress
        + ", keyFile="
        + keyFile
        + ", dataDir="
        + dataDir
        + ", bundleFile="
        + bundleFile
        + ", operator="
        + trustedOperator.peerId()
        + ", dnsResolvers="
        + dnsResolvers
        + ", syncGrace="
        + syncGrace
        + "}";
  }

  /** Collects a node configuration; starts from the {@code DEFAULT_*} values. */
  public static final class Builder {
    private SignerConfig signer;
    private Path keyFile = DEFAULT_KEY_FILE;
    private Multiaddr listen = Multiaddr.parse(DEFAULT_LISTEN);
    private HostPort feedAddress = DEFAULT_FEED_ADDRESS;
    private Path dataDir = DEFAULT_DATA_DIR;
    private String network;
    private final List<HostPort> dnsResolvers = new ArrayList<>();
    private Path bundleFile = DEFAULT_BUNDLE_FILE;
    private Ed25519PublicKey trustedOperator;
    private java.time.Duration syncGrace = DEFAULT_SYNC_GRACE;

    private Builder() {}

    public Builder syncGrace(java.time.Duration v) {
      syncGrace = v;
      return this;
    }

    public Builder keyFile(Path v) {
      keyFile = v;
      return this;
    }

    public Builder listen(Multiaddr v) {
      listen = v;
      return this;
    }

    public Builder feedAddress(HostPort v) {
      feedAddress = v;
      return this;
    }

    public Builder dataDir(Path v) {
      dataDir = v;
      return this;
    }

    public Builder network(String v) {
      network = v;
      return this;
    }

    public Builder dnsResolver(HostPort v) {
      dnsResolvers.add(v);
      return this;
    }

    public Builder bundleFile(Path v) {
      bundleFile = v;
      return this;
    }

    public Builder trustedOperator(Ed25519PublicKey v) {
      trustedOperator = v;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first missing or invalid field
     */
    public Builder signer(SignerConfig v) {
      this.signer = v;
      return this;
    }

    public NodeConfig build() {
      return new NodeConfig(this);
    }
  }
}
