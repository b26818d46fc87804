package org.peerprobe.p2p.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.InternalErrorException;
import org.peerprobe.p2p.core.LimitExceededException;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.mss.StreamNegotiator;
import org.peerprobe.p2p.stream.LengthPrefix;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.testing.RecordingHandler;
import org.peerprobe.p2p.testing.StreamPair;
import org.peerprobe.p2p.testing.StreamPair.Delivery;
import org.peerprobe.p2p.testing.VirtualScheduler;

class IdentifyProtocolTest {
  private static final Multiaddr LISTEN = Multiaddr.parse("/ip4/10.1.2.3/tcp/4001");
  private static final Multiaddr OBSERVED = Multiaddr.parse("/ip4/198.51.100.7/tcp/52000");
  private static final List<String> PROTOCOLS =
      List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", "/meshsub/1.1.0", "/meshsub/1.0.0");

  private final VirtualScheduler scheduler = new VirtualScheduler();
  private final List<Stream> servedStreams = new ArrayList<>();

  private IdentifyResponder responder(HostKey key) {
    return new IdentifyResponder(
        s -> {
          servedStreams.add(s);
          return Identify.of(key, List.of(LISTEN), PROTOCOLS, Optional.of(OBSERVED));
        });
  }

  @Test
  void requesterLearnsTheRespondersProtocolsAndAddresses() {
    StreamPair pair = StreamPair.create(scheduler);
    responder(StreamPair.RESPONDER_KEY).onStream(pair.responder());
    CompletableFuture<IdentifyResult> result = IdentifyRequester.request(pair.initiator());
    scheduler.runPending();

    IdentifyResult r = result.getNow(null);
    assertThat(r.peer()).isEqualTo(StreamPair.RESPONDER_KEY.peerId());
    assertThat(r.supports("/meshsub/1.1.0")).isTrue();
    assertThat(r.supports("/meshsub/1.2.0")).isFalse();
    assertThat(r.protocols()).isEqualTo(PROTOCOLS);
    assertThat(r.listenAddrs()).containsExactly(LISTEN);
    assertThat(r.observedAddr()).contains(OBSERVED);
    assertThat(r.agentVersion()).isEqualTo(Identify.AGENT_VERSION);
    assertThat(r.protocolVersion()).isEqualTo(Identify.PROTOCOL_VERSION);

    // One length-prefixed message in one write, then FIN; the requester half-closes when done.
    byte[] body =
        IdentifyCodec.encode(
            Identify.of(
                StreamPair.RESPONDER_KEY, List.of(LISTEN), PROTOCOLS, Optional.of(OBSERVED)));
    byte[] write = pair.responder().writes().get(0);
    assertThat(pair.responder().writes()).hasSize(1);
    assertThat(Arrays.copyOfRange(write, LengthPrefix.prefixBytes(body.length), write.length))
        .isEqualTo(body);
    assertThat(pair.responder().isWriteClosed()).isTrue();
    assertThat(pair.initiator().isWriteClosed()).isTrue();
    assertThat(pair.initiator().isClosed()).isTrue();
    assertThat(pair.unreleasedBuffers()).isZero();
  }

  @Test
  void runsOverNegotiatedStreamsWhenEchoAndMessageArriveTogether() {
    StreamPair pair = StreamPair.builder(scheduler).delivery(Delivery.COALESCED).build();
    StreamNegotiator.handle(
        pair.responder(), Map.of(Identify.PROTOCOL_ID, responder(StreamPair.RESPONDER_KEY)));
    CompletableFuture<IdentifyResult> result =
        StreamNegotiator.select(pair.initiator(), List.of(Identify.PROTOCOL_ID))
            .thenCompose(IdentifyRequester::request);
    scheduler.runPending();
    assertThat(result.getNow(null).supports("/meshsub/1.0.0")).isTrue();
    assertThat(servedStreams.get(0).remotePeer()).isEqualTo(StreamPair.INITIATOR_KEY.peerId());
    assertThat(pair.unreleasedBuffers()).isZero();
  }

  @Test
  void aPublicKeyOfAnotherPeerIsRejected() {
    StreamPair pair = StreamPair.create(scheduler);
    responder(StreamPair.INITIATOR_KEY).onStream(pair.responder());
    CompletableFuture<IdentifyResult> result = IdentifyRequester.request(pair.initiator());
    scheduler.runPending();
    assertThat(cause(result))
        .isInstanceOf(BadPeerException.class)
        .hasMessageContaining("does not belong to " + StreamPair.RESPONDER_KEY.peerId());
    assertThat(pair.initiator().isReset()).isTrue();
  }

  @Test
  void aMissingPublicKeyIsRejected() {
    Identify noKey = new Identify(ByteString.EMPTY, List.of(), PROTOCOLS, ByteString.EMPTY, "", "");
    assertThat(cause(runAgainstRawResponder(frame(noKey))))
        .hasMessageContaining("without a publicKey");
  }

  @Test
  void severalMessagesAreMergedUntilEof() {
    Identify first =
        Identify.of(StreamPair.RESPONDER_KEY, List.of(), List.of("/a"), Optional.empty());
    Identify second =
        new Identify(
            ByteString.EMPTY, List.of(), List.of("/meshsub/1.1.0"), ByteString.EMPTY, "", "");
    IdentifyResult r = runAgainstRawResponder(frame(first), frame(second)).getNow(null);
    assertThat(r.protocols()).containsExactly("/a", "/meshsub/1.1.0");
  }

