package org.peerprobe.consensus.model;

import java.util.List;
import java.util.Optional;
import org.peerprobe.consensus.failover.FailbackMode;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.testing.TestKeys;

/** A valid network bundle with every optional part present, and pieces to vary it. */
final class BundleSamples {
  static final String PEER =
      "/dns4/boot.example.de/tcp/4001/p2p/12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";

  private BundleSamples() {}

  static Front cf() {
    return new Front(
        "cf-front",
        "cf-front.example.de",
        "https://cf-front.example.de/health?probe=1",
        List.of(new Front.StatusRange(200, 299), new Front.StatusRange(301, 301)),
        Optional.of("\"status\":\"ok\""),
        new Front.Timeouts(1_000, 2_000, 2_000, 3_000, 5_000),
        3);
  }

  static Front cdn2() {
    return Front.of("cdn2-front", "cdn2-front.example.de", "https://cdn2-front.example.de/health");
  }

  static Router webRouter() {
    return new Router(
        RouterPolicy.builder("web-router", "cf-front", "cdn2-front")
            .failback(FailbackMode.MANUAL)
            .cooldownRounds(20)
            .build(),
        120);
  }

  static Router apiRouter() {
    return new Router(RouterPolicy.builder("api-router", "cf-front", "cdn2-front").build(), 60);
  }

  static NetworkBundle.Builder builder() {
    return NetworkBundle.builder()
        .roster(Samples.roster())
        .front(cf())
        .front(cdn2())
        .router(webRouter())
        .router(apiRouter())
        .roundIntervalSeconds(30)
        .bootstrapPeer(PEER)
        .bootstrapPeer(
            "/ip4/192.0.2.7/tcp/4001/p2p/12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
  }

  static NetworkBundle bundle() {
    return builder().build();
  }

  static SignedBundle signed() {
    return SignedBundle.sign(bundle(), TestKeys.operator());
  }
}
