package org.peerprobe.p2p.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peerprobe.p2p.noise.NoiseTestPeers.ALICE;
import static org.peerprobe.p2p.noise.NoiseTestPeers.BOB;
import static org.peerprobe.p2p.noise.NoiseTestPeers.MALLORY;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.InternalErrorException;
import org.peerprobe.p2p.core.LimitExceededException;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.noise.NoiseXXHandshake.Result;
import org.peerprobe.p2p.noise.NoiseXXHandshake.Status;

class NoiseXXHandshakeTest {
  /** The three handshake messages of an honest Alice (initiator) and Bob (responder). */
  private record Transcript(
      NoiseXXHandshake alice, NoiseXXHandshake bob, byte[] msg1, byte[] msg2, byte[] msg3) {}

  private static Transcript handshake(Optional<PeerId> expected) {
    NoiseXXHandshake alice = NoiseTestPeers.initiator(ALICE, expected, 1);
    NoiseXXHandshake bob = NoiseTestPeers.responder(BOB, 2);
    byte[] msg1 = alice.start().orElseThrow();
    assertThat(bob.start()).isEmpty();
    Result r1 = bob.onMessage(msg1);
    assertThat(r1.status()).isEqualTo(Status.WAITING);
    byte[] msg2 = r1.toSend().orElseThrow();
    Result r2 = alice.onMessage(msg2);
    if (r2.status() == Status.FAILED) {
      return new Transcript(alice, bob, msg1, msg2, null);
    }
    assertThat(r2.status()).isEqualTo(Status.COMPLETE);
    byte[] msg3 = r2.toSend().orElseThrow();
    Result r3 = bob.onMessage(msg3);
    assertThat(r3.status()).isEqualTo(Status.COMPLETE);
    assertThat(r3.toSend()).isEmpty();
    return new Transcript(alice, bob, msg1, msg2, msg3);
  }

  @Test
  void roundTripAuthenticatesBothSidesAndKeysTheTransport() {
    assertThat(ALICE.peerId().toString())
        .isEqualTo("12D3KooWA4Xop1JaT3MHxwYMkCepYsv4iPVopMXwCz5iHYdBfeSB");
    Transcript t = handshake(Optional.of(BOB.peerId()));
    assertThat(t.alice().remotePeerId()).isEqualTo(BOB.peerId());
    assertThat(t.bob().remotePeerId()).isEqualTo(ALICE.peerId());
    assertThat(t.alice().handshakeHash()).isEqualTo(t.bob().handshakeHash());
    assertThat(t.alice().remoteStreamMuxers()).isEmpty();

    // msg1 is e only; msg2/msg3 carry key (2+36) + signature (2+64) and no extensions.
    assertThat(t.msg1()).hasSize(32);
    assertThat(t.msg2()).hasSize(32 + 48 + 104 + 16);
    assertThat(t.msg3()).hasSize(48 + 104 + 16);

    byte[] c = t.alice().sendCipher().encrypt(null, new byte[] {1, 2, 3});
    assertThat(t.bob().receiveCipher().decrypt(null, c, 0, c.length)).containsExactly(1, 2, 3);
    byte[] d = t.bob().sendCipher().encrypt(null, new byte[] {4});
    assertThat(t.alice().receiveCipher().decrypt(null, d, 0, d.length)).containsExactly(4);
  }

  @Test
  void freshKeysPerHandshake() {
    Transcript a = handshake(Optional.empty());
    NoiseXXHandshake other = NoiseTestPeers.initiator(ALICE, Optional.empty(), 99);
    assertThat(other.start().orElseThrow()).isNotEqualTo(a.msg1());
  }

  @Test
  void everyTamperedByteOfMessage2Or3Fails() {
    Transcript t = handshake(Optional.empty());
    for (int i = 0; i < t.msg2().length; i++) {
      NoiseXXHandshake alice = NoiseTestPeers.initiator(ALICE, Optional.empty(), 1);
      alice.start();
      byte[] bad = t.msg2().clone();
      bad[i] ^= 0x01;
      Result r = alice.onMessage(bad);
      assertThat(r.status()).as("msg2 byte %d", i).isEqualTo(Status.FAILED);
      assertThat(r.failure()).isPresent();
      assertThat(r.toSend()).isEmpty();
    }
    for (int i = 0; i < t.msg3().length; i++) {
      NoiseXXHandshake bob = NoiseTestPeers.responder(BOB, 2);
      bob.start();
      bob.onMessage(t.msg1());
      byte[] bad = t.msg3().clone();
      bad[i] ^= 0x80;
      assertThat(bob.onMessage(bad).status()).as("msg3 byte %d", i).isEqualTo(Status.FAILED);
    }
  }

  @Test
  void tamperedMessage1IsDetectedByTheInitiator() {
    NoiseXXHandshake alice = NoiseTestPeers.initiator(ALICE, Optional.empty(), 1);
    NoiseXXHandshake bob = NoiseTestPeers.responder(BOB, 2);
    byte[] msg1 = alice.start().orElseThrow();
    bob.start();
    msg1[5] ^= 0x10;
    byte[] msg2 = bob.onMessage(msg1).toSend().orElseThrow();
    assertThat(alice.onMessage(msg2).status()).isEqualTo(Status.FAILED);
  }

