package org.peerprobe.node.probe;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How this node probes, whatever the front: which addresses it may connect to, which resolvers it
 * asks, how it introduces itself and how long one round's probing may take. Per-front settings are
 * in {@link FrontSpec}. Immutable; build with {@link #builder()}, which validates in {@link
 * Builder#build()} and throws {@link ProbeConfigException}.
 *
 * @param allowPrivateAddresses when false (the default) a front that resolves only to private,
 *     loopback, link-local, multicast or unspecified addresses is refused (see {@link
 *     AddressPolicy}); only a network bundle for tests or the demo sets it
 * @param resolvers DNS servers asked through dnsjava; empty means the JDK's system resolver
 * @param resolverTimeout how long dnsjava waits for one answer from one configured server before it
 *     asks again or asks the next ({@link DnsjavaHostResolver#TRIES_PER_SERVER} times per server);
 *     each front's own {@link PhaseTimeouts#dns()} still bounds its whole DNS phase
 * @param userAgent the {@code User-Agent} header
 * @param roundBudget how long after the round start a front's attempts may run: a further attempt
 *     starts only if it can finish (its total timeout) within the budget; the first always runs
 * @param maxBodyBytes most body bytes read when looking for a front's expected substring
 */
public record ProbeConfig(
    boolean allowPrivateAddresses,
    List<InetSocketAddress> resolvers,
    Duration resolverTimeout,
    String userAgent,
    Duration roundBudget,
    int maxBodyBytes) {

  public static final boolean DEFAULT_ALLOW_PRIVATE_ADDRESSES = false;
  public static final Duration DEFAULT_RESOLVER_TIMEOUT = Duration.ofSeconds(1);
  public static final String DEFAULT_USER_AGENT = "peerprobe/0.1.0";
  public static final Duration DEFAULT_ROUND_BUDGET = Duration.ofSeconds(45);
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

  /** Most resolvers accepted. */
  public static final int MAX_RESOLVERS = 8;

  /** Bounds of {@code maxBodyBytes}: at least one substring's worth, at most 1 MiB. */
  public static final int MIN_MAX_BODY_BYTES = 1024;

  public static final int MAX_MAX_BODY_BYTES = 1024 * 1024;

  /** Bounds of {@code roundBudget}. */
  public static final Duration MIN_ROUND_BUDGET = Duration.ofMillis(100);

  public static final Duration MAX_ROUND_BUDGET = Duration.ofMinutes(10);

  /** Longest user agent, in characters. */
  public static final int MAX_USER_AGENT_CHARS = 128;

  private static final Pattern USER_AGENT = Pattern.compile("[\\x21-\\x7e][\\x20-\\x7e]*");

  /** Every setting at its default (declared after the constants the constructor uses). */
  public static final ProbeConfig DEFAULT = builder().build();

  public ProbeConfig {
    if (resolvers == null) {
      throw new ProbeConfigException("resolvers must be a list (empty for the system resolver)");
    }
    resolvers = List.copyOf(resolvers);
    if (resolvers.size() > MAX_RESOLVERS) {
      throw new ProbeConfigException("at most " + MAX_RESOLVERS + " resolvers");
    }
    for (InetSocketAddress r : resolvers) {
      if (r.isUnresolved() || r.getPort() == 0) {
        throw new ProbeConfigException("resolver must be an IP address and port: " + r);
      }
    }
    if (resolverTimeout == null
        || resolverTimeout.compareTo(PhaseTimeouts.MIN_TIMEOUT) < 0
        || resolverTimeout.compareTo(PhaseTimeouts.MAX_TIMEOUT) > 0) {
      throw new ProbeConfigException(
          "resolverTimeout must be "
              + PhaseTimeouts.MIN_TIMEOUT
              + ".."
              + PhaseTimeouts.MAX_TIMEOUT
              + ", was "
              + resolverTimeout);
    }
    if (userAgent == null
        || userAgent.length() > MAX_USER_AGENT_CHARS
        || !USER_AGENT.matcher(userAgent).matches()) {
      throw new ProbeConfigException(
          "userAgent must be 1.." + MAX_USER_AGENT_CHARS + " printable ASCII characters");
    }
    if (roundBudget == null
        || roundBudget.compareTo(MIN_ROUND_BUDGET) < 0
        || roundBudget.compareTo(MAX_ROUND_BUDGET) > 0) {
      throw new ProbeConfigException(
          "roundBudget must be " + MIN_ROUND_BUDGET + ".." + MAX_ROUND_BUDGET);
    }
    if (maxBodyBytes < MIN_MAX_BODY_BYTES || maxBodyBytes > MAX_MAX_BODY_BYTES) {
      throw new ProbeConfigException(
          "maxBodyBytes must be " + MIN_MAX_BODY_BYTES + ".." + MAX_MAX_BODY_BYTES);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Settings for tests and the demo, whose fronts listen on loopback: private addresses allowed,
   * everything else default.
   */
  public static ProbeConfig forLocalFronts() {
    return builder().allowPrivateAddresses(true).build();
  }

  /** Builder with the {@code DEFAULT_*} values. */
  public static final class Builder {
    private boolean allowPrivateAddresses = DEFAULT_ALLOW_PRIVATE_ADDRESSES;
    private final List<InetSocketAddress> resolvers = new ArrayList<>();
    private Duration resolverTimeout = DEFAULT_RESOLVER_TIMEOUT;
    private String userAgent = DEFAULT_USER_AGENT;
    private Duration roundBudget = DEFAULT_ROUND_BUDGET;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

    private Builder() {}

    public Builder allowPrivateAddresses(boolean v) {
      allowPrivateAddresses = v;
      return this;
    }

    /** Adds a DNS server asked through dnsjava (in order, with failover). */
    public Builder resolver(InetSocketAddress v) {
      if (v == null) {
        throw new ProbeConfigException("resolver must not be null");
      }
      resolvers.add(v);
      return this;
    }

    public Builder resolverTimeout(Duration v) {
      resolverTimeout = v;
      return this;
    }

    public Builder userAgent(String v) {
      userAgent = v;
      return this;
    }

    public Builder roundBudget(Duration v) {
      roundBudget = v;
      return this;
    }

    public Builder maxBodyBytes(int v) {
      maxBodyBytes = v;
      return this;
    }

    public ProbeConfig build() {
      return new ProbeConfig(
          allowPrivateAddresses, resolvers, resolverTimeout, userAgent, roundBudget, maxBodyBytes);
    }
  }
}
