package org.peerprobe.node.dns.rfc2136;

import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import org.peerprobe.node.config.HostPort;
import org.peerprobe.node.dns.ProviderConfig;
import org.peerprobe.node.dns.Secret;
import org.peerprobe.node.dns.dnsjava.RecordCodec;

/**
 * Where and how an {@link Rfc2136Provider} sends its updates. Immutable; build with {@link
 * #builder()}, which validates in {@link Builder#build()} and throws {@link
 * IllegalArgumentException} naming the setting (never the secret). {@link #toString()} shows the
 * secret's origin only.
 *
 * @param id the provider id used in logs and plans, e.g. {@code bind-primary}
 * @param server the primary server's address (an IP literal avoids a lookup when the provider is
 *     created)
 * @param zone the zone, absolute and lower-case, e.g. {@code example.test.}
 * @param keyName the TSIG key's name as the server knows it, absolute, e.g. {@code ci-key.}
 * @param algorithm the key's HMAC
 * @param secret the key's base64 secret, exactly as in the server's {@code key} statement
 * @param timeout how long one exchange with the server may take
 * @param tcp true to send every message over TCP; false to use UDP and fall back to TCP for large
 *     or truncated messages
 */
public record Rfc2136Config(
    String id,
    HostPort server,
    String zone,
    String keyName,
    TsigAlgorithm algorithm,
    Secret secret,
    Duration timeout,
    boolean tcp)
    implements ProviderConfig {

  public static final int DEFAULT_PORT = 53;
  public static final TsigAlgorithm DEFAULT_ALGORITHM = TsigAlgorithm.HMAC_SHA256;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final boolean DEFAULT_TCP = true;

  /** Bounds of {@code timeout}. */
  public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);

  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

  /** Shortest decoded secret accepted (RFC 8945 6: at least half the HMAC output, 128 bits). */
  public static final int MIN_SECRET_BYTES = 16;

  public Rfc2136Config {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("RFC 2136 provider: id must not be empty");
    }
    String where = "RFC 2136 provider " + id + ": ";
    if (server == null || server.port() == 0) {
      throw new IllegalArgumentException(where + "server must be host:port with a port");
    }
    if (zone == null) {
      throw new IllegalArgumentException(where + "zone must be set");
    }
    zone = absolute(zone);
    RecordCodec.name(zone);
    if (keyName == null || keyName.isBlank()) {
      throw new IllegalArgumentException(where + "TSIG key name must be set");
    }
    keyName = absolute(keyName);
    RecordCodec.name(keyName);
    if (algorithm == null) {
      throw new IllegalArgumentException(where + "TSIG algorithm must be set");
    }
    if (secret == null) {
      throw new IllegalArgumentException(where + "TSIG secret must be set");
    }
    if (secretBytes(secret, where).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          where
              + "TSIG secret from "
              + secret.origin()
              + " is shorter than "
              + MIN_SECRET_BYTES
              + " bytes");
    }
    if (timeout == null
        || timeout.compareTo(MIN_TIMEOUT) < 0
        || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          where + "timeout must be " + MIN_TIMEOUT + ".." + MAX_TIMEOUT + ", was " + timeout);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return "Rfc2136Config[id="
        + id
        + ", server="
        + server
        + ", zone="
        + zone
        + ", key="
        + keyName
        + " "
        + algorithm
        + " "
        + secret
        + ", timeout="
        + timeout
        + ", tcp="
        + tcp
        + "]";
  }

  private static String absolute(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n : n + ".";
  }

  private static byte[] secretBytes(Secret secret, String where) {
    try {
      return Base64.getDecoder().decode(secret.reveal().strip());
    } catch (IllegalArgumentException e) {
      // The decoder's message may quote the offending character; never pass it on.
      throw new IllegalArgumentException(
          where + "TSIG secret from " + secret.origin() + " is not valid base64");
    }
  }

  /**
   * Builder with the {@code DEFAULT_*} values; id, server, zone, key name and secret are required.
   */
  public static final class Builder {
    private String id;
    private HostPort server;
    private String zone;
    private String keyName;
    private TsigAlgorithm algorithm = DEFAULT_ALGORITHM;
    private Secret secret;
    private Duration timeout = DEFAULT_TIMEOUT;
    private boolean tcp = DEFAULT_TCP;

    private Builder() {}

    public Builder id(String v) {
      id = v;
      return this;
    }

    public Builder server(HostPort v) {
      server = v;
      return this;
    }

    /** {@code host:port}, {@code [v6]:port} or a host alone (port {@link #DEFAULT_PORT}). */
    public Builder server(String v) {
      server = HostPort.parse(v, DEFAULT_PORT);
      return this;
    }

    public Builder zone(String v) {
      zone = v;
      return this;
    }

    public Builder key(String name, TsigAlgorithm alg, Secret s) {
      keyName = name;
      algorithm = alg;
      secret = s;
      return this;
    }

    public Builder key(String name, Secret s) {
      return key(name, DEFAULT_ALGORITHM, s);
    }

    public Builder timeout(Duration v) {
      timeout = v;
      return this;
    }

    public Builder tcp(boolean v) {
      tcp = v;
      return this;
    }

    public Rfc2136Config build() {
      return new Rfc2136Config(id, server, zone, keyName, algorithm, secret, timeout, tcp);
    }
  }

  /** The decoded TSIG secret, for the moment the key is built. */
  byte[] secretBytes() {
    return secretBytes(secret, "RFC 2136 provider " + id + ": ");
  }
}
