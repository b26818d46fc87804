package org.peerprobe.p2p.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.noise.NoiseFuzzAccess;
import org.peerprobe.p2p.noise.NoiseFuzzAccess.ForgingInitiator;
import org.peerprobe.p2p.noise.NoiseFuzzAccess.Payload;
import org.peerprobe.p2p.noise.NoiseHandshakeComplete;
import org.peerprobe.p2p.noise.NoiseHandshakeFailed;
import org.peerprobe.p2p.noise.NoiseHandshakeHandler;
import org.peerprobe.p2p.noise.NoiseXXHandshake;
import org.peerprobe.p2p.noise.NoiseXXHandshake.Result;
import org.peerprobe.p2p.noise.NoiseXXHandshake.Status;

/** Noise: the handshake payload codec, the responder engine and handler, the transport codec. */
class NoiseFuzzTest {
  /** Input: the raw payload bytes (no {@link FuzzInput} header). */
  @FuzzTest
  void handshakePayload(byte[] data) {
    payload(data);
  }

  /**
   * Option bit 0: an initiator with real keys sends the body as its message-3 payload; else the
   * body is {@code u16 len ‖ message 1 (len bytes) ‖ message 3}, both raw.
   */
  @FuzzTest
  void responder(byte[] data) {
    respond(data);
  }

  /** The body is the initiator's wire bytes (u16-framed handshake messages, then transport). */
  @FuzzTest
  void handshakeHandler(byte[] data) {
    handshakeOnChannel(data);
  }

  /** The body is the peer's wire bytes after the handshake (u16-framed ciphertexts). */
  @FuzzTest
  void transportCodec(byte[] data) {
    transport(data);
  }

  /** True when the payload decoded. */
  static boolean payload(byte[] data) {
    try (LogTrap trap = new LogTrap()) {
      Optional<Payload> decoded =
          Invariants.peerFaultWithinHeap(data.length, () -> NoiseFuzzAccess.decodePayload(data));
      decoded.ifPresent(NoiseFuzzTest::checkPayload);
      trap.assertQuiet();
      return decoded.isPresent();
    }
  }

  private static void checkPayload(Payload p) {
    Invariants.check(
        p.identityKey().length <= NoiseFuzzAccess.MAX_IDENTITY_KEY_BYTES, "identity_key limit");
    Invariants.check(
        p.identitySig().length <= NoiseFuzzAccess.MAX_IDENTITY_SIG_BYTES, "identity_sig limit");
    Invariants.check(
        p.certhashes().size() <= NoiseFuzzAccess.MAX_EXTENSION_ENTRIES
            && p.muxers().size() <= NoiseFuzzAccess.MAX_EXTENSION_ENTRIES,
        "extension entry count limit");
    Invariants.check(
        p.certhashes().stream()
            .allMatch(h -> h.length <= NoiseFuzzAccess.MAX_EXTENSION_ENTRY_BYTES),
        "certhash length limit");
    Payload again = NoiseFuzzAccess.decodePayload(p.encode());
    Invariants.check(again.sameAs(p), "decode(encode(payload)) differs");
  }

  /** True when the responder completed. */
  static boolean respond(byte[] data) {
    FuzzInput in = FuzzInput.of(data);
    try (LogTrap trap = new LogTrap()) {
      NoiseXXHandshake responder = NoiseFuzzAccess.responder();
      Invariants.check(responder.start().isEmpty(), "the responder spoke first");
      Result r;
      if (in.flag(0)) {
        ForgingInitiator initiator = new ForgingInitiator();
        r = responder.onMessage(initiator.message1());
        Invariants.check(r.status() == Status.WAITING, "rejected an honest message 1");
        initiator.readMessage2(r.toSend().orElseThrow());
        r = responder.onMessage(initiator.message3(in.body()));
      } else {
        byte[] body = in.body();
        int len1 = body.length < 2 ? 0 : (body[0] & 0xff) << 8 | body[1] & 0xff;
        int end1 = Math.min(body.length, 2 + len1);
        byte[] message1 = Arrays.copyOfRange(body, Math.min(2, body.length), end1);
        r = responder.onMessage(message1);
        if (r.status() == Status.WAITING) {
          Invariants.check(r.toSend().isPresent(), "no message 2");
          r = responder.onMessage(Arrays.copyOfRange(body, end1, body.length));
        }
      }
      Invariants.check(r.status() != Status.WAITING, "waiting after message 3");
      Invariants.check(r.status() == responder.status(), "result and engine disagree");
      if (r.status() == Status.COMPLETE) {
        Invariants.check(r.toSend().isEmpty(), "the responder sent a fourth message");
        Invariants.check(responder.remotePeerId() != null, "complete without a peer");
      } else {
        Invariants.check(r.failure().isPresent(), "failed without a cause");
      }
      trap.assertQuiet();
      return r.status() == Status.COMPLETE;
    }
  }

  /** True when the handshake completed. */
  static boolean handshakeOnChannel(byte[] data) {
    FuzzInput in = FuzzInput.of(data);
    try (LogTrap trap = new LogTrap()) {
      ChannelDriver d = new ChannelDriver(new NoiseHandshakeHandler(NoiseFuzzAccess.responder()));
      d.feed(in.chunks());
      if (d.events.isEmpty()) {
        d.advance(NoiseHandshakeHandler.DEFAULT_HANDSHAKE_TIMEOUT.plus(Duration.ofSeconds(1)));
        Invariants.check(!d.ch.isOpen(), "still open after the handshake timeout");
      }
      Invariants.check(d.events.size() == 1, "events: " + d.events);
      boolean complete = d.events.get(0) instanceof NoiseHandshakeComplete;
      if (d.events.get(0) instanceof NoiseHandshakeFailed f) {
        Invariants.check(f.cause() instanceof BadPeerException, "failed with " + f.cause());
        Invariants.check(!d.ch.isOpen(), "failed but left the channel open");
      } else {
        Invariants.check(complete, "unexpected event " + d.events.get(0));
      }
      d.finish();
      trap.assertQuiet();
      return complete;
    }
  }

  /** True when some plaintext came out and the channel is still open. */
  static boolean transport(byte[] data) {
    FuzzInput in = FuzzInput.of(data);
    try (LogTrap trap = new LogTrap()) {
      ChannelDriver d = new ChannelDriver(NoiseFuzzAccess.transportCodec());
      d.feed(in.chunks());
      boolean open = d.ch.isOpen();
      Invariants.check(d.passedOn <= in.body().length, "more plaintext than ciphertext");
      d.finish();
      trap.assertQuiet();
      return open && d.passedOn > 0;
    }
  }
}
