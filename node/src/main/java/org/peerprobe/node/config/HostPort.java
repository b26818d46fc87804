package org.peerprobe.node.config;

import java.net.InetSocketAddress;
import java.util.regex.Pattern;

/**
 * A host and TCP/UDP port as written in configuration: {@code 127.0.0.1:8080}, {@code
 * localhost:8080}, {@code [::1]:53}. The host is an IPv4 literal, a bracketed IPv6 literal or a DNS
 * name; nothing is resolved here.
 *
 * @param host IP literal (IPv6 without brackets) or DNS name
 * @param port 0..65535 (0: any free port)
 */
public record HostPort(String host, int port) {
  private static final Pattern NAME =
      Pattern.compile(
          "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  public HostPort {
    if (host == null || !(NAME.matcher(host).matches() || isIpv6(host))) {
      throw new IllegalArgumentException("not a host name or IP address: " + host);
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
  }

  /**
   * Parses {@code host:port}, {@code [v6]:port}, or — when {@code defaultPort} is not negative — a
   * host alone.
   */
  public static HostPort parse(String text, int defaultPort) {
    String t = text.strip();
    String host;
    String port = null;
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("'" + text + "': '[' without ']'");
      }
      host = t.substring(1, close);
      String rest = t.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException("'" + text + "' is not host:port");
        }
        port = rest.substring(1);
      }
      if (!isIpv6(host)) {
        throw new IllegalArgumentException("'" + text + "' has no IPv6 address inside [ ]");
      }
    } else {
      int colon = t.lastIndexOf(':');
      if (colon >= 0 && t.indexOf(':') != colon) {
        throw new IllegalArgumentException(
            "'" + text + "': write an IPv6 address in brackets, e.g. [::1]:53");
      }
      host = colon < 0 ? t : t.substring(0, colon);
      port = colon < 0 ? null : t.substring(colon + 1);
    }
    if (port == null && defaultPort < 0) {
      throw new IllegalArgumentException("'" + text + "' needs a port, e.g. 127.0.0.1:8080");
    }
    int p;
    try {
      p = port == null ? defaultPort : Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has no valid port number");
    }
    try {
      return new HostPort(host, p);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
    }
  }

  private static boolean isIpv6(String host) {
    return host.indexOf(':') >= 0 && IPV6.matcher(host).matches();
  }

  /** True when the host is an IPv4 or IPv6 literal. */
  public boolean isIpLiteral() {
    return IPV4.matcher(host).matches() || isIpv6(host);
  }

  /** An unresolved socket address. */
  public InetSocketAddress toSocketAddress() {
    return InetSocketAddress.createUnresolved(host, port);
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
