package org.peerprobe.node.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.crypto.PeerIds;
import org.peerprobe.consensus.model.Front;
import org.peerprobe.consensus.model.Ratio;
import org.peerprobe.p2p.core.Multiaddr;

/**
 * Parsers of the friendly values people write in configuration files: durations ({@code 10s}),
 * fractions ({@code 2/3}), keys as PeerIds or hex, status ranges ({@code 200-299}), multiaddrs and
 * {@code host:port}. Each throws {@link IllegalArgumentException} with a message that shows the
 * whole value and what was expected; never part of a value.
 */
final class ConfigValues {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})\\s*(ms|s|m|h)?");
  private static final Pattern RATIO = Pattern.compile("([0-9]{1,7})\\s*/\\s*([0-9]{1,7})");
  private static final Pattern STATUS = Pattern.compile("([0-9]{3})(?:\\s*-\\s*([0-9]{3}))?");

  private ConfigValues() {}

  /**
   * A duration in milliseconds: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, or a bare
   * integer number of seconds.
   */
  static long durationMillis(String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (write e.g. 500ms, 10s, 2m or 1h)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> n;
      case "s" -> n * 1_000;
      case "m" -> n * 60_000;
      default -> n * 3_600_000;
    };
  }

  /** A duration in whole seconds, {@code min..max}. */
  static Section.Parser<Integer> seconds(int min, int max) {
    return text -> {
      long ms = durationMillis(text);
      if (ms % 1000 != 0) {
        throw new IllegalArgumentException("'" + text + "' must be whole seconds");
      }
      return (int) inRange(ms / 1000, min, max, "s");
    };
  }

  /** A duration in milliseconds, {@code min..max}. */
  static Section.Parser<Integer> millis(int min, int max) {
    return text -> (int) inRange(durationMillis(text), min, max, "ms");
  }

  /** An integer {@code min..max}. */
  static Section.Parser<Integer> integer(int min, int max) {
    return text -> {
      long v;
      try {
        v = Long.parseLong(text.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is not a whole number");
      }
      return (int) inRange(v, min, max, "");
    };
  }

  private static long inRange(long v, long min, long max, String unit) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          "must be " + min + unit + ".." + max + unit + ", was " + v + unit);
    }
    return v;
  }

  /** {@code true}/{@code false} (also yes/no, on/off). */
  static boolean bool(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
    };
  }

  /** A fraction {@code num/den}, e.g. {@code 2/3}. */
  static Ratio ratio(String text) {
    Matcher m = RATIO.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a fraction (write e.g. 2/3)");
    }
    return new Ratio(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
  }

  /** A public key as a PeerId ({@code 12D3KooW…} or {@code bafz…}) or 64 hex characters. */
  static Ed25519PublicKey publicKey(String text) {
    String t = text.strip();
    Optional<Ed25519PublicKey> hex = Ed25519PublicKey.parseHex(t.toLowerCase(Locale.ROOT));
    if (hex.isPresent()) {
      return hex.get();
    }
    try {
      return PeerIds.parse(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is neither a PeerId (12D3KooW...) nor a 64-character hex public key");
    }
  }

  /** A status code {@code 200} or range {@code 200-299}. */
  static Front.StatusRange statusRange(String text) {
    Matcher m = STATUS.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a status code or range (write e.g. 200 or 200-299)");
    }
    int from = Integer.parseInt(m.group(1));
    int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
    return new Front.StatusRange(from, to);
  }

  /** A multiaddr in string form, e.g. {@code /ip4/0.0.0.0/tcp/4001}. */
  static Multiaddr multiaddr(String text) {
    try {
      return Multiaddr.parse(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a multiaddr (write e.g. /ip4/0.0.0.0/tcp/4001): "
              + e.getMessage());
    }
  }

  /** A multiaddr with a TCP port and a {@code /p2p/} peer id, for dialing a bootstrap peer. */
  static String bootstrapPeer(String text) {
    Multiaddr a = multiaddr(text);
    if (a.tcpAddress().isEmpty() || a.peerId().isEmpty()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' must name a TCP address and a peer, e.g. /dns4/host/tcp/4001/p2p/12D3KooW...");
    }
    return a.toString();
  }
}
