package org.peerprobe.p2p.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.p2p.testing.JsPeer.isEvent;
import static org.peerprobe.p2p.testing.JsPeer.isMessage;
import static org.peerprobe.p2p.testing.JsPeer.isSubscribed;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.host.Connection;
import org.peerprobe.p2p.identify.IdentifyResult;
import org.peerprobe.p2p.pubsub.GossipParams;
import org.peerprobe.p2p.pubsub.ReceivedMessage;
import org.peerprobe.p2p.testing.Await;
import org.peerprobe.p2p.testing.BulkTransfer;
import org.peerprobe.p2p.testing.ConnectionEvents;
import org.peerprobe.p2p.testing.JavaPeer;
import org.peerprobe.p2p.testing.JsPeer;

/**
 * Interop with the pinned js-libp2p (see p2p/src/test/js): Noise + yamux in both dial directions,
 * identify both ways, ping RTT, StrictSign gossip both ways, a Java — JS — Java line, and bulk
 * transfers (the throughput benchmarks' protocol) both ways.
 */
class JsInteropTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final String TOPIC = "/peerprobe/interop/reports/1";

  private final NioEventLoopGroup group = new NioEventLoopGroup(2);
  private final java.util.List<AutoCloseable> open = new java.util.ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private JavaPeer java(int n) {
    JavaPeer p = new JavaPeer(JavaPeer.key(n), group, smallMesh(), n);
    open.add(p);
    return p;
  }

  private JsPeer js(String name, String... topics) {
    JsPeer.Builder b = JsPeer.builder().name(name);
    for (String t : topics) {
      b.topic(t);
    }
    JsPeer p = b.start();
    open.add(p);
    return p;
  }

  /** The mesh parameters the interop notes give for 2–3 node meshes. */
  static GossipParams smallMesh() {
    return GossipParams.builder().degrees(3, 1, 6).dLazy(3).dScore(1).dOut(0).build();
  }

  @Test
  void javaDialsJsThenIdentifyAndPingBothWays() {
    JavaPeer j = java(1);
    JsPeer js = js("js-listener");
    CompletableFuture<IdentifyResult> learnt = identified(j);

    Connection c = JavaPeer.await(j.host().dial(Multiaddr.parse(js.listenAddr())), WAIT);

    assertThat(c.remotePeer().toString()).isEqualTo(js.peerId());
    IdentifyResult aboutJs = JavaPeer.await(learnt, WAIT);
    assertThat(aboutJs.agentVersion()).startsWith("js-libp2p/");
    assertThat(aboutJs.protocols()).contains("/meshsub/1.1.0", "/ipfs/ping/1.0.0");
    JsonNode jsIdentified = js.awaitEvent(isEvent("identify", j.host().peerId().toString()), WAIT);
    assertThat(jsIdentified.get("agentVersion").asText()).startsWith("peerprobe/");
    assertThat(jsIdentified.toString()).contains("/ipfs/id/1.0.0", "/meshsub/1.1.0");
    Duration rtt = JavaPeer.await(j.host().ping(PeerId.parse(js.peerId())), WAIT);
    assertThat(rtt).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(WAIT);
    assertThat(js.ping(j.host().peerId().toString())).isGreaterThanOrEqualTo(0);
  }

  @Test
  void jsDialsJavaThenIdentifyAndPingBothWays() {
    JavaPeer j = java(2);
    Multiaddr addr = j.listen();
    JsPeer js = js("js-dialer");
    CompletableFuture<IdentifyResult> learnt = identified(j);

    assertThat(js.dial(addr.toString())).isEqualTo(j.host().peerId().toString());

    assertThat(JavaPeer.await(learnt, WAIT).peer().toString()).isEqualTo(js.peerId());
    assertThat(j.host().connections()).singleElement().matches(x -> !x.isOutbound());
    js.awaitEvent(isEvent("identify", j.host().peerId().toString()), WAIT);
    assertThat(js.ping(j.host().peerId().toString())).isGreaterThanOrEqualTo(0);
    assertThat(JavaPeer.await(j.host().ping(PeerId.parse(js.peerId())), WAIT))
        .isGreaterThanOrEqualTo(Duration.ZERO);
  }

  @Test
  void gossipCrossesBothWaysWithValidSignatures() {
    JavaPeer j = java(3);
    j.subscribe(TOPIC);
    JsPeer js = js("js-gossip", TOPIC);
    JavaPeer.await(j.host().dial(Multiaddr.parse(js.listenAddr())), WAIT);
    String javaId = j.host().peerId().toString();
    js.awaitEvent(isSubscribed(javaId, TOPIC), WAIT);
    awaitJavaSeesSubscription(j, js.peerId());

    JavaPeer.await(j.router().publish(TOPIC, utf8("from java")), WAIT);
    JsonNode got =
        js.awaitEvent(isMessage(TOPIC).and(m -> "from java".equals(m.path("data").asText())), WAIT);
    assertThat(got.get("from").asText()).isEqualTo(javaId);
    assertThat(got.get("signatureValid").asBoolean()).isTrue();

    js.publish(TOPIC, "from js");
    ReceivedMessage m =
        j.awaitMessage(x -> new String(x.data(), StandardCharsets.UTF_8).equals("from js"), WAIT);
    assertThat(m.author().toString()).isEqualTo(js.peerId());
    assertThat(m.id().toString()).isNotEmpty();
  }

  @Test
  void messagesCrossAJsNodeInBothDirections() {
    JavaPeer left = java(4);
    JavaPeer right = java(5);
    left.subscribe(TOPIC);
    right.subscribe(TOPIC);
    JsPeer middle = js("js-middle", TOPIC);
    Multiaddr mid = Multiaddr.parse(middle.listenAddr());
    JavaPeer.await(left.host().dial(mid), WAIT);
    JavaPeer.await(right.host().dial(mid), WAIT);
    middle.awaitEvent(isSubscribed(left.host().peerId().toString(), TOPIC), WAIT);
    middle.awaitEvent(isSubscribed(right.host().peerId().toString(), TOPIC), WAIT);
    awaitJavaSeesSubscription(left, middle.peerId());
    awaitJavaSeesSubscription(right, middle.peerId());
    assertThat(left.host().connections()).hasSize(1);
    assertThat(right.host().connections()).hasSize(1);
    // js forwards only to its mesh, which it builds on its heartbeat: publish once it has grafted
    // both sides, as in a running network (a message that arrives earlier is not re-forwarded).
    middle.awaitEvent(isEvent("graft", left.host().peerId().toString()), WAIT);
    middle.awaitEvent(isEvent("graft", right.host().peerId().toString()), WAIT);

    JavaPeer.await(left.router().publish(TOPIC, utf8("left to right")), WAIT);
    ReceivedMessage atRight =
        right.awaitMessage(
            x -> new String(x.data(), StandardCharsets.UTF_8).equals("left to right"), WAIT);
    assertThat(atRight.author()).isEqualTo(left.host().peerId());
    assertThat(atRight.propagationSource().toString()).isEqualTo(middle.peerId());

    JavaPeer.await(right.router().publish(TOPIC, utf8("right to left")), WAIT);
    ReceivedMessage atLeft =
        left.awaitMessage(
            x -> new String(x.data(), StandardCharsets.UTF_8).equals("right to left"), WAIT);
    assertThat(atLeft.author()).isEqualTo(right.host().peerId());
  }

  /** The benchmark protocol (BulkTransfer / peer.mjs sendBytes) across windows, both ways. */
  @Test
  void bulkTransferCrossesBothWaysBeyondTheInitialWindow() {
    JavaPeer j = java(6);
    BulkTransfer.serve(j.host());
    JsPeer js = js("js-bulk");
    JavaPeer.await(j.host().dial(Multiaddr.parse(js.listenAddr())), WAIT);
    long bytes = 3L * 1024 * 1024 + 7; // several yamux windows; a short last write

    BulkTransfer.Result sent =
        JavaPeer.await(BulkTransfer.send(j.host(), PeerId.parse(js.peerId()), bytes, 10_000), WAIT);
    assertThat(sent.bytes()).isEqualTo(bytes);
    JsonNode counted = js.awaitEvent(isEvent("bench-received", j.host().peerId().toString()), WAIT);
    assertThat(counted.path("bytes").asLong()).isEqualTo(bytes);

    JsonNode reply =
        js.request(
            JsPeer.command("sendBytes")
                .put("peerId", j.host().peerId().toString())
                .put("bytes", bytes),
            WAIT);
    assertThat(reply.path("event").asText()).isEqualTo("sentBytes");
    assertThat(reply.path("bytes").asLong()).isEqualTo(bytes);
    assertThat(reply.path("elapsedMs").asDouble()).isPositive();
  }

  private static void awaitJavaSeesSubscription(JavaPeer j, String jsPeer) {
    PeerId p = PeerId.parse(jsPeer);
    Await.until(
        WAIT,
        () -> j.onRouter(() -> j.router().peers(TOPIC).contains(p)),
        "Java sees " + jsPeer + " subscribe to " + TOPIC);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static CompletableFuture<IdentifyResult> identified(JavaPeer j) {
    CompletableFuture<IdentifyResult> f = new CompletableFuture<>();
    j.host().addListener(ConnectionEvents.identified(f));
    return f;
  }
}
