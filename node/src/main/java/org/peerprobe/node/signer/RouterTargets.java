package org.peerprobe.node.signer;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Front;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.Router;

/**
 * What a decision means in DNS: the router record, the active front's hostname, the TTL.
 *
 * <p>The router record's name is the router's name in the bundle when that is a DNS name (e.g.
 * {@code www.example.com}), or the name mapped in the signer's configuration; the target is the
 * active front's hostname.
 */
@FunctionalInterface
public interface RouterTargets {
  /** The target of {@code decision}, or empty when it names a router or front not known here. */
  Optional<RouterTarget> of(Decision decision);

  /** Targets from the current network bundle and the signer's router-name mapping. */
  static RouterTargets fromBundle(Supplier<NetworkBundle> bundle, Map<String, String> names) {
    Map<String, String> copy = Map.copyOf(names);
    return d -> {
      NetworkBundle b = bundle.get();
      Optional<Router> router =
          b.routers().stream().filter(r -> r.name().equals(d.router())).findFirst();
      Optional<Front> front = b.front(d.to());
      if (router.isEmpty() || front.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          target(
              d,
              copy.getOrDefault(d.router(), d.router()),
              front.get().hostname(),
              router.get().ttlSeconds()));
    };
  }

  /** Targets from fixed names: {@code hostnames} maps a front id to its hostname. */
  static RouterTargets fixed(
      Map<String, String> recordNames, Function<String, String> hostnames, long ttl) {
    Map<String, String> copy = Map.copyOf(recordNames);
    return d -> {
      String name = copy.get(d.router());
      String host = hostnames.apply(d.to());
      return name == null || host == null
          ? Optional.empty()
          : Optional.of(target(d, name, host, ttl));
    };
  }

  private static RouterTarget target(Decision d, String name, String host, long ttl) {
    return new RouterTarget(
        d.router(), absolute(name), absolute(host), ttl, new Fence(d.seq(), d.id()));
  }

  /** {@code name} lower-cased with its trailing dot. */
  static String absolute(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n : n + ".";
  }
}
