package org.peerprobe.p2p.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.mss.MultistreamHandler;
import org.peerprobe.p2p.mss.MultistreamNegotiation;
import org.peerprobe.p2p.mss.MultistreamNegotiation.Status;
import org.peerprobe.p2p.mss.MultistreamNegotiation.Step;
import org.peerprobe.p2p.mss.NegotiationFailed;
import org.peerprobe.p2p.mss.NoCommonProtocolException;
import org.peerprobe.p2p.mss.ProtocolSelected;

/**
 * multistream-select fed a peer's bytes. Option bit 0: we dial (else we listen). The body is what
 * the peer sends, cut into reads as {@link FuzzInput} says.
 */
class MultistreamFuzzTest {
  static final List<String> LISTENER_PROTOCOLS =
      List.of("/yamux/1.0.0", "/ipfs/id/1.0.0", "/meshsub/1.1.0");
  static final List<String> DIALER_PROTOCOLS = List.of("/meshsub/1.2.0", "/meshsub/1.1.0");

  /**
   * Longest answer one step may carry, however much the peer sent: the header, then one answer (an
   * echo, {@code na} or the {@code ls} listing of our three short ids, each under 64 bytes) per
   * proposal, and the listener answers at most {@link MultistreamNegotiation#MAX_LISTENER_REQUESTS}
   * of those.
   */
  private static final int MAX_ANSWER_BYTES =
      64 * (MultistreamNegotiation.MAX_LISTENER_REQUESTS + 1);

  @FuzzTest
  void negotiation(byte[] data) {
    negotiate(data);
  }

  @FuzzTest
  void handler(byte[] data) {
    onChannel(data);
  }

  /**
   * The engine alone: peer faults come back as FAILED steps, never as throws. True when a protocol
   * was selected.
   */
  static boolean negotiate(byte[] data) {
    FuzzInput in = FuzzInput.of(data);
    boolean dialer = in.flag(0);
    List<String> ours = dialer ? DIALER_PROTOCOLS : LISTENER_PROTOCOLS;
    MultistreamNegotiation engine =
        dialer ? MultistreamNegotiation.dialer(ours) : MultistreamNegotiation.listener(ours);
    ByteBuf received = Unpooled.buffer();
    try (LogTrap trap = new LogTrap()) {
      Step step = engine.start();
      for (byte[] chunk : in.chunks()) {
        if (step.status() != Status.NEGOTIATING) {
          break;
        }
        received.writeBytes(chunk);
        int before = received.readerIndex();
        step = engine.receive(received);
        Invariants.check(received.readerIndex() >= before, "the engine moved back");
        Invariants.check(step.toSend().length <= MAX_ANSWER_BYTES, "answer too long");
        Invariants.check(step.status() == engine.status(), "step and engine disagree");
      }
      switch (step.status()) {
        case SELECTED -> Invariants.check(ours.contains(step.protocol()), "selected a stranger");
        case FAILED ->
            Invariants.check(
                step.failure() instanceof BadPeerException
                    || dialer && step.failure() instanceof NoCommonProtocolException,
                "failed with " + step.failure());
        case NEGOTIATING -> Invariants.check(step.failure() == null, "failure while negotiating");
      }
      trap.assertQuiet();
      return step.status() == Status.SELECTED;
    } finally {
      received.release();
    }
  }

  /**
   * The handler on a channel: it ends with one ProtocolSelected or one NegotiationFailed (and a
   * closed channel), at the latest when the timeout fires. True when a protocol was selected.
   */
  static boolean onChannel(byte[] data) {
    FuzzInput in = FuzzInput.of(data);
    boolean dialer = in.flag(0);
    try (LogTrap trap = new LogTrap()) {
      ChannelDriver d =
          new ChannelDriver(
              dialer
                  ? MultistreamHandler.dialer(DIALER_PROTOCOLS)
                  : MultistreamHandler.listener(LISTENER_PROTOCOLS));
      d.feed(in.chunks());
      if (d.events.isEmpty()) {
        d.advance(MultistreamHandler.NEGOTIATION_TIMEOUT.plus(Duration.ofSeconds(1)));
        Invariants.check(!d.ch.isOpen(), "still open after the negotiation timeout");
      }
      Invariants.check(d.events.size() == 1, "events: " + d.events);
      boolean selected = d.events.get(0) instanceof ProtocolSelected;
      if (d.events.get(0) instanceof ProtocolSelected p) {
        List<String> ours = dialer ? DIALER_PROTOCOLS : LISTENER_PROTOCOLS;
        Invariants.check(ours.contains(p.protocol()), "selected a stranger");
      } else if (d.events.get(0) instanceof NegotiationFailed f) {
        Invariants.check(!d.ch.isOpen(), "failed but left the channel open");
        Throwable c = f.cause();
        Invariants.check(
            c instanceof BadPeerException
                || c instanceof NoCommonProtocolException
                || c instanceof TimeoutException
                || c instanceof ClosedChannelException,
            "failed with " + c);
      } else {
        throw new AssertionError("unexpected event " + d.events.get(0));
      }
      d.finish();
      trap.assertQuiet();
      return selected;
    }
  }
}
