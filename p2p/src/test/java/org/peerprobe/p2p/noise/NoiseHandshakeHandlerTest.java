package org.peerprobe.p2p.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peerprobe.p2p.noise.NoiseTestPeers.ALICE;
import static org.peerprobe.p2p.noise.NoiseTestPeers.BOB;
import static org.peerprobe.p2p.noise.NoiseTestPeers.MALLORY;

import io.netty.util.ResourceLeakDetector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.InternalErrorException;
import org.peerprobe.p2p.core.LimitExceededException;
import org.peerprobe.p2p.core.PeerId;

class NoiseHandshakeHandlerTest {
  private NoisePeerChannel alice;
  private NoisePeerChannel bob;

  @BeforeAll
  static void paranoidLeakDetection() {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  @BeforeEach
  void connect() {
    dial(Optional.of(BOB.peerId()));
  }

  private void dial(Optional<PeerId> expected) {
    alice = new NoisePeerChannel(NoiseTestPeers.initiator(ALICE, expected, 1));
    bob = new NoisePeerChannel(NoiseTestPeers.responder(BOB, 2));
  }

  @AfterEach
  void noLeaks() {
    alice.finishWithoutLeaks();
    bob.finishWithoutLeaks();
  }

  private static byte[] frame(byte[] body) {
    byte[] f = new byte[2 + body.length];
    f[0] = (byte) (body.length >>> 8);
    f[1] = (byte) body.length;
    System.arraycopy(body, 0, f, 2, body.length);
    return f;
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static NoiseHandshakeFailed onlyFailure(NoisePeerChannel p) {
    assertThat(p.recorder.userEvents()).singleElement().isInstanceOf(NoiseHandshakeFailed.class);
    return (NoiseHandshakeFailed) p.recorder.userEvents().get(0);
  }

  @Test
  void completesReplacesItselfAndCarriesDataBothWays() {
    NoisePeerChannel.pump(alice, bob);

    assertThat(alice.recorder.events).containsExactly(new NoiseHandshakeComplete(BOB.peerId()));
    assertThat(bob.recorder.events).containsExactly(new NoiseHandshakeComplete(ALICE.peerId()));
    for (NoisePeerChannel p : new NoisePeerChannel[] {alice, bob}) {
      assertThat(p.channel.pipeline().get(NoiseHandshakeHandler.class)).isNull();
      assertThat(p.channel.pipeline().get(NoiseHandshakeHandler.TRANSPORT_CODEC_NAME))
          .isInstanceOf(NoiseTransportCodec.class);
    }

    alice.write("hello bob");
    bob.write("hello alice");
    assertThat(alice.alloc.allocatedCount()).isGreaterThan(3);
    NoisePeerChannel.pump(alice, bob);
    assertThat(bob.recorder.data.toString(StandardCharsets.US_ASCII)).isEqualTo("hello bob");
    assertThat(alice.recorder.data.toString(StandardCharsets.US_ASCII)).isEqualTo("hello alice");

    // The timeout was cancelled: nothing happens long after completion.
    alice.advance(Duration.ofMinutes(1));
    bob.advance(Duration.ofMinutes(1));
    assertThat(alice.channel.isOpen()).isTrue();
    assertThat(bob.channel.isOpen()).isTrue();
  }

  @Test
  void oneMebibyteIsSplitIntoMaximalFramesAndReassembled() {
    NoisePeerChannel.pump(alice, bob);
    byte[] data = random(1 << 20, 42);
    alice.write(data, false);
    byte[] wire = alice.drainOutbound();

    int frames = 0;
    for (int off = 0; off < wire.length; frames++) {
      int len = ((wire[off] & 0xff) << 8) | (wire[off + 1] & 0xff);
      assertThat(len).isLessThanOrEqualTo(NoiseTransportCodec.MAX_FRAME_BYTES);
      if (off + 2 + len < wire.length) {
        assertThat(len).isEqualTo(65535);
      } else {
        assertThat(len).isEqualTo((1 << 20) - 16 * 65519 + 16);
      }
      off += 2 + len;
    }
    assertThat(frames).isEqualTo(17);
    assertThat(wire).hasSize((1 << 20) + 17 * 18);

    // Delivered in pieces that cut through headers and tags.
    for (int off = 0; off < wire.length; off += 7777) {
      bob.receive(Arrays.copyOfRange(wire, off, Math.min(off + 7777, wire.length)));
    }
    assertThat(bob.recorder.data.toByteArray()).isEqualTo(data);

    // The other way, from a direct buffer, in one delivery.
    bob.write(data, true);
    alice.receive(bob.drainOutbound());
    assertThat(alice.recorder.data.toByteArray()).isEqualTo(data);
  }

  @Test
  void bytesAfterTheLastHandshakeMessageInTheSameReadAreDecryptedAfterTheEvent() {
    alice.sendTo(bob); // msg1
    bob.sendTo(alice); // msg2; alice completes and queues msg3
    assertThat(alice.recorder.events).containsExactly(new NoiseHandshakeComplete(BOB.peerId()));
    alice.write("/multistream/1.0.0\n");
    alice.write("/yamux/1.0.0\n");

    bob.receive(alice.drainOutbound()); // msg3 and two transport frames in one read
    assertThat(bob.recorder.events)
        .containsExactly(new NoiseHandshakeComplete(ALICE.peerId()), "data", "data");
    assertThat(bob.recorder.data.toString(StandardCharsets.US_ASCII))
        .isEqualTo("/multistream/1.0.0\n/yamux/1.0.0\n");
  }

  @Test
  void wrongExpectedPeerIdClosesTheDialer() {
    alice.finishWithoutLeaks();
    bob.finishWithoutLeaks();
    dial(Optional.of(MALLORY.peerId()));
    NoisePeerChannel.pump(alice, bob);
    assertThat(alice.channel.isOpen()).isFalse();
    assertThat(onlyFailure(alice).cause())
        .isInstanceOf(BadPeerException.class)
        .hasMessageContaining("dialed " + MALLORY.peerId());
    assertThat(bob.recorder.events).isEmpty(); // still waiting for msg3, until its timeout
  }

  @Test
  void garbageHandshakeMessagesCloseWithoutThrowing() {
    alice.drainOutbound();
    alice.receive(frame(random(200, 7))); // not a valid msg2
    assertThat(alice.channel.isOpen()).isFalse();
    assertThat(onlyFailure(alice).cause()).isInstanceOf(BadPeerException.class);

    // Any 32+ bytes are a plausible msg1; the garbage msg3 that follows fails.
    bob.receive(frame(random(200, 8)));
    assertThat(bob.channel.isOpen()).isTrue();
    assertThat(bob.drainOutbound()).hasSizeGreaterThan(200);
    bob.receive(frame(random(200, 9)));
    assertThat(bob.channel.isOpen()).isFalse();
    assertThat(onlyFailure(bob).cause()).hasMessageContaining("authentication");
  }

  @Test
  void oversizeHandshakeFrameLengthClosesBeforeTheBodyArrives() {
    int tooBig = NoiseXXHandshake.MAX_HANDSHAKE_MESSAGE_BYTES + 1;
    bob.receive(new byte[] {(byte) (tooBig >>> 8), (byte) tooBig});
    assertThat(bob.channel.isOpen()).isFalse();
    assertThat(onlyFailure(bob).cause())
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining(Integer.toString(tooBig));

    alice.drainOutbound();
    alice.receive(Arrays.copyOf(new byte[] {(byte) 0xff, (byte) 0xff}, 102));
    assertThat(alice.channel.isOpen()).isFalse();
  }

  @Test
  void tamperedOrTruncatedTransportFramesClose() {
    NoisePeerChannel.pump(alice, bob);
    alice.write("first");
    alice.sendTo(bob);
    alice.write("second");
    byte[] wire = alice.drainOutbound();
    wire[wire.length - 3] ^= 0x04;
    bob.receive(wire);
    assertThat(bob.channel.isOpen()).isFalse();
    assertThat(bob.recorder.data.toString(StandardCharsets.US_ASCII)).isEqualTo("first");

    // A transport frame too short to hold its tag is rejected from its header.
    alice.receive(frame(new byte[15]));
    assertThat(alice.channel.isOpen()).isFalse();
    assertThat(alice.recorder.data.size()).isZero();
  }

  @Test
  void timesOutOnVirtualTime() {
    alice.sendTo(bob); // bob answers and then hears nothing more
    bob.advance(NoiseHandshakeHandler.DEFAULT_HANDSHAKE_TIMEOUT.minusMillis(1));
    assertThat(bob.channel.isOpen()).isTrue();
    assertThat(bob.recorder.events).isEmpty();
    bob.advance(Duration.ofMillis(1));
    assertThat(bob.channel.isOpen()).isFalse();
    assertThat(onlyFailure(bob).cause()).hasMessageContaining("timed out");

    alice.advance(Duration.ofSeconds(10));
    assertThat(alice.channel.isOpen()).isFalse();
  }

  @Test
  void customTimeout() {
    NoisePeerChannel carol =
        new NoisePeerChannel(NoiseTestPeers.responder(BOB, 3), Duration.ofMillis(500));
    carol.advance(Duration.ofMillis(500));
    assertThat(carol.channel.isOpen()).isFalse();
    carol.finishWithoutLeaks();
    assertThatThrownBy(
            () -> new NoiseHandshakeHandler(NoiseTestPeers.responder(BOB, 3), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writesBeforeCompletionAreRefusedAndReleased() {
    assertThatThrownBy(() -> alice.write("too early")).isInstanceOf(InternalErrorException.class);
    NoisePeerChannel.pump(alice, bob);
    assertThat(alice.recorder.userEvents()).hasSize(1);
  }

  @Test
  void connectionLossDuringTheHandshakeIsReported() {
    bob.channel.close();
    assertThat(onlyFailure(bob).cause()).hasMessageContaining("connection closed");
  }

  @Test
  void failureIsReportedOnce() {
    alice.drainOutbound();
    alice.receive(frame(new byte[10]));
    alice.advance(Duration.ofSeconds(30));
    assertThat(alice.recorder.userEvents()).hasSize(1);
  }
}
