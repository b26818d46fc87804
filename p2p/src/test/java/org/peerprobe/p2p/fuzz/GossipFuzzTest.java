package org.peerprobe.p2p.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.pubsub.ControlMessage;
import org.peerprobe.p2p.pubsub.GossipParams;
import org.peerprobe.p2p.pubsub.GossipRouter;
import org.peerprobe.p2p.pubsub.Message;
import org.peerprobe.p2p.pubsub.MessageId;
import org.peerprobe.p2p.pubsub.ReceivedMessage;
import org.peerprobe.p2p.pubsub.Rpc;
import org.peerprobe.p2p.pubsub.RpcCodec;
import org.peerprobe.p2p.pubsub.RpcLimits;
import org.peerprobe.p2p.pubsub.RpcSender;
import org.peerprobe.p2p.pubsub.StrictSign;
import org.peerprobe.p2p.pubsub.SubOpts;
import org.peerprobe.p2p.testing.VirtualScheduler;

/** gossipsub RPC frames: the codec alone, and a router on virtual time. */
class GossipFuzzTest {
  /** Limits small enough for a fuzzer's inputs to cross every one of them. */
  static final RpcLimits SMALL = new RpcLimits(4096, 4, 4, 4, 4, 4, 4, 2, 64, 48);

  /** The topic of the js vectors, which the router subscribes to. */
  static final String TOPIC = "peerprobe/interop";

  private static final HostKey LOCAL = key(1);
  private static final HostKey FUZZER = key(2);
  private static final HostKey HONEST = key(3);

  /** Option bit 0: {@link #SMALL} limits (else the defaults); bit 1: read from a direct buffer. */
  @FuzzTest
  void rpcDecode(byte[] data) {
    decode(data);
  }

  /**
   * Option bit 0: the peer speaks /meshsub/1.0.0 (else 1.1.0); bit 1: a heartbeat passes after each
   * frame. The body is the peer's stream: uvarint-length-prefixed RPC frames (as js writes them).
   */
  @FuzzTest
  void routerFrames(byte[] data) {
    route(data);
  }

  /** True when the frame decoded. */
  static boolean decode(byte[] data) {
    FuzzInput in = FuzzInput.of(data);
    RpcLimits limits = in.flag(0) ? SMALL : RpcLimits.DEFAULT;
    byte[] body = in.body();
    ByteBuffer direct = ByteBuffer.allocateDirect(body.length).put(body).flip();
    try (LogTrap trap = new LogTrap()) {
      Optional<Rpc> rpc =
          Invariants.peerFaultWithinHeap(
              body.length,
              () ->
                  in.flag(1)
                      ? RpcCodec.decode(direct.duplicate(), limits)
                      : RpcCodec.decode(body, limits));
      rpc.ifPresent(r -> checkRpc(r, limits));
      trap.assertQuiet();
      return rpc.isPresent();
    }
  }

  private static void checkRpc(Rpc rpc, RpcLimits l) {
    ControlMessage c = rpc.control();
    Invariants.check(rpc.subscriptions().size() <= l.maxSubscriptions(), "subscriptions limit");
    Invariants.check(rpc.publish().size() <= l.maxMessages(), "messages limit");
    Invariants.check(
        c.ihave().size() <= l.maxControlEntries()
            && c.iwant().size() <= l.maxControlEntries()
            && c.graft().size() <= l.maxControlEntries()
            && c.prune().size() <= l.maxControlEntries(),
        "control entries limit");
    List<String> topics = new ArrayList<>();
    List<MessageId> ids = new ArrayList<>();
    rpc.subscriptions().forEach(s -> topics.add(s.topic()));
    rpc.publish().forEach(m -> topics.add(m.topic()));
    c.ihave().forEach(h -> topics.add(h.topic()));
    c.graft().forEach(g -> topics.add(g.topic()));
    c.prune().forEach(p -> topics.add(p.topic()));
    c.ihave().forEach(h -> ids.addAll(h.messageIds()));
    c.iwant().forEach(w -> ids.addAll(w.messageIds()));
    Invariants.check(
        topics.stream()
            .allMatch(t -> t.getBytes(StandardCharsets.UTF_8).length <= l.maxTopicBytes()),
        "topic length limit");
    Invariants.check(
        ids.stream().allMatch(id -> id.bytes().length <= l.maxMessageIdBytes()),
        "message id length limit");
    Invariants.check(
        c.ihave().stream().allMatch(h -> h.messageIds().size() <= l.maxIHaveIds())
            && c.iwant().stream().allMatch(w -> w.messageIds().size() <= l.maxIWantIds())
            && c.prune().stream().allMatch(p -> p.peers().size() <= l.maxPeerInfos()),
        "per-entry list limits");
    RpcLimits roomy =
        new RpcLimits(
            Integer.MAX_VALUE - 8,
            l.maxSubscriptions(),
            l.maxMessages(),
            l.maxControlEntries(),
            l.maxIHaveIds(),
            l.maxIWantIds(),
            l.maxIDontWantIds(),
            l.maxPeerInfos(),
            l.maxTopicBytes(),
            l.maxMessageIdBytes());
    Invariants.check(
        RpcCodec.decode(RpcCodec.encode(rpc), roomy).equals(rpc), "decode(encode(rpc)) differs");
  }

