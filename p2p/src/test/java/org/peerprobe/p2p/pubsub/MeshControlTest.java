package org.peerprobe.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.pubsub.ControlMessage.Graft;
import org.peerprobe.p2p.pubsub.ControlMessage.PeerInfo;
import org.peerprobe.p2p.pubsub.ControlMessage.Prune;

/** GRAFT/PRUNE, backoff, peer exchange and gossip emission of one router. */
class MeshControlTest {
  private static final String T = "t";

  @Test
  void sendsSubscriptionsFirstThenGraftsOnJoin() {
    RouterHarness h = new RouterHarness();
    h.subscribe("early");
    PeerId a = h.connect(1, true, T);
    assertThat(h.sentTo(a).get(0).subscriptions()).containsExactly(new SubOpts(true, "early"));
    h.sent.clear();
    h.subscribe(T);
    Rpc rpc = h.sentTo(a).get(0);
    assertThat(rpc.subscriptions()).containsExactly(new SubOpts(true, T));
    assertThat(rpc.control().graft()).containsExactly(new Graft(T));
    assertThat(h.router.meshPeers(T)).containsExactly(a);
  }

  @Test
  void graftForUnsubscribedTopicIsAnsweredWithBarePrune() {
    RouterHarness h = new RouterHarness();
    PeerId a = h.connect(1, false, "x");
    h.receive(a, RouterHarness.graft("x"));
    assertThat(h.prunesTo(a))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.topic()).isEqualTo("x");
              assertThat(p.peers()).isEmpty();
            });
    assertThat(h.router.score(a)).isZero();
  }

  @Test
  void graftDuringBackoffIsPrunedAndPenalised() {
    RouterHarness h = new RouterHarness();
    h.subscribe(T);
    PeerId a = h.connect(1, false, T);
    h.receive(a, RouterHarness.graft(T));
    assertThat(h.router.meshPeers(T)).contains(a);
    h.receive(a, RouterHarness.prune(T, 60, List.of()));
    assertThat(h.router.meshPeers(T)).doesNotContain(a);
    h.sent.clear();
    h.receive(a, RouterHarness.graft(T));
    assertThat(h.prunesTo(a)).singleElement().satisfies(p -> assertThat(p.peers()).isEmpty());
    assertThat(h.router.meshPeers(T)).doesNotContain(a);
    // two P7 points (backoff + within the flood threshold): -10 * 2^2
    assertThat(h.router.score(a)).isEqualTo(-40.0);
  }

  @Test
  void remoteBackoffIsRespectedByHeartbeat() {
    RouterHarness h = new RouterHarness();
    h.subscribe(T);
    PeerId a = h.connect(1, true, T);
    h.heartbeats(1);
    assertThat(h.router.meshPeers(T)).containsExactly(a);
    h.receive(a, RouterHarness.prune(T, 5, List.of()));
    long prunedAt = h.sched.nowMillis();
    h.sent.clear();
    h.heartbeats(5); // mesh is below D_lo, but a is backed off (5 s + one heartbeat of slack)
    assertThat(h.graftsTo(a)).isEmpty();
    h.heartbeats(2);
    assertThat(h.graftsTo(a)).hasSize(1);
    long graftAt =
        h.sent.stream()
            .filter(s -> !s.rpc().control().graft().isEmpty())
            .findFirst()
            .orElseThrow()
            .at();
    assertThat(graftAt - prunedAt).isGreaterThanOrEqualTo(5000);
  }

  @Test
  void pruneOfOversubscribedMeshCarriesBackoffAndPeerExchange() {
    RouterHarness h = new RouterHarness();
    List<PeerId> peers = new ArrayList<>();
    for (int i = 1; i <= 14; i++) {
      peers.add(h.connect(i, true, T));
    }
    h.subscribe(T);
    assertThat(h.router.meshPeers(T)).hasSize(GossipParams.DEFAULT_D);
    for (PeerId p : peers) {
      h.receive(p, RouterHarness.graft(T)); // outbound peers are accepted even at D_hi
    }
    assertThat(h.router.meshPeers(T)).hasSize(14);
    h.sent.clear();
    h.heartbeats(1);
    assertThat(h.router.meshPeers(T)).hasSize(GossipParams.DEFAULT_D);
    List<PeerId> pruned = peers.stream().filter(p -> !h.prunesTo(p).isEmpty()).toList();
    assertThat(pruned).hasSize(14 - GossipParams.DEFAULT_D);
    for (PeerId p : pruned) {
      Prune prune = h.prunesTo(p).get(0);
      assertThat(prune.backoffSeconds()).isEqualTo(60);
      assertThat(prune.peers()).hasSize(13);
      assertThat(prune.peers()).noneMatch(pi -> PeerId.fromBytes(pi.peerId()).equals(p));
    }
  }

  @Test
  void v10PeersGetBarePrunes() {
    RouterHarness h = new RouterHarness();
    h.subscribe(T);
    h.connect(2, true, T);
    PeerId old = h.connect(1, GossipRouter.PROTOCOL_V10, false, T);
    h.receive(old, RouterHarness.graft(T));
    h.sent.clear();
    h.router.subscribe(T, m -> {}).cancel(); // a second handler comes and goes: still subscribed
    h.sched.runPending();
    assertThat(h.prunesTo(old)).isEmpty();
    h.router.registerValidator(T, null);
    h.sched.runPending();
    h.receive(old, RouterHarness.prune(T, 0, List.of()));
    h.receive(old, RouterHarness.graft(T)); // during backoff
    assertThat(h.prunesTo(old)).singleElement().isEqualTo(new Prune(T, List.of(), 0));
  }

  @Test
  void unsubscribeAnnouncesAndPrunesWithUnsubscribeBackoff() {
    RouterHarness h = new RouterHarness();
    PeerId a = h.connect(1, true, T);
    PeerId b = h.connect(2, true, T);
    PubSub.Subscription sub = h.router.subscribe(T, m -> {});
    h.sched.runPending();
    h.sent.clear();
    sub.cancel();
    sub.cancel();
    h.sched.runPending();
    for (PeerId p : List.of(a, b)) {
      Rpc rpc = h.sentTo(p).get(0);
      assertThat(rpc.subscriptions()).containsExactly(new SubOpts(false, T));
      assertThat(rpc.control().prune())
          .singleElement()
          .satisfies(
              pr -> {
                assertThat(pr.backoffSeconds()).isEqualTo(10);
                assertThat(pr.peers()).hasSize(1); // the other peer
              });
    }
    assertThat(h.router.topics()).isEmpty();
  }

  @Test
  void peerExchangeIsAcceptedOnlyAboveThreshold() {
    List<PeerInfo> infos = new ArrayList<>();
    for (int i = 100; i < 118; i++) {
      infos.add(new PeerInfo(RouterHarness.id(i).bytes(), new byte[] {1}));
    }
    infos.add(new PeerInfo(RouterHarness.id(0).bytes(), null)); // ourselves
    infos.add(new PeerInfo(new byte[] {9, 9}, null)); // not a PeerId
    infos.add(new PeerInfo(null, null));

    RouterHarness strict = new RouterHarness(); // js default acceptPXThreshold = 10
    strict.subscribe(T);
    PeerId a = strict.connect(1, true, T);
    strict.receive(a, RouterHarness.prune(T, 60, infos));
    assertThat(strict.px).isEmpty();

    RouterHarness open =
        new RouterHarness(GossipParams.DEFAULT, ScoreParams.builder().acceptPxThreshold(0).build());
    open.subscribe(T);
    PeerId b = open.connect(1, true, T);
    PeerId connected = open.connect(101, true, T);
    open.receive(b, RouterHarness.prune(T, 60, infos));
    assertThat(open.px)
        .singleElement()
        .satisfies(
            px -> {
              assertThat(px.pruner()).isEqualTo(b);
              assertThat(px.candidates())
                  .hasSizeLessThanOrEqualTo(GossipParams.DEFAULT_PRUNE_PEERS);
              assertThat(px.candidates())
                  .extracting(PeerExchangeListener.Candidate::peer)
                  .doesNotContain(RouterHarness.id(0), connected);
            });
  }

  @Test
  void gossipGoesToNonMeshPeersOnly() {
    RouterHarness h = new RouterHarness();
    List<PeerId> peers = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      peers.add(h.connect(i, true, T));
    }
    h.subscribe(T);
    h.router.publish(T, "x".getBytes());
    h.sched.runPending();
    h.sent.clear();
    h.heartbeats(1);
    var mesh = h.router.meshPeers(T);
    for (PeerId p : peers) {
      if (mesh.contains(p)) {
        assertThat(h.ihavesTo(p)).isEmpty();
      } else {
        assertThat(h.ihavesTo(p))
            .singleElement()
            .satisfies(ih -> assertThat(ih.messageIds()).hasSize(1));
      }
    }
    // after historyGossip heartbeats the id is no longer advertised
    h.sent.clear();
    h.heartbeats(GossipParams.DEFAULT_HISTORY_GOSSIP);
    assertThat(peers.stream().filter(p -> !h.ihavesTo(p).isEmpty()).count()).isPositive();
    h.sent.clear();
    h.heartbeats(1);
    assertThat(peers.stream().filter(p -> !h.ihavesTo(p).isEmpty()).count()).isZero();
  }

  @Test
  void fanoutServesUnsubscribedTopicsAndExpires() {
    GossipParams p = GossipParams.builder().floodPublish(false).build();
    RouterHarness h = new RouterHarness(p, ScoreParams.DEFAULT);
    for (int i = 1; i <= 9; i++) {
      h.connect(i, true, T);
    }
    h.router.publish(T, "x".getBytes());
    h.sched.runPending();
    assertThat(h.sent.stream().filter(s -> !s.rpc().publish().isEmpty()).count())
        .isEqualTo(GossipParams.DEFAULT_D);
    assertThat(h.router.meshPeers(T)).hasSize(GossipParams.DEFAULT_D);
    h.advance(Duration.ofSeconds(61));
    assertThat(h.router.meshPeers(T)).isEmpty();
  }
}
