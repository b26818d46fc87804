package org.peerprobe.p2p.core;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.peerprobe.multiformats.UnsignedVarint;

/**
 * A multiaddr of the protocols peerprobe uses: {@code /ip4}, {@code /ip6}, {@code /dns}, {@code
 * /dns4}, {@code /dns6}, {@code /tcp} and {@code /p2p}, in string and binary form (multiformats
 * multiaddr; binary = varint code ‖ value, length-prefixed for variable values). Immutable.
 */
public final class Multiaddr {
  /** Longest binary multiaddr accepted from a peer. */
  public static final int MAX_BYTES = 1024;

  /** Longest DNS name in a {@code /dns*} component. */
  public static final int MAX_DNS_NAME = 253;

  /** One protocol and its value. */
  public record Component(Protocol protocol, String value) {}

  /** The protocols understood here, with their multicodec codes. */
  public enum Protocol {
    IP4("ip4", 4),
    TCP("tcp", 6),
    IP6("ip6", 41),
    DNS("dns", 53),
    DNS4("dns4", 54),
    DNS6("dns6", 55),
    P2P("p2p", 421);

    final String name;
    final int code;

    Protocol(String name, int code) {
      this.name = name;
      this.code = code;
    }

    static Optional<Protocol> byName(String n) {
      for (Protocol p : values()) {
        if (p.name.equals(n)) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    }

    static Optional<Protocol> byCode(long c) {
      for (Protocol p : values()) {
        if (p.code == c) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    }
  }

  private final List<Component> components;

  private Multiaddr(List<Component> components) {
    this.components = List.copyOf(components);
  }

  /**
   * Parses the string form, e.g. {@code /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW…}.
   *
   * @throws IllegalArgumentException naming the bad component
   */
  public static Multiaddr parse(String text) {
    if (text == null || !text.startsWith("/") || text.length() > 4 * MAX_BYTES) {
      throw new IllegalArgumentException("a multiaddr starts with '/': " + text);
    }
    String[] parts = text.substring(1).split("/", -1);
    List<Component> out = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].isEmpty() && i == parts.length - 1 && i > 0) {
        break;
      }
      Protocol p =
          Protocol.byName(parts[i])
              .orElseThrow(() -> new IllegalArgumentException("unsupported multiaddr protocol"));
      if (i + 1 >= parts.length) {
        throw new IllegalArgumentException("/" + p.name + " needs a value");
      }
      out.add(new Component(p, canonicalValue(p, parts[++i])));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("empty multiaddr");
    }
    return new Multiaddr(out);
  }

  /** {@code /ip4/<ip>/tcp/<port>} or {@code /ip6/…} for a socket address. */
  public static Multiaddr of(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    Protocol p = ip.getAddress().length == 4 ? Protocol.IP4 : Protocol.IP6;
    return new Multiaddr(
        List.of(
            new Component(p, canonicalValue(p, ip.getHostAddress())),
            new Component(Protocol.TCP, Integer.toString(address.getPort()))));
  }

  /**
   * Decodes the binary form.
   *
   * @throws BadPeerException when malformed, unsupported or longer than {@link #MAX_BYTES}
   */
  public static Multiaddr fromBytes(byte[] bytes) {
    if (bytes.length == 0 || bytes.length > MAX_BYTES) {
      throw new BadPeerException("multiaddr must have 1.." + MAX_BYTES + " bytes");
    }
    try {
      List<Component> out = new ArrayList<>();
      int[] used = new int[1];
      int i = 0;
      while (i < bytes.length) {
        long code = UnsignedVarint.decode(bytes, i, used);
        i += used[0];
        Protocol p =
            Protocol.byCode(code)
                .orElseThrow(() -> new BadPeerException("unsupported multiaddr code " + code));
        int len;
        switch (p) {
          case IP4 -> len = 4;
          case IP6 -> len = 16;
          case TCP -> len = 2;
          default -> {
            long l = UnsignedVarint.decode(bytes, i, used);
            i += used[0];
            if (l > bytes.length - i) {
              throw new BadPeerException("multiaddr component overruns its buffer");
            }
            len = (int) l;
          }
        }
        if (i + len > bytes.length) {
          throw new BadPeerException("truncated multiaddr");
        }
        byte[] v = java.util.Arrays.copyOfRange(bytes, i, i + len);
        i += len;
        out.add(new Component(p, valueFromBytes(p, v)));
      }
      return new Multiaddr(out);
    } catch (IllegalArgumentException e) {
      throw new BadPeerException("malformed multiaddr: " + e.getMessage(), e);
    }
  }

  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Component c : components) {
      out.writeBytes(UnsignedVarint.encode(c.protocol().code));
      byte[] v = valueToBytes(c);
      if (c.protocol() != Protocol.IP4
          && c.protocol() != Protocol.IP6
          && c.protocol() != Protocol.TCP) {
        out.writeBytes(UnsignedVarint.encode(v.length));
      }
      out.writeBytes(v);
    }
    return out.toByteArray();
  }

  public List<Component> components() {
    return components;
  }

  public Optional<String> value(Protocol p) {
    return components.stream().filter(c -> c.protocol() == p).map(Component::value).findFirst();
  }

  /** The {@code /p2p/} id, if present. */
  public Optional<PeerId> peerId() {
    return value(Protocol.P2P).map(PeerId::parse);
  }

  /** This address without its {@code /p2p/} component. */
  public Multiaddr withoutPeerId() {
    return new Multiaddr(components.stream().filter(c -> c.protocol() != Protocol.P2P).toList());
  }

  /** This address ending in {@code /p2p/<id>}. */
  public Multiaddr withPeerId(PeerId id) {
    List<Component> out = new ArrayList<>(withoutPeerId().components);
    out.add(new Component(Protocol.P2P, id.toString()));
    return new Multiaddr(out);
  }

  /** Host (IP literal or DNS name) and TCP port, for dialing; empty if not a TCP address. */
  public Optional<InetSocketAddress> tcpAddress() {
    Optional<String> port = value(Protocol.TCP);
    Optional<String> host =
        components.stream()
            .filter(c -> c.protocol() != Protocol.TCP && c.protocol() != Protocol.P2P)
            .map(Component::value)
            .findFirst();
    if (port.isEmpty() || host.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        InetSocketAddress.createUnresolved(host.get(), Integer.parseInt(port.get())));
  }

  private static String canonicalValue(Protocol p, String v) {
    switch (p) {
      case IP4, IP6 -> {
        byte[] raw = ipBytes(p, v);
        try {
          return InetAddress.getByAddress(raw).getHostAddress();
        } catch (UnknownHostException e) {
          throw new IllegalArgumentException("bad /" + p.name + " address " + v, e);
        }
      }
      case TCP -> {
        int port;
        try {
          port = Integer.parseInt(v);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad /tcp port " + v, e);
        }
        if (port < 0 || port > 65535) {
          throw new IllegalArgumentException("/tcp port out of range: " + v);
        }
        return Integer.toString(port);
      }
      case DNS, DNS4, DNS6 -> {
        if (v.isEmpty() || v.length() > MAX_DNS_NAME || !v.matches("[A-Za-z0-9._-]+")) {
          throw new IllegalArgumentException("bad /" + p.name + " name " + v);
        }
        return v;
      }
      case P2P -> {
        return PeerId.parse(v).toString();
      }
      default -> throw new IllegalArgumentException("unsupported " + p);
    }
  }

  private static byte[] ipBytes(Protocol p, String v) {
    boolean v4 = p == Protocol.IP4;
    if (v4 ? !v.matches("\\d{1,3}(\\.\\d{1,3}){3}") : !v.matches("[0-9A-Fa-f:.]+")) {
      throw new IllegalArgumentException("bad /" + p.name + " address " + v);
    }
    try {
      // A literal never triggers a DNS lookup.
      byte[] raw = InetAddress.getByName(v).getAddress();
      if (raw.length != (v4 ? 4 : 16)) {
        throw new IllegalArgumentException("bad /" + p.name + " address " + v);
      }
      return raw;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad /" + p.name + " address " + v, e);
    }
  }

  private static byte[] valueToBytes(Component c) {
    return switch (c.protocol()) {
      case IP4, IP6 -> ipBytes(c.protocol(), c.value());
      case TCP -> {
        int port = Integer.parseInt(c.value());
        yield new byte[] {(byte) (port >>> 8), (byte) port};
      }
      case DNS, DNS4, DNS6 -> c.value().getBytes(StandardCharsets.US_ASCII);
      case P2P -> PeerId.parse(c.value()).bytes();
    };
  }

  private static String valueFromBytes(Protocol p, byte[] v) {
    return switch (p) {
      case IP4, IP6 -> {
        try {
          yield InetAddress.getByAddress(v).getHostAddress();
        } catch (UnknownHostException e) {
          throw new BadPeerException("bad ip bytes", e);
        }
      }
      case TCP -> Integer.toString(((v[0] & 0xff) << 8) | (v[1] & 0xff));
      case DNS, DNS4, DNS6 -> canonicalValue(p, new String(v, StandardCharsets.US_ASCII));
      case P2P -> PeerId.fromBytes(v).toString();
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multiaddr other && components.equals(other.components);
  }

  @Override
  public int hashCode() {
    return components.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Component c : components) {
      sb.append('/').append(c.protocol().name).append('/').append(c.value());
    }
    return sb.toString();
  }
}