  @Test
  void truncatedEmptyAndOversizeMessagesFail() {
    Transcript t = handshake(Optional.empty());
    for (byte[] bad :
        List.of(
            new byte[0],
            Arrays.copyOf(t.msg2(), 95),
            Arrays.copyOf(t.msg2(), t.msg2().length - 1))) {
      NoiseXXHandshake alice = NoiseTestPeers.initiator(ALICE, Optional.empty(), 1);
      alice.start();
      assertThat(alice.onMessage(bad).failure()).get().isInstanceOf(BadPeerException.class);
    }
    NoiseXXHandshake bob = NoiseTestPeers.responder(BOB, 2);
    bob.start();
    assertThat(bob.onMessage(new byte[31]).status()).isEqualTo(Status.FAILED);
    NoiseXXHandshake bob2 = NoiseTestPeers.responder(BOB, 2);
    bob2.start();
    assertThat(bob2.onMessage(new byte[NoiseXXHandshake.MAX_HANDSHAKE_MESSAGE_BYTES + 1]).failure())
        .get()
        .isInstanceOf(LimitExceededException.class);
  }

  @Test
  void wrongExpectedPeerIdFailsTheDialer() {
    Transcript t = handshake(Optional.of(MALLORY.peerId()));
    assertThat(t.alice().status()).isEqualTo(Status.FAILED);
    assertThat(t.msg3()).isNull();
    NoiseXXHandshake alice = NoiseTestPeers.initiator(ALICE, Optional.of(MALLORY.peerId()), 1);
    alice.start();
    Result r = alice.onMessage(t.msg2());
    assertThat(r.failure())
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("dialed " + MALLORY.peerId())
        .contains("reached " + BOB.peerId());
  }

  /** A responder that speaks Noise correctly but sends {@code payload} as its identity. */
  private static Result aliceMeetsForgedResponder(PayloadForger forger) {
    NoiseXXHandshake alice = NoiseTestPeers.initiator(ALICE, Optional.empty(), 1);
    NoiseXXState mallory = NoiseTestPeers.rawSide(false, 7);
    mallory.readMessage(alice.start().orElseThrow());
    return alice.onMessage(mallory.writeMessage(forger.payload(mallory.localStaticKey())));
  }

  private interface PayloadForger {
    byte[] payload(byte[] staticKey);
  }

  @Test
  void badIdentitySignaturesFail() {
    byte[] otherStatic = NoiseTestPeers.rawSide(false, 8).localStaticKey();
    // Signature over another static key.
    assertThat(
            aliceMeetsForgedResponder(s -> NoiseTestPeers.payload(BOB, BOB, otherStatic, List.of()))
                .failure())
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("signature");
    // Claims Bob's identity, signed by Mallory.
    assertThat(
            aliceMeetsForgedResponder(s -> NoiseTestPeers.payload(BOB, MALLORY, s, List.of()))
                .status())
        .isEqualTo(Status.FAILED);
    // No payload, garbage payload, non-Ed25519 key.
    assertThat(aliceMeetsForgedResponder(s -> new byte[0]).status()).isEqualTo(Status.FAILED);
    assertThat(aliceMeetsForgedResponder(s -> new byte[] {0x0a, 0x7f}).failure())
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("malformed");
    byte[] secp = NoiseHandshakePayload.of(new byte[] {8, 2, 0x12, 0x01, 0}, new byte[64]).encode();
    assertThat(aliceMeetsForgedResponder(s -> secp).failure())
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("Ed25519");
    // The honest forger control: a correct payload passes.
    assertThat(
            aliceMeetsForgedResponder(s -> NoiseTestPeers.payload(BOB, BOB, s, List.of())).status())
        .isEqualTo(Status.COMPLETE);
  }

  @Test
  void responderChecksTheInitiatorsSignatureAndAcceptsJsStyleExtensions() {
    for (boolean honest : new boolean[] {true, false}) {
      NoiseXXHandshake bob = NoiseTestPeers.responder(BOB, 2);
      bob.start();
      NoiseXXState js = NoiseTestPeers.rawSide(true, 11);
      byte[] msg2 = bob.onMessage(js.writeMessage(new byte[0])).toSend().orElseThrow();
      js.readMessage(msg2);
      HostKey signer = honest ? ALICE : MALLORY;
      byte[] payload =
          NoiseTestPeers.payload(ALICE, signer, js.localStaticKey(), List.of("/yamux/1.0.0"));
      Result r = bob.onMessage(js.writeMessage(payload));
      if (honest) {
        assertThat(r.status()).isEqualTo(Status.COMPLETE);
        assertThat(bob.remotePeerId()).isEqualTo(ALICE.peerId());
        assertThat(bob.remoteStreamMuxers()).containsExactly("/yamux/1.0.0");
      } else {
        assertThat(r.status()).isEqualTo(Status.FAILED);
      }
    }
  }

  @Test
  void outOfTurnCallsAreLocalBugs() {
    NoiseXXHandshake alice = NoiseTestPeers.initiator(ALICE, Optional.empty(), 1);
    assertThatThrownBy(() -> alice.onMessage(new byte[32]))
        .isInstanceOf(InternalErrorException.class);
    alice.start();
    assertThatThrownBy(alice::start).isInstanceOf(InternalErrorException.class);
    assertThatThrownBy(alice::remotePeerId).isInstanceOf(InternalErrorException.class);
    assertThatThrownBy(alice::sendCipher).isInstanceOf(InternalErrorException.class);
    assertThat(alice.onMessage(new byte[10]).status()).isEqualTo(Status.FAILED);
    assertThatThrownBy(() -> alice.onMessage(new byte[100]))
        .isInstanceOf(InternalErrorException.class);
  }
}
