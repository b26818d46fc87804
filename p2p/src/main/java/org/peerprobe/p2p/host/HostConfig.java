package org.peerprobe.p2p.host;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.Multiaddr;

/**
 * Settings of a {@link Host}. Immutable; build with {@link #builder(HostKey)}, which validates in
 * {@link Builder#build()}.
 *
 * @param key the node's identity
 * @param bootstrapPeers peers dialed at start and redialed with backoff while disconnected; each
 *     must end in {@code /p2p/<id>}
 * @param maxConnections most open connections; further inbound connections are refused
 * @param dialTimeout time allowed for TCP connect plus the whole upgrade
 * @param redialBase first redial delay of a bootstrap peer (doubles per failure, with jitter)
 * @param redialMax largest redial delay
 * @param inboundStreamsPerSecond streams a peer may open per second (burst {@link
 *     #inboundStreamBurst}); excess streams are reset
 * @param inboundStreamBurst token bucket capacity for inbound streams
 * @param agentVersion reported by identify
 * @param random randomness for jitter and nonces (seeded in simulations)
 */
public record HostConfig(
    HostKey key,
    List<Multiaddr> bootstrapPeers,
    int maxConnections,
    Duration dialTimeout,
    Duration redialBase,
    Duration redialMax,
    double inboundStreamsPerSecond,
    int inboundStreamBurst,
    String agentVersion,
    Random random) {

  public static final int DEFAULT_MAX_CONNECTIONS = 64;
  public static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(10);
  public static final double DEFAULT_INBOUND_STREAMS_PER_SECOND = 20;
  public static final int DEFAULT_INBOUND_STREAM_BURST = 50;
  public static final String DEFAULT_AGENT_VERSION = "peerprobe/0.1.0";

  /** Largest allowed {@code maxConnections}. */
  public static final int MAX_MAX_CONNECTIONS = 10_000;

  public HostConfig {
    if (key == null || random == null) {
      throw new IllegalArgumentException("key and random are required");
    }
    bootstrapPeers = List.copyOf(bootstrapPeers);
    for (Multiaddr a : bootstrapPeers) {
      if (a.peerId().isEmpty() || a.tcpAddress().isEmpty()) {
        throw new IllegalArgumentException(
            "bootstrap peer " + a + " must be a TCP address ending in /p2p/<peer id>");
      }
    }
    if (maxConnections < 1 || maxConnections > MAX_MAX_CONNECTIONS) {
      throw new IllegalArgumentException("maxConnections must be 1.." + MAX_MAX_CONNECTIONS);
    }
    if (dialTimeout.isNegative() || dialTimeout.isZero()) {
      throw new IllegalArgumentException("dialTimeout must be positive");
    }
    new Backoff(redialBase, redialMax, random);
    if (inboundStreamsPerSecond <= 0 || inboundStreamBurst < 1) {
      throw new IllegalArgumentException("inbound stream limits must be positive");
    }
    if (agentVersion == null || agentVersion.isBlank()) {
      throw new IllegalArgumentException("agentVersion is required");
    }
  }

  public static Builder builder(HostKey key) {
    return new Builder(key);
  }

  public Backoff backoff() {
    return new Backoff(redialBase, redialMax, random);
  }

  /** Builder with the {@code DEFAULT_*} values. */
  public static final class Builder {
    private final HostKey key;
    private final List<Multiaddr> bootstrapPeers = new ArrayList<>();
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private Duration dialTimeout = DEFAULT_DIAL_TIMEOUT;
    private Duration redialBase = Backoff.DEFAULT_BASE;
    private Duration redialMax = Backoff.DEFAULT_MAX;
    private double inboundStreamsPerSecond = DEFAULT_INBOUND_STREAMS_PER_SECOND;
    private int inboundStreamBurst = DEFAULT_INBOUND_STREAM_BURST;
    private String agentVersion = DEFAULT_AGENT_VERSION;
    private Random random = new SecureRandom();

    private Builder(HostKey key) {
      this.key = key;
    }

    public Builder bootstrapPeer(Multiaddr addr) {
      bootstrapPeers.add(addr);
      return this;
    }

    public Builder maxConnections(int v) {
      maxConnections = v;
      return this;
    }

    public Builder dialTimeout(Duration v) {
      dialTimeout = v;
      return this;
    }

    public Builder redial(Duration base, Duration max) {
      redialBase = base;
      redialMax = max;
      return this;
    }

    public Builder inboundStreamLimit(double perSecond, int burst) {
      inboundStreamsPerSecond = perSecond;
      inboundStreamBurst = burst;
      return this;
    }

    public Builder agentVersion(String v) {
      agentVersion = v;
      return this;
    }

    public Builder random(Random v) {
      random = v;
      return this;
    }

    public HostConfig build() {
      return new HostConfig(
          key,
          bootstrapPeers,
          maxConnections,
          dialTimeout,
          redialBase,
          redialMax,
          inboundStreamsPerSecond,
          inboundStreamBurst,
          agentVersion,
          random);
    }
  }
}
