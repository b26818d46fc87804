package org.peerprobe.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.config.ConfigTesting.PEER_ID;
import static org.peerprobe.node.config.ConfigTesting.errors;
import static org.peerprobe.node.config.ConfigTesting.file;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each broken configuration is refused with the file, the field path and the line (and column) of
 * the problem, and every problem of a file is reported together.
 */
class MalformedConfigTest {
  @TempDir Path dir;

  private List<ConfigError> node(String... lines) {
    Path f = file(dir, "node.yaml", lines);
    return errors(() -> NodeConfigFile.load(f, Map.<String, String>of()::get));
  }

  private List<ConfigError> bundle(String... lines) {
    Path f = file(dir, "bundle.yaml", lines);
    return errors(() -> BundleSourceFile.load(f, Map.<String, String>of()::get));
  }

  private void assertOne(
      List<ConfigError> errors, String file, int line, String field, String text) {
    assertThat(errors).hasSize(1);
    ConfigError e = errors.get(0);
    assertThat(e.file()).isEqualTo(dir.resolve(file));
    assertThat(e.line()).as("line of %s", e).isEqualTo(line);
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.message()).contains(text);
    assertThat(e.toString())
        .startsWith(
            dir.resolve(file)
                + ":"
                + line
                + ":"
                + e.column()
                + ": "
                + (field.isEmpty() ? "" : field + ": "));
  }

  @Test
  void anUnknownField() {
    assertOne(
        node("network: AS3320", "trustedOperator: " + PEER_ID, "listn: /ip4/0.0.0.0/tcp/4001"),
        "node.yaml",
        3,
        "listn",
        "unknown field (expected one of: bundleFile, dataDir, dnsResolvers, feedAddress,");
  }

  @Test
  void aListenAddressThatIsNotAMultiaddr() {
    assertOne(
        node("network: AS3320", "listen: 0.0.0.0:4001", "trustedOperator: " + PEER_ID),
        "node.yaml",
        2,
        "listen",
        "'0.0.0.0:4001' is not a multiaddr");
  }

  @Test
  void aFeedAddressWithoutPort() {
    assertOne(
        node("network: AS3320", "trustedOperator: " + PEER_ID, "", "feedAddress: localhost"),
        "node.yaml",
        4,
        "feedAddress",
        "needs a port");
  }

  @Test
  void aResolverThatIsAName() {
    List<ConfigError> e =
        node(
            "network: AS3320",
            "trustedOperator: " + PEER_ID,
            "dnsResolvers:",
            "  - 9.9.9.9",
            "  - dns.quad9.net");
    assertOne(e, "node.yaml", 5, "dnsResolvers[1]", "must be an IP address");
    assertThat(e.get(0).column()).isEqualTo(5);
  }

  @Test
  void aBadNetworkLabelAndOperatorKey() {
    List<ConfigError> e = node("network: AS 3320", "trustedOperator: 12D3KooWnotakey");
    assertThat(e).extracting(ConfigError::line).containsExactly(1, 2);
    assertThat(e).extracting(ConfigError::field).containsExactly("network", "trustedOperator");
    assertThat(e.get(0).message()).contains("'AS 3320' is not a network label");
    assertThat(e.get(1).message()).contains("is neither a PeerId");
  }

  @Test
  void aSyntaxError() {
    List<ConfigError> e =
        node(
            "network: AS3320",
            "trustedOperator: " + PEER_ID,
            "listen: [/ip4/0.0.0.0/tcp/4001",
            "dataDir: x");
    assertThat(e).hasSize(1);
    assertThat(e.get(0).line()).isBetween(3, 5);
    assertThat(e.get(0).field()).startsWith("listen");
    assertThat(e.get(0).message()).startsWith("not valid YAML: ");
  }

  @Test
  void aKeyGivenTwice() {
    assertOne(
        node("network: AS3320", "trustedOperator: " + PEER_ID, "network: AS13335"),
        "node.yaml",
        3,
        "network",
        "is given twice (first on line 1)");
  }

  @Test
  void aListWhereAValueBelongs() {
    assertOne(
        node("network: [AS3320]", "trustedOperator: " + PEER_ID),
        "node.yaml",
        1,
        "network",
        "expected a single value, found a list");
  }

  @Test
  void anAliasIsRefusedNotExpanded() {
    assertOne(
        node("network: &n AS3320", "trustedOperator: *n"),
        "node.yaml",
        2,
        "trustedOperator",
        "YAML aliases (*n) are not supported");
  }

  @Test
  void aFileThatIsNotAMapping() {
    assertOne(node("- network: AS3320"), "node.yaml", 1, "", "must be a mapping");
  }

  @Test
  void everyProblemOfABundleSourceAtOnce() {
    List<ConfigError> e =
        bundle(
            /* 1 */ "networkId: Example",
            /* 2 */ "operator: " + PEER_ID,
            /* 3 */ "roundInterval: 10s",
            /* 4 */ "policy:",
            /* 5 */ "  threshold: 1/3",
            /* 6 */ "observers:",
            /* 7 */ "  - peerId: nope",
            /* 8 */ "    network: AS3320",
            /* 9 */ "    label: alice",
            /* 10 */ "fronts:",
            /* 11 */ "  - id: cf-front",
            /* 12 */ "    hostname: cf-front.example.org",
            /* 13 */ "    url: https://cf-front.example.org/",
            /* 14 */ "    timeouts: {total: 5x}",
            /* 15 */ "  - id: cdn2-front",
            /* 16 */ "    hostname: cdn2-front.example.org",
            /* 17 */ "    url: https://cdn2-front.example.org/",
            /* 18 */ "    expectedStatus: [200-299, 3xx]",
            /* 19 */ "  - id: slow",
            /* 20 */ "    hostname: slow.example.org",
            /* 21 */ "    url: https://slow.example.org/",
            /* 22 */ "    attempts: 3",
            /* 23 */ "  - id: slow",
            /* 24 */ "    hostname: slow2.example.org",
            /* 25 */ "    url: https://slow2.example.org/",
            /* 26 */ "    attempts: 1",
            /* 27 */ "routers:",
            /* 28 */ "  - name: web-router",
            /* 29 */ "    primary: cf-front",
            /* 30 */ "    secondary: cdn3-front",
            /* 31 */ "    failback: sometimes",
            // (an invalid router is not checked further: its secondary is not reported)
            /* 32 */ "bootstrapPeers: [/ip4/192.0.2.1/tcp/4001]");
    assertThat(e)
        .extracting(x -> x.line() + " " + x.field())
        .containsExactly(
            "1 networkId",
            "5 policy.threshold",
            "7 observers[0].peerId",
            "14 fronts[0].timeouts.total",
            "18 fronts[1].expectedStatus[1]",
            "19 fronts[2]",
            "23 fronts[3]",
            "31 routers[0].failback",
            "32 bootstrapPeers[0]");
    assertThat(e.get(1).message()).contains("threshold must exceed 1/2");
    assertThat(e.get(3).message()).contains("'5x' is not a duration");
    assertThat(e.get(5).message()).contains("30000 ms does not fit in the round interval of 10 s");
    assertThat(e.get(6).message()).contains("front slow is listed twice (first on line 19)");
    assertThat(e.get(8).message()).contains("must name a TCP address and a peer");
  }

  @Test
  void aRouterNamingAMissingFront() {
    assertOne(
        bundle(
            "networkId: example",
            "operator: " + PEER_ID,
            "fronts:",
            "  - {id: a, hostname: a.example.org, url: 'https://a.example.org/'}",
            "  - {id: b, hostname: b.example.org, url: 'https://b.example.org/'}",
            "routers:",
            "  - name: r",
            "    primary: a",
            "    secondary: c"),
        "bundle.yaml",
        9,
        "routers[0].secondary",
        "'c' is not the id of a front in this file");
  }

  @Test
  void aPrivateFrontWithoutPermission() {
    assertOne(
        bundle(
            "networkId: example",
            "operator: " + PEER_ID,
            "fronts:",
            "  - id: local",
            "    hostname: 127.0.0.1",
            "    url: http://127.0.0.1:8080/"),
        "bundle.yaml",
        4,
        "fronts[0]",
        "names a local or private address");
  }
}