  @Test
  void readingStopsAfterTenMessages() {
    Identify m = Identify.of(StreamPair.RESPONDER_KEY, List.of(), List.of("/a"), Optional.empty());
    StreamPair pair = StreamPair.create(scheduler);
    pair.responder().setHandler(new RecordingHandler());
    CompletableFuture<IdentifyResult> result = IdentifyRequester.request(pair.initiator());
    for (int i = 0; i < IdentifyRequester.MAX_MESSAGES; i++) {
      pair.responder().write(Unpooled.wrappedBuffer(frame(m)));
    }
    scheduler.runPending();
    assertThat(result).isCompleted();
    assertThat(pair.initiator().isWriteClosed()).isTrue();
    pair.responder().write(Unpooled.wrappedBuffer(frame(m)));
    scheduler.runPending();
    assertThat(pair.unreleasedBuffers()).isZero();
  }

  @Test
  void unknownAddressFormatsAreCarriedButNotParsed() {
    byte[] ws = Arrays.copyOf(LISTEN.toBytes(), LISTEN.toBytes().length + 2);
    ws[ws.length - 2] = (byte) 0xdd; // /ws (477)
    ws[ws.length - 1] = 0x03;
    Identify m =
        new Identify(
            ByteString.copyFrom(StreamPair.RESPONDER_KEY.publicKeyProtobuf()),
            List.of(ByteString.copyFrom(ws), ByteString.copyFrom(LISTEN.toBytes())),
            List.of(),
            ByteString.copyFrom(ws),
            "",
            "");
    IdentifyResult r = runAgainstRawResponder(frame(m)).getNow(null);
    assertThat(r.listenAddrs()).containsExactly(LISTEN);
    assertThat(r.observedAddr()).isEmpty();
    assertThat(r.message().listenAddrs()).hasSize(2);
  }

  @Test
  void earlyCloseOversizeAndSilenceAreFailures() {
    assertThat(cause(runAgainstRawResponder())).hasMessageContaining("without a message");
    assertThat(cause(runAgainstRawResponder(new byte[] {0x05, 0x0a})))
        .hasMessageContaining("inside a message");
    assertThat(cause(runAgainstRawResponder(new byte[] {(byte) 0x81, 0x40}))) // 8193
        .isInstanceOf(LimitExceededException.class);

    StreamPair pair = StreamPair.create(scheduler);
    pair.responder().setHandler(new RecordingHandler());
    CompletableFuture<IdentifyResult> result = IdentifyRequester.request(pair.initiator());
    scheduler.advance(IdentifyRequester.TIMEOUT.minusMillis(1));
    assertThat(result).isNotDone();
    scheduler.advance(Duration.ofMillis(1));
    assertThat(cause(result)).isInstanceOf(TimeoutException.class);
    assertThat(pair.initiator().isReset()).isTrue();
  }

  @Test
  void anOversizedOwnMessageIsOurFault() {
    StreamPair pair = StreamPair.create(scheduler);
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add("/a-rather-long-protocol-name-to-fill-the-message/" + i);
    }
    IdentifyResponder big =
        new IdentifyResponder(
            s -> Identify.of(StreamPair.RESPONDER_KEY, List.of(), many, Optional.empty()));
    assertThatThrownBy(() -> big.onStream(pair.responder()))
        .isInstanceOf(InternalErrorException.class)
        .hasMessageContaining("more than 8192");
    scheduler.runPending();
    assertThat(pair.responder().isReset()).isTrue();
  }

  @Test
  void publicKeysLongerThan42BytesAreHashed() {
    ByteString longKey = ByteString.copyFrom(new byte[43]);
    byte[] mh = IdentifyResult.peerIdMultihash(longKey);
    assertThat(mh).hasSize(34);
    assertThat(PeerId.fromBytes(mh)).isNotNull();
    assertThat(mh[0]).isEqualTo((byte) 0x12);
    assertThat(IdentifyResult.peerIdMultihash(ByteString.copyFrom(new byte[42]))).hasSize(44);
  }

  private CompletableFuture<IdentifyResult> runAgainstRawResponder(byte[]... writes) {
    StreamPair pair = StreamPair.create(scheduler);
    pair.responder().setHandler(new RecordingHandler());
    CompletableFuture<IdentifyResult> result = IdentifyRequester.request(pair.initiator());
    for (byte[] w : writes) {
      pair.responder().write(Unpooled.wrappedBuffer(w));
    }
    pair.responder().closeWrite();
    scheduler.runPending();
    assertThat(pair.unreleasedBuffers()).isZero();
    return result;
  }

  private static byte[] frame(Identify m) {
    var buf = LengthPrefix.frame(Unpooled.buffer().alloc(), IdentifyCodec.encode(m));
    byte[] out = new byte[buf.readableBytes()];
    buf.readBytes(out);
    buf.release();
    return out;
  }

  private static Throwable cause(CompletableFuture<?> f) {
    assertThat(f).isCompletedExceptionally();
    Throwable[] out = new Throwable[1];
    f.whenComplete((v, e) -> out[0] = e);
    return out[0] instanceof CompletionException c ? c.getCause() : out[0];
  }
}
