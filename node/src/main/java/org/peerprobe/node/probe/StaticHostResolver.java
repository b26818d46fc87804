package org.peerprobe.node.probe;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A fixed hostname → addresses map, answered at once without any network: for tests and the demo,
 * which serve fronts such as {@code cf-front.example.de} on loopback. An unknown name fails with
 * {@link ResolutionException.Reason#NO_SUCH_NAME}. Immutable and thread-safe.
 */
public final class StaticHostResolver implements HostResolver {
  private final Map<String, List<InetAddress>> hosts;

  private StaticHostResolver(Map<String, List<InetAddress>> hosts) {
    this.hosts = Map.copyOf(hosts);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** One name mapped to one address. */
  public static StaticHostResolver of(String hostname, InetAddress address) {
    return builder().map(hostname, address).build();
  }

  @Override
  public CompletableFuture<List<InetAddress>> resolve(String hostname) {
    List<InetAddress> addresses = hosts.get(hostname.toLowerCase(Locale.ROOT));
    if (addresses == null) {
      return CompletableFuture.failedFuture(
          new ResolutionException(
              hostname, ResolutionException.Reason.NO_SUCH_NAME, "not in the static map", null));
    }
    return CompletableFuture.completedFuture(addresses);
  }

  /** Builder of the map; later mappings of a name replace earlier ones. */
  public static final class Builder {
    private final Map<String, List<InetAddress>> hosts = new HashMap<>();

    private Builder() {}

    public Builder map(String hostname, InetAddress... addresses) {
      if (hostname == null || addresses.length == 0) {
        throw new ProbeConfigException("a static mapping needs a hostname and an address");
      }
      hosts.put(hostname.toLowerCase(Locale.ROOT), List.of(addresses));
      return this;
    }

    public StaticHostResolver build() {
      return new StaticHostResolver(hosts);
    }
  }
}
