package org.peerprobe.node.dns.zonefile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.peerprobe.node.dns.ProviderConfig;
import org.peerprobe.node.dns.dnsjava.RecordCodec;

/**
 * Which file a {@link ZoneFileProvider} keeps and for which zone. Immutable; build with {@link
 * #builder()}, which validates in {@link Builder#build()} and throws {@link
 * IllegalArgumentException} naming the setting.
 *
 * @param id the provider id used in logs and plans, e.g. {@code local}
 * @param file the zone file; created with a minimal SOA and NS when missing (its directory must
 *     exist)
 * @param zone the zone, absolute and lower-case, e.g. {@code example.test.}
 * @param timeout how long one read or write may take, waiting for the file's lock included
 */
public record ZoneFileConfig(String id, Path file, String zone, Duration timeout)
    implements ProviderConfig {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** Bounds of {@code timeout}. */
  public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);

  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

  public ZoneFileConfig {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("zone file provider: id must not be empty");
    }
    String where = "zone file provider " + id + ": ";
    if (file == null) {
      throw new IllegalArgumentException(where + "file must be set");
    }
    file = file.toAbsolutePath().normalize();
    if (zone == null || zone.isBlank()) {
      throw new IllegalArgumentException(where + "zone must be set");
    }
    String z = zone.strip().toLowerCase(Locale.ROOT);
    zone = z.endsWith(".") ? z : z + ".";
    RecordCodec.name(zone);
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

  /** Builder with the {@code DEFAULT_*} values; id, file and zone are required. */
  public static final class Builder {
    private String id;
    private Path file;
    private String zone;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder() {}

    public Builder id(String v) {
      id = v;
      return this;
    }

    public Builder file(Path v) {
      file = v;
      return this;
    }

    public Builder zone(String v) {
      zone = v;
      return this;
    }

    public Builder timeout(Duration v) {
      timeout = v;
      return this;
    }

    public ZoneFileConfig build() {
      return new ZoneFileConfig(id, file, zone, timeout);
    }
  }
}
