package org.peerprobe.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.pubsub.ControlMessage.IHave;
import org.peerprobe.p2p.pubsub.ControlMessage.IWant;

/** Receiving, validating, forwarding and publishing messages; scoring of bad senders. */
class MessageFlowTest {
  private static final String T = "t";

  private static RouterHarness meshOf3() {
    RouterHarness h = new RouterHarness();
    h.connect(1, true, T);
    h.connect(2, true, T);
    h.connect(3, true, T);
    h.subscribe(T);
    h.sent.clear();
    return h;
  }

  @Test
  void forwardsOnceToMeshExceptSourceAndAuthor() {
    RouterHarness h = meshOf3();
    PeerId a = RouterHarness.id(1);
    PeerId b = RouterHarness.id(2);
    PeerId c = RouterHarness.id(3);
    Message m = RouterHarness.msg(3, T, "hello", 1); // authored by c, relayed by a
    h.receive(a, Rpc.ofMessages(List.of(m)));
    assertThat(h.delivered)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(new String(r.data())).isEqualTo("hello");
              assertThat(r.author()).isEqualTo(c);
              assertThat(r.propagationSource()).isEqualTo(a);
              assertThat(r.seqno()).isEqualTo(1);
            });
    assertThat(h.messagesTo(b)).containsExactly(m);
    assertThat(h.messagesTo(a)).isEmpty();
    assertThat(h.messagesTo(c)).isEmpty();
    h.receive(b, Rpc.ofMessages(List.of(m)));
    h.receive(a, Rpc.ofMessages(List.of(m, m)));
    assertThat(h.delivered).hasSize(1);
    assertThat(h.messagesTo(b)).hasSize(1);
    assertThat(h.messagesTo(a)).isEmpty();
  }

  @Test
  void framesAreDecodedWithTheRoutersLimits() {
    RouterHarness h = meshOf3();
    Message m = RouterHarness.msg(5, T, "framed", 1);
    h.router.frameReceived(RouterHarness.id(1), RpcCodec.encode(Rpc.ofMessages(List.of(m))));
    h.sched.runPending();
    assertThat(h.delivered).hasSize(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> h.router.frameReceived(RouterHarness.id(1), new byte[] {0x0a, 0x7f}))
        .isInstanceOf(org.peerprobe.p2p.core.BadPeerException.class);
  }

  @Test
  void badSignaturesArePenalisedAndDropped() {
    RouterHarness h = meshOf3();
    PeerId a = RouterHarness.id(1);
    Message m = RouterHarness.msg(5, T, "hello", 1);
    Message forged = new Message(m.from(), "hellO".getBytes(), m.seqno(), T, m.signature(), null);
    h.receive(a, Rpc.ofMessages(List.of(forged)));
    Message noSeqno = new Message(m.from(), m.data(), new byte[4], T, m.signature(), null);
    h.receive(a, Rpc.ofMessages(List.of(noSeqno)));
    assertThat(h.delivered).isEmpty();
    assertThat(h.sent).isEmpty();
    assertThat(h.router.score(a))
        .isEqualTo(2 * 2 * TopicScoreParams.DEFAULT_INVALID_MESSAGE_DELIVERIES_WEIGHT);
    // the forged copy did not poison the seen cache: the genuine message still gets through
    h.receive(RouterHarness.id(2), Rpc.ofMessages(List.of(m)));
    assertThat(h.delivered).hasSize(1);
  }

  @Test
  void messagesOfOtherTopicsAreIgnored() {
    RouterHarness h = meshOf3();
    h.receive(RouterHarness.id(1), Rpc.ofMessages(List.of(RouterHarness.msg(5, "other", "x", 1))));
    assertThat(h.delivered).isEmpty();
    assertThat(h.router.score(RouterHarness.id(1))).isZero();
  }

  @Test
  void rejectedMessagesPenaliseUntilGraylistedAndDisconnected() {
    RouterHarness h = meshOf3();
    h.router.registerValidator(
        T,
        Validator.sync(
            m ->
                new String(m.data()).startsWith("bad")
                    ? ValidationResult.REJECT
                    : ValidationResult.ACCEPT));
    h.sched.runPending();
    PeerId a = RouterHarness.id(1);
    for (int i = 1; i <= 7; i++) {
      h.receive(a, Rpc.ofMessages(List.of(RouterHarness.msg(1, T, "bad" + i, i))));
    }
    assertThat(h.messagesTo(RouterHarness.id(2))).isEmpty();
    assertThat(h.router.score(a)).isLessThan(ScoreParams.DEFAULT_GRAYLIST_THRESHOLD);
    // graylisted: even a valid message is dropped unread
    h.receive(a, Rpc.ofMessages(List.of(RouterHarness.msg(1, T, "good", 100))));
    assertThat(h.delivered).isEmpty();
    h.heartbeats(1);
    assertThat(h.disconnected).containsExactly(a);
    assertThat(h.router.peers()).doesNotContain(a);
    // the score is retained across a reconnect
    h.connect(1, true, T);
    assertThat(h.router.score(a)).isLessThan(ScoreParams.DEFAULT_GRAYLIST_THRESHOLD);
  }

  @Test
  void ignoredMessagesAreNotPenalised() {
    RouterHarness h = meshOf3();
    h.router.registerValidator(T, Validator.sync(m -> ValidationResult.IGNORE));
    h.sched.runPending();
    h.receive(RouterHarness.id(1), Rpc.ofMessages(List.of(RouterHarness.msg(1, T, "x", 1))));
    assertThat(h.delivered).isEmpty();
    assertThat(h.sent).isEmpty();
    assertThat(h.router.score(RouterHarness.id(1))).isZero();
  }

  @Test
  void asyncValidationDefersForwardingAndTimesOut() {
    RouterHarness h = meshOf3();
    CompletableFuture<ValidationResult> verdict = new CompletableFuture<>();
    h.router.registerValidator(
        T, m -> new String(m.data()).equals("slow") ? verdict : new CompletableFuture<>());
    h.sched.runPending();
    h.receive(RouterHarness.id(1), Rpc.ofMessages(List.of(RouterHarness.msg(9, T, "slow", 1))));
    assertThat(h.router.pendingValidations()).isEqualTo(1);
    assertThat(h.messagesTo(RouterHarness.id(2))).isEmpty();
    // a duplicate arriving while validating is not processed again
    h.receive(RouterHarness.id(2), Rpc.ofMessages(List.of(RouterHarness.msg(9, T, "slow", 1))));
    assertThat(h.router.pendingValidations()).isEqualTo(1);
    verdict.complete(ValidationResult.ACCEPT);
    h.sched.runPending();
    assertThat(h.delivered).hasSize(1);
    assertThat(h.messagesTo(RouterHarness.id(3))).hasSize(1);
    assertThat(h.messagesTo(RouterHarness.id(2))).isEmpty();
    // a validator that never answers is IGNOREd after the timeout
    h.receive(RouterHarness.id(1), Rpc.ofMessages(List.of(RouterHarness.msg(9, T, "never", 2))));
    assertThat(h.router.pendingValidations()).isEqualTo(1);
    h.advance(GossipParams.DEFAULT_VALIDATION_TIMEOUT.plusMillis(1));
    assertThat(h.router.pendingValidations()).isZero();
    assertThat(h.delivered).hasSize(1);
    assertThat(h.router.score(RouterHarness.id(1))).isGreaterThanOrEqualTo(0);
  }

  @Test
  void ihaveLeadsToIwantAndABrokenPromiseIsPenalised() {
    RouterHarness h = meshOf3();
    PeerId a = RouterHarness.id(1);
    Message m = RouterHarness.msg(9, T, "x", 1);
    MessageId id = MessageIdFunction.JS_DEFAULT.apply(m);
    IHave ihave = new IHave(T, List.of(id));
    h.receive(
        a, Rpc.ofControl(new ControlMessage(List.of(ihave), List.of(), List.of(), List.of())));
    assertThat(h.sentTo(a))
        .singleElement()
        .satisfies(r -> assertThat(r.control().iwant()).containsExactly(new IWant(List.of(id))));
    h.advance(Duration.ofMillis(3500));
    assertThat(h.router.score(a)).isNegative();

    // a kept promise costs nothing
    PeerId b = RouterHarness.id(2);
    Message m2 = RouterHarness.msg(9, T, "y", 2);
    MessageId id2 = MessageIdFunction.JS_DEFAULT.apply(m2);
    h.receive(
        b,
        Rpc.ofControl(
            new ControlMessage(
                List.of(new IHave(T, List.of(id2))), List.of(), List.of(), List.of())));
    h.receive(b, Rpc.ofMessages(List.of(m2)));
    h.advance(Duration.ofSeconds(5));
    assertThat(h.router.score(b)).isZero();
  }

  @Test
  void ihaveFloodsAreBounded() {
    GossipParams p = GossipParams.builder().maxIHave(3, 2).build();
    RouterHarness h = new RouterHarness(p, ScoreParams.DEFAULT);
    PeerId a = h.connect(1, true, T);
    h.subscribe(T);
    h.sent.clear();
    for (int i = 0; i < 5; i++) {
      MessageId id1 = MessageId.of(new byte[] {1, (byte) i});
      MessageId id2 = MessageId.of(new byte[] {2, (byte) i});
      h.receive(
          a,
          Rpc.ofControl(
              new ControlMessage(
                  List.of(new IHave(T, List.of(id1, id2))), List.of(), List.of(), List.of())));
    }
    int asked =
        h.sentTo(a).stream()
            .mapToInt(r -> r.control().iwant().stream().mapToInt(w -> w.messageIds().size()).sum())
            .sum();
    assertThat(asked).isEqualTo(3);
  }

  @Test
  void iwantIsServedAtMostThreeTimesPerPeer() {
    RouterHarness h = meshOf3();
    h.router.publish(T, "x".getBytes());
    h.sched.runPending();
    Message m = h.messagesTo(RouterHarness.id(1)).get(0);
    MessageId id = MessageIdFunction.JS_DEFAULT.apply(m);
    PeerId late = h.connect(7, true, T);
    Rpc iwant =
        Rpc.ofControl(
            new ControlMessage(
                List.of(), List.of(new IWant(List.of(id, id))), List.of(), List.of()));
    for (int i = 0; i < 5; i++) {
      h.receive(late, iwant);
    }
    assertThat(h.messagesTo(late)).hasSize(GossipParams.DEFAULT_GOSSIP_RETRANSMISSION);
  }

  @Test
  void publishFloodsToEverySubscribedPeerWithIncreasingSeqno() {
    RouterHarness h = new RouterHarness();
    for (int i = 1; i <= 9; i++) {
      h.connect(i, false, T);
    }
    h.connect(10, false, "other");
    CompletableFuture<Void> f1 = h.router.publish(T, "a".getBytes());
    CompletableFuture<Void> f2 = h.router.publish(T, "b".getBytes());
    h.sched.runPending();
    assertThat(f1).isCompleted();
    assertThat(f2).isCompleted();
    for (int i = 1; i <= 9; i++) {
      List<Message> got = h.messagesTo(RouterHarness.id(i));
      assertThat(got).hasSize(2);
      assertThat(StrictSign.verify(got.get(0))).isEqualTo(StrictSign.Verdict.VALID);
      assertThat(java.util.Arrays.compareUnsigned(got.get(0).seqno(), got.get(1).seqno()))
          .isNegative();
    }
    assertThat(h.messagesTo(RouterHarness.id(10))).isEmpty();
    assertThat(h.delivered).isEmpty();
  }

  @Test
  void publishFailuresAreReportedOnTheFuture() {
    RouterHarness h = new RouterHarness();
    CompletableFuture<Void> alone = h.router.publish(T, "a".getBytes());
    h.sched.runPending();
    assertThat(alone).isCompletedExceptionally();
    assertThat(failure(alone)).isInstanceOf(PublishException.class);
    h.connect(1, false, T);
    CompletableFuture<Void> huge = h.router.publish(T, new byte[RpcLimits.DEFAULT_MAX_RPC_BYTES]);
    h.sched.runPending();
    assertThat(failure(huge)).isInstanceOf(IllegalArgumentException.class);
    h.router.stop();
    CompletableFuture<Void> stopped = h.router.publish(T, "a".getBytes());
    h.sched.runPending();
    assertThat(failure(stopped)).isInstanceOf(PublishException.class);
  }

  private static Throwable failure(CompletableFuture<?> f) {
    return f.handle((v, e) -> e).getNow(null);
  }

  @Test
  void largeBatchesAreSplitUnderTheFrameLimit() {
    RouterHarness h = meshOf3();
    for (int i = 0; i < 3; i++) {
      h.router.publish(T, new byte[400_000]);
    }
    h.sched.runPending();
    List<Rpc> rpcs = h.sentTo(RouterHarness.id(1));
    assertThat(rpcs.stream().mapToInt(r -> r.publish().size()).sum()).isEqualTo(3);
    assertThat(rpcs).hasSizeGreaterThan(1);
    assertThat(rpcs)
        .allSatisfy(
            r ->
                assertThat(RpcCodec.encodedSize(r))
                    .isLessThanOrEqualTo(RpcLimits.DEFAULT_MAX_RPC_BYTES));
  }
}
