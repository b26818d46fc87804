package org.peerprobe.node.probe;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Which resolved addresses a probe may connect to. Unless the network bundle allows private
 * addresses (tests, the demo), only globally routable unicast addresses are probed, so a front
 * whose DNS points at this node's own network (a rebinding attack, a typo) is never contacted.
 *
 * <p>Refused without the allowance: unspecified ({@code 0.0.0.0/8}, {@code ::}), loopback ({@code
 * 127/8}, {@code ::1}), private ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}, unique-local
 * {@code fc00::/7}, site-local {@code fec0::/10}), shared CGNAT space ({@code 100.64/10}),
 * link-local ({@code 169.254/16}, {@code fe80::/10}), multicast ({@code 224/4}, {@code ff00::/8}),
 * reserved and broadcast ({@code 240/4}), IETF, documentation and benchmarking ranges ({@code
 * 192.0.0/24}, {@code 192.0.2/24}, {@code 198.18/15}, {@code 198.51.100/24}, {@code 203.0.113/24},
 * {@code 2001:db8::/32}, discard {@code 100::/64}); IPv4 embedded in IPv6 ({@code ::ffff:0:0/96},
 * NAT64 {@code 64:ff9b::/96}, IPv4-compatible {@code ::/96}) is judged by its IPv4 address.
 *
 * <p>A refusal is reported as a DNS failure: the name resolved, but to nothing this node may probe,
 * and no connection was attempted (the observation has a DNS timing and no connect timing).
 */
public final class AddressPolicy {
  private final boolean allowPrivate;

  public AddressPolicy(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  /** The first address that may be probed, in the resolver's order. */
  public Optional<InetAddress> firstAllowed(List<InetAddress> addresses) {
    for (InetAddress a : addresses) {
      if (allowPrivate || refusal(a).isEmpty()) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** Why {@code address} is not a public unicast address, or empty when it is one. */
  public static Optional<String> refusal(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return refusal4(b);
    }
    if (address instanceof Inet6Address) {
      return refusal6(b);
    }
    return Optional.of("unknown address family");
  }

  private static Optional<String> refusal4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    if (a0 == 0) {
      return Optional.of("unspecified");
    }
    if (a0 == 127) {
      return Optional.of("loopback");
    }
    if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
      return Optional.of("private");
    }
    if (a0 == 100 && (a1 & 0xc0) == 64) {
      return Optional.of("shared (CGNAT)");
    }
    if (a0 == 169 && a1 == 254) {
      return Optional.of("link-local");
    }
    if ((a0 & 0xf0) == 224) {
      return Optional.of("multicast");
    }
    if ((a0 & 0xf0) == 240) {
      return Optional.of("reserved or broadcast");
    }
    if ((a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2))
        || (a0 == 198 && (a1 & 0xfe) == 18)
        || (a0 == 198 && a1 == 51 && a2 == 100)
        || (a0 == 203 && a1 == 0 && a2 == 113)) {
      return Optional.of("special-purpose (IETF, documentation or benchmarking)");
    }
    return Optional.empty();
  }

  private static Optional<String> refusal6(byte[] b) {
    if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return embedded4(b); // ::ffff:0:0/96, IPv4-mapped
    }
    if (isZero(b, 0, 12)) {
      if (isZero(b, 12, 16)) {
        return Optional.of("unspecified");
      }
      if (isZero(b, 12, 15) && b[15] == 1) {
        return Optional.of("loopback");
      }
      return embedded4(b); // ::/96, IPv4-compatible (deprecated)
    }
    int b0 = b[0] & 0xff;
    int b1 = b[1] & 0xff;
    if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
      if (isZero(b, 4, 12)) {
        return embedded4(b); // 64:ff9b::/96, NAT64
      }
    }
    if (b0 == 0xff) {
      return Optional.of("multicast");
    }
    if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
      return Optional.of("link-local");
    }
    if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
      return Optional.of("site-local");
    }
    if ((b0 & 0xfe) == 0xfc) {
      return Optional.of("unique-local (private)");
    }
    if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
      return Optional.of("documentation");
    }
    if (b0 == 0x01 && b1 == 0x00 && isZero(b, 2, 8)) {
      return Optional.of("discard-only");
    }
    return Optional.empty();
  }

  private static Optional<String> embedded4(byte[] b) {
    return refusal4(new byte[] {b[12], b[13], b[14], b[15]})
        .map(r -> r + " (IPv4 embedded in IPv6)");
  }

  private static boolean isZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
