package org.peerprobe.p2p.pubsub;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.pubsub.ControlMessage.Graft;
import org.peerprobe.p2p.pubsub.ControlMessage.IHave;
import org.peerprobe.p2p.pubsub.ControlMessage.Prune;
import org.peerprobe.p2p.testing.VirtualScheduler;

/** One router on virtual time, with hand-driven remote peers and a recording sender. */
final class RouterHarness implements RpcSender {
  record Sent(PeerId to, Rpc rpc, long at) {}

  record Px(PeerId pruner, String topic, List<PeerExchangeListener.Candidate> candidates) {}

  final VirtualScheduler sched = new VirtualScheduler();
  final List<Sent> sent = new ArrayList<>();
  final List<PeerId> disconnected = new ArrayList<>();
  final List<Px> px = new ArrayList<>();
  final List<ReceivedMessage> delivered = new ArrayList<>();
  final GossipRouter router;
  final GossipParams params;

  RouterHarness() {
    this(GossipParams.DEFAULT, ScoreParams.DEFAULT);
  }

  RouterHarness(GossipParams params, ScoreParams scoreParams) {
    this.params = params;
    router =
        GossipRouter.builder()
            .hostKey(key(0))
            .scheduler(sched)
            .sender(this)
            .random(new Random(42))
            .params(params)
            .scoreParams(scoreParams)
            .peerExchangeListener((p, t, c) -> px.add(new Px(p, t, c)))
            .build();
    router.start();
    sched.runPending();
  }

  static HostKey key(int i) {
    byte[] seed = new byte[32];
    seed[0] = (byte) i;
    seed[1] = (byte) (i >> 8);
    seed[31] = 7;
    return HostKey.fromSeed(seed);
  }

  static PeerId id(int i) {
    return key(i).peerId();
  }

  @Override
  public void send(PeerId peer, Rpc rpc) {
    sent.add(new Sent(peer, rpc, sched.nowMillis()));
  }

  @Override
  public void disconnect(PeerId peer, String reason) {
    disconnected.add(peer);
  }

  void subscribe(String topic) {
    router.subscribe(topic, delivered::add);
    sched.runPending();
  }

  /** Connects remote peer {@code i} (v1.1), which announces {@code topics}. */
  PeerId connect(int i, boolean outbound, String... topics) {
    return connect(i, GossipRouter.PROTOCOL_V11, outbound, topics);
  }

  PeerId connect(int i, String protocol, boolean outbound, String... topics) {
    PeerId p = id(i);
    router.peerConnected(p, protocol, outbound);
    List<SubOpts> subs = new ArrayList<>();
    for (String t : topics) {
      subs.add(new SubOpts(true, t));
    }
    if (!subs.isEmpty()) {
      router.rpcReceived(p, Rpc.ofSubscriptions(subs));
    }
    sched.runPending();
    return p;
  }

  void receive(PeerId from, Rpc rpc) {
    router.rpcReceived(from, rpc);
    sched.runPending();
  }

  void heartbeats(int n) {
    sched.advance(params.heartbeatInterval.multipliedBy(n));
  }

  void advance(Duration d) {
    sched.advance(d);
  }

  List<Rpc> sentTo(PeerId p) {
    return sent.stream().filter(s -> s.to().equals(p)).map(Sent::rpc).toList();
  }

  List<Message> messagesTo(PeerId p) {
    return sentTo(p).stream().flatMap(r -> r.publish().stream()).toList();
  }

  List<Graft> graftsTo(PeerId p) {
    return sentTo(p).stream().flatMap(r -> r.control().graft().stream()).toList();
  }

  List<Prune> prunesTo(PeerId p) {
    return sentTo(p).stream().flatMap(r -> r.control().prune().stream()).toList();
  }

  List<IHave> ihavesTo(PeerId p) {
    return sentTo(p).stream().flatMap(r -> r.control().ihave().stream()).toList();
  }

  static Message msg(int author, String topic, String data, long seqno) {
    return StrictSign.sign(key(author), topic, data.getBytes(StandardCharsets.UTF_8), seqno, false);
  }

  static Rpc graft(String topic) {
    return Rpc.ofControl(
        new ControlMessage(List.of(), List.of(), List.of(new Graft(topic)), List.of()));
  }

  static Rpc prune(String topic, long backoffSeconds, List<ControlMessage.PeerInfo> peers) {
    return Rpc.ofControl(
        new ControlMessage(
            List.of(), List.of(), List.of(), List.of(new Prune(topic, peers, backoffSeconds))));
  }
}
