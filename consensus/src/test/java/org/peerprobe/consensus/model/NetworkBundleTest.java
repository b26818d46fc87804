package org.peerprobe.consensus.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peerprobe.consensus.model.Samples.assertMalformed;
import static org.peerprobe.consensus.model.Samples.bytes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.validation.Validated;

/** What a bundle must satisfy to be built, and what its decoder refuses. */
class NetworkBundleTest {
  private static final String BUNDLE = "signedBundle.bundle";

  private static void refused(NetworkBundle.Builder b, String message) {
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void routersMustNameFrontsOfTheBundle() {
    Router stray = new Router(RouterPolicy.builder("x-router", "cf-front", "nowhere").build(), 60);
    refused(BundleSamples.builder().router(stray), "router x-router names front nowhere");
  }

  @Test
  void idsAndNamesAreUnique() {
    refused(
        BundleSamples.builder().front(BundleSamples.cdn2()), "front cdn2-front is listed twice");
    refused(
        BundleSamples.builder().router(BundleSamples.apiRouter()),
        "router api-router is listed twice");
    refused(
        BundleSamples.builder().bootstrapPeer(BundleSamples.PEER), "bootstrap peer listed twice");
  }

  @Test
  void limitsAreEnforced() {
    refused(NetworkBundle.builder().roster(Samples.roster()), "1..64 fronts");
    refused(
        BundleSamples.builder().roundIntervalSeconds(0), "roundIntervalSeconds must be 1..3600");
    refused(
        BundleSamples.builder().roundIntervalSeconds(3601), "roundIntervalSeconds must be 1..3600");
    refused(BundleSamples.builder().bootstrapPeer("/ip4/1.2.3.4/tcp/1"), "/p2p/");
    refused(BundleSamples.builder().bootstrapPeer("ip4/1.2.3.4/p2p/x"), "/p2p/");
    refused(BundleSamples.builder().bootstrapPeer("/dns4/a b/p2p/x"), "/p2p/");
    refused(BundleSamples.builder().roster(null), "roster is required");
  }

  @Test
  void everyFrontsAttemptsFitInOneRound() {
    // cf-front: 3 attempts of at most 5 s; cdn2-front: the default 2 of at most 10 s.
    refused(
        BundleSamples.builder().roundIntervalSeconds(19),
        "front cdn2-front: attempts x totalMs = 20000 ms does not fit in the round interval of 19 s");
    assertThat(BundleSamples.builder().roundIntervalSeconds(20).build().roundIntervalSeconds())
        .isEqualTo(20);
  }

  @Test
  void privateAddressesOnlyWhenAllowed() {
    Front local = Front.of("local", "127.0.0.1", "http://127.0.0.1:8080/");
    refused(BundleSamples.builder().front(local), "front local names a local or private address");
    Front lan = Front.of("lan", "192.168.1.1", "https://192.168.1.1/");
    refused(BundleSamples.builder().front(lan), "front lan names a local or private address");
    assertThatThrownBy(() -> Front.of("hidden", "hidden.example.de", "https://192.168.1.1/"))
        .hasMessageContaining("must be the front's hostname");
    assertThatThrownBy(() -> Front.of("v6", "v6.example.de", "http://[::1]:8080/"))
        .hasMessageContaining("must be the front's hostname");
    assertThat(
            BundleSamples.builder().front(local).allowPrivateAddresses(true).build().front("local"))
        .contains(local);
    assertThat(Front.of("pub", "198.51.100.1", "https://198.51.100.1/").namesLocalAddress())
        .isFalse();
  }

  @Test
  void frontsValidateTheirFields() {
    assertThatThrownBy(() -> Front.of("Bad", "h.example", "https://h.example/"))
        .hasMessageContaining("id must be");
    assertThatThrownBy(() -> Front.of("a", "H.example", "https://h.example/"))
        .hasMessageContaining("hostname");
    assertThatThrownBy(() -> Front.of("a", "h.example", "ftp://h.example/"))
        .hasMessageContaining("http://");
    assertThatThrownBy(() -> Front.of("a", "h.example", "https://u@h.example/"))
        .hasMessageContaining("user info");
    assertThatThrownBy(() -> Front.of("a", "h.example", "https:///x")).hasMessageContaining("host");
    assertThatThrownBy(
            () ->
                new Front(
                    "a",
                    "h.example",
                    "https://h.example/",
                    List.of(new Front.StatusRange(200, 299), new Front.StatusRange(299, 300)),
                    Optional.empty(),
                    Front.Timeouts.DEFAULT,
                    1))
        .hasMessageContaining("must not overlap");
    assertThatThrownBy(() -> new Front.StatusRange(99, 200)).hasMessageContaining("100 <= from");
    assertThatThrownBy(() -> new Front.Timeouts(1, 1, 1, 6_000, 5_000))
        .hasMessageContaining("exceed totalMs");
    assertThatThrownBy(() -> new Front.Timeouts(0, 1, 1, 1, 1)).hasMessageContaining("1..60000");
    assertThat(BundleSamples.cf().expects(301)).isTrue();
    assertThat(BundleSamples.cf().expects(302)).isFalse();
  }

  @Test
  void networkIdAndVersionAreTheRosters() {
    NetworkBundle b = BundleSamples.bundle();
    assertThat(b.networkId()).isEqualTo(b.roster().networkId());
    assertThat(b.version()).isEqualTo(b.roster().version());
    assertThat(b.withVersion(7).roster().version()).isEqualTo(7);
    assertThat(b.toBuilder().build()).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(b.toString()).contains("example-de v3", "2 fronts");
  }

  private static Validated<SignedBundle> edited(Consumer<ObjectNode> edit) {
    ObjectNode json = BundleSamples.signed().toJson().deepCopy();
    edit.accept((ObjectNode) json.get("bundle"));
    return SignedBundle.decode(bytes(json));
  }

  private static ArrayNode array(ObjectNode bundle, String field) {
    return (ArrayNode) bundle.get(field);
  }

  private static ObjectNode front(ObjectNode bundle, int i) {
    return (ObjectNode) array(bundle, "fronts").get(i);
  }

  @Test
  void decoderRejectsUnknownAndMissingMembers() {
    assertMalformed(edited(b -> b.put("extra", 1)), BUNDLE + ".extra: unknown field");
    assertMalformed(
        edited(b -> b.remove("allowPrivateAddresses")), BUNDLE + ".allowPrivateAddresses: missing");
    assertMalformed(
        edited(b -> front(b, 0).put("color", "red")), BUNDLE + ".fronts[0].color: unknown field");
    assertMalformed(
        edited(b -> ((ObjectNode) front(b, 1).get("timeouts")).remove("tlsMs")),
        BUNDLE + ".fronts[1].timeouts.tlsMs: missing");
    assertMalformed(
        edited(b -> ((ObjectNode) array(b, "routers").get(0)).put("failback", "auto")),
        BUNDLE + ".routers[0].failback: unknown value 'auto'");
    assertMalformed(edited(b -> b.remove("roster")), BUNDLE + ".roster: missing");
  }

  @Test
  void decoderRequiresTheCanonicalOrder() {
    assertMalformed(
        edited(b -> array(b, "fronts").insert(0, array(b, "fronts").remove(1))),
        BUNDLE + ".fronts[1]: fronts must be sorted by ids, unique");
    assertMalformed(
        edited(b -> array(b, "routers").insert(0, array(b, "routers").remove(1))),
        BUNDLE + ".routers[1]: routers must be sorted by names, unique");
    assertMalformed(
        edited(b -> array(b, "bootstrapPeers").add(BundleSamples.PEER)),
        BUNDLE + ".bootstrapPeers[2]: bootstrapPeers must be sorted by multiaddrs, unique");
  }

  @Test
  void decoderChecksCrossFieldRules() {
    assertMalformed(
        edited(b -> ((ObjectNode) array(b, "routers").get(0)).put("secondary", "gone")),
        BUNDLE + ": router api-router names front gone, which is not in the bundle");
    assertMalformed(
        edited(b -> b.put("roundIntervalSeconds", 5)),
        BUNDLE
            + ": front cdn2-front: attempts x totalMs = 20000 ms does not fit in the round interval of 5 s");
    assertMalformed(
        edited(b -> array(b, "bootstrapPeers").set(0, "/ip4/1.2.3.4/tcp/1")),
        BUNDLE + ".bootstrapPeers[0]: expected a multiaddr ending in /p2p/<peer id>");
    assertMalformed(
        edited(b -> ((ObjectNode) array(front(b, 1), "expectedStatus").get(0)).put("to", 600)),
        BUNDLE + ".fronts[1].expectedStatus[0].to: must be in 100..599, was 600");
  }
}
