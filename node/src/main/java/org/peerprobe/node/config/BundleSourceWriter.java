package org.peerprobe.node.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.model.Front;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.consensus.model.Router;

/**
 * Renders a {@link BundleSource} as the commented {@code bundle.yaml} that {@code peerprobe network
 * create} writes and {@code add-observer}/{@code remove-observer} rewrite. Reading the output with
 * {@link BundleSourceFile#load} gives the same source back.
 */
final class BundleSourceWriter {
  /** Strings written without quotes: unambiguous in YAML (not a number, boolean or null). */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z/][A-Za-z0-9._/-]*");

  private static final List<String> RESERVED =
      List.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");

  private final StringBuilder out = new StringBuilder(4096);

  private BundleSourceWriter() {}

  static String render(BundleSource s) {
    return new BundleSourceWriter().write(s);
  }

  /** A YAML scalar for {@code text}: plain when safe, else double-quoted with escapes. */
  static String quote(String text) {
    if (PLAIN.matcher(text).matches() && !RESERVED.contains(text.toLowerCase(Locale.ROOT))) {
      return text;
    }
    StringBuilder q = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '$' -> q.append("$$");
        case '\n' -> q.append("\\n");
        case '\t' -> q.append("\\t");
        case '\r' -> q.append("\\r");
        default -> {
          if (c < 0x20
              || c == 0x7f
              || (c >= 0x80 && c <= 0x9f)
              || c == '\u2028'
              || c == '\u2029'
              || c == '\ufeff') {
            q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }

  static String duration(long ms) {
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  private static String key(Ed25519PublicKey k) {
    return quote(k.peerId());
  }

  private void line(String s) {
    out.append(s).append('\n');
  }

  private String write(BundleSource s) {
    line("# peerprobe network bundle source. Edit it, then sign it for the nodes:");
    line(
        "#   peerprobe network sign --bundle bundle.yaml --operator-key operator.key --out network.json");
    line(
        "# `peerprobe network add-observer` and `remove-observer` rewrite this file in this layout;");
    line("# comments you add are not kept. A value may use ${ENV_VAR} or ${ENV_VAR:-default}.");
    line("");
    line("# The network's name: a-z, 0-9, '.', '_', '-'.");
    line("networkId: " + quote(s.networkId()));
    line(
        "# The lowest version `network sign` may use; it signs one above the previous network.json.");
    if (s.version().isPresent()) {
      line("version: " + s.version().getAsLong());
    } else {
      line("# version: 1");
    }
    line("# The operator key (PeerId) that signs the bundle; every node is started trusting it.");
    line("operator: " + key(s.operator()));
    line("# Every node probes every front once per round.");
    line("roundInterval: " + duration(s.roundIntervalSeconds() * 1000L));
    line("# Fronts on loopback or private addresses: tests and demos only.");
    line("allowPrivateAddresses: " + s.allowPrivateAddresses());
    line("");
    line("# A verdict needs `threshold` of the total observer weight, from at least `minNetworks`");
    line("# networks, no network counting for more than `maxNetworkShare` of it.");
    line("policy:");
    line("  threshold: " + s.policy().threshold());
    line("  minNetworks: " + s.policy().minNetworks());
    line("  maxNetworkShare: " + s.policy().maxNetworkShare());
    line("");
    line(
        "# Keys allowed to sign failover decisions: the signer nodes, which hold the DNS credentials.");
    writeList("signers", s.signers(), k -> List.of(key(k)));
    line("");
    line(
        "# Admitted observers: PeerId, the network (ASN) it probes from, who runs it, vote weight.");
    writeList("observers", s.observers(), BundleSourceWriter::observer);
    line("");
    line(
        "# What the observers probe. expectedStatus: codes or ranges that count as UP; bodyContains:");
    line("# text the body must hold; timeouts per attempt; attempts per round.");
    writeList("fronts", s.fronts(), BundleSourceWriter::front);
    line("");
    line(
        "# DNS names switched between two fronts. ttl: of the record the signer writes; downRounds:");
    line("# DOWN rounds before failover; upRounds: UP rounds before failback (auto or manual);");
    line("# cooldownRounds: least rounds between two switches.");
    writeList("routers", s.routers(), BundleSourceWriter::router);
    line("");
    line("# Nodes new nodes connect to first: /dns4/HOST/tcp/PORT/p2p/PEERID.");
    writeList("bootstrapPeers", s.bootstrapPeers(), p -> List.of(quote(p)));
    return out.toString();
  }

  private <T> void writeList(
      String name, List<T> items, java.util.function.Function<T, List<String>> fields) {
    if (items.isEmpty()) {
      line(name + ": []");
      return;
    }
    line(name + ":");
    for (T item : items) {
      List<String> f = fields.apply(item);
      line("  - " + f.get(0));
      for (int i = 1; i < f.size(); i++) {
        line("    " + f.get(i));
      }
    }
  }

  private static List<String> observer(Observer o) {
    return List.of(
        "peerId: " + key(o.key()),
        "network: " + quote(o.network()),
        "label: " + quote(o.label()),
        "weight: " + o.weight());
  }

  private static List<String> front(Front f) {
    Front.Timeouts t = f.timeouts();
    return List.of(
        "id: " + quote(f.id()),
        "hostname: " + quote(f.hostname()),
        "url: " + quote(f.url()),
        "expectedStatus: ["
            + String.join(
                ", ", f.expectedStatus().stream().map(Front.StatusRange::toString).toList())
            + "]",
        f.bodyContains().map(b -> "bodyContains: " + quote(b)).orElse("# bodyContains: \"ok\""),
        "attempts: " + f.attempts(),
        "timeouts: {dns: "
            + duration(t.dnsMs())
            + ", connect: "
            + duration(t.connectMs())
            + ", tls: "
            + duration(t.tlsMs())
            + ", firstByte: "
            + duration(t.firstByteMs())
            + ", total: "
            + duration(t.totalMs())
            + "}");
  }

  private static List<String> router(Router r) {
    return List.of(
        "name: " + quote(r.name()),
        "primary: " + quote(r.policy().primary()),
        "secondary: " + quote(r.policy().secondary()),
        "ttl: " + duration(r.ttlSeconds() * 1000L),
        "downRounds: " + r.policy().downRounds(),
        "upRounds: " + r.policy().upRounds(),
        "failback: " + r.policy().failback().name().toLowerCase(Locale.ROOT),
        "cooldownRounds: " + r.policy().cooldownRounds());
  }
}