  /** True when the router accepted at least one of the peer's frames. */
  static boolean route(byte[] data) {
    FuzzInput in = FuzzInput.of(data);
    VirtualScheduler sched = new VirtualScheduler();
    List<ReceivedMessage> delivered = new ArrayList<>();
    List<PeerId> disconnected = new ArrayList<>();
    RpcSender sender =
        new RpcSender() {
          @Override
          public void send(PeerId peer, Rpc rpc) {
            RpcCodec.checkFrameLength(RpcCodec.encode(rpc).length, RpcLimits.DEFAULT);
          }

          @Override
          public void disconnect(PeerId peer, String reason) {
            disconnected.add(peer);
          }
        };
    try (LogTrap trap = new LogTrap()) {
      GossipRouter router =
          GossipRouter.builder()
              .hostKey(LOCAL)
              .scheduler(sched)
              .sender(sender)
              .random(new Random(42))
              .build();
      router.start();
      router.subscribe(TOPIC, delivered::add);
      String protocol = in.flag(0) ? GossipRouter.PROTOCOL_V10 : GossipRouter.PROTOCOL_V11;
      router.peerConnected(FUZZER.peerId(), protocol, false);
      router.peerConnected(HONEST.peerId(), GossipRouter.PROTOCOL_V11, true);
      router.rpcReceived(HONEST.peerId(), Rpc.ofSubscriptions(List.of(new SubOpts(true, TOPIC))));
      sched.runPending();
      int accepted = 0;
      for (byte[] frame : frames(in.body())) {
        if (Invariants.peerFaultOr(() -> frameReceived(router, frame)).isPresent()) {
          accepted++;
        }
        sched.runPending();
        if (in.flag(1)) {
          sched.advance(GossipParams.DEFAULT.heartbeatInterval);
        }
      }
      // The other peer is still served: its fresh message reaches our subscription.
      long seqno = 1 + (Arrays.hashCode(data) & 0x7fffffffL);
      byte[] payload = "still served".getBytes(StandardCharsets.UTF_8);
      Message m = StrictSign.sign(HONEST, TOPIC, payload, seqno, false);
      router.rpcReceived(HONEST.peerId(), Rpc.ofMessages(List.of(m)));
      sched.runPending();
      Invariants.check(
          delivered.stream().anyMatch(r -> r.seqno() == seqno && Arrays.equals(r.data(), payload)),
          "the honest peer's message was not delivered");
      Invariants.check(!disconnected.contains(HONEST.peerId()), "the honest peer was dropped");
      Invariants.check(router.lifecycle() == GossipRouter.Lifecycle.RUNNING, "router stopped");
      router.stop();
      sched.runPending();
      trap.assertQuiet();
      return accepted > 0;
    }
  }

  private static boolean frameReceived(GossipRouter router, byte[] frame) {
    router.frameReceived(FUZZER.peerId(), frame);
    return true;
  }

  /** Splits a stream into frames at their uvarint prefixes (at most 2 prefix bytes). */
  static List<byte[]> frames(byte[] stream) {
    List<byte[]> out = new ArrayList<>();
    int at = 0;
    while (at < stream.length) {
      int len = stream[at] & 0x7f;
      int prefix = 1;
      if ((stream[at] & 0x80) != 0 && at + 1 < stream.length) {
        len |= (stream[at + 1] & 0x7f) << 7;
        prefix = 2;
      }
      int start = at + prefix;
      int end = Math.min(stream.length, start + len);
      out.add(Arrays.copyOfRange(stream, Math.min(start, stream.length), end));
      at = end;
    }
    return out;
  }

  private static HostKey key(int i) {
    byte[] seed = new byte[HostKey.SEED_BYTES];
    Arrays.fill(seed, (byte) (0x10 * i));
    return HostKey.fromSeed(seed);
  }
}
