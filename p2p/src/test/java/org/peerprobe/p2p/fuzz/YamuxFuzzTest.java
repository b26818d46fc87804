package org.peerprobe.p2p.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.InternalErrorException;
import org.peerprobe.p2p.core.P2PException;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.stream.StreamHandler;
import org.peerprobe.p2p.yamux.YamuxConfig;
import org.peerprobe.p2p.yamux.YamuxSession;

/**
 * A yamux session (with the frame codec it installs) fed a peer's plaintext bytes. Option bit 0: we
 * dialed (the peer opens even stream ids, else odd); bits 1–2: what our handler does with each
 * inbound stream (0 reads, 1 echoes and half-closes after the peer, 2 resets on the first data, 3
 * writes and half-closes at once); bit 3: 40 s of virtual time pass afterwards (keep-alive pings,
 * their timeout).
 */
class YamuxFuzzTest {
  /**
   * Windows at the spec's 256 KiB, so the Data-frame limit (the largest window) is small enough for
   * a fuzzer to cross; four inbound streams, so refusing a SYN is reachable.
   */
  static final YamuxConfig CONFIG =
      YamuxConfig.builder()
          .initialWindow(YamuxConfig.SPEC_INITIAL_WINDOW)
          .maxWindow(YamuxConfig.SPEC_INITIAL_WINDOW)
          .maxInboundStreams(4)
          .keepAliveInterval(Duration.ofSeconds(10))
          .pingTimeout(Duration.ofSeconds(5))
          .build();

  private static final PeerId PEER = HostKey.fromSeed(new byte[HostKey.SEED_BYTES]).peerId();
  private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

  @FuzzTest
  void session(byte[] data) {
    run(data);
  }

  /** True when the session is still up. */
  static boolean run(byte[] data) {
    FuzzInput in = FuzzInput.of(data);
    int behaviour = in.options() >> 1 & 3;
    try (LogTrap trap = new LogTrap()) {
      List<Stream> accepted = new ArrayList<>();
      YamuxSession session =
          new YamuxSession(
              in.flag(0),
              PEER,
              CONFIG,
              s -> {
                accepted.add(s);
                s.setHandler(new Behaviour(behaviour));
                if (behaviour == 3) {
                  s.write(s.alloc().buffer(HELLO.length).writeBytes(HELLO));
                  s.closeWrite();
                }
              });
      ChannelDriver d = new ChannelDriver(session);
      d.feed(in.chunks());
      if (in.flag(3)) {
        d.advance(Duration.ofSeconds(40));
      }
      session.closeCause().ifPresent(YamuxFuzzTest::checkCause);
      boolean up = d.ch.isOpen() && session.closeCause().isEmpty();
      d.finish();
      trap.assertQuiet();
      return up;
    }
  }

  /** A session ends on the peer's fault, or on the peer's GoAway; never on an error of ours. */
  private static void checkCause(Throwable cause) {
    boolean peerFault = cause instanceof BadPeerException;
    boolean peerSaysWeErred =
        cause instanceof InternalErrorException
            && cause.getCause() == null
            && cause.getMessage().contains("(GoAway 1)");
    boolean peerErred = cause.getClass() == P2PException.class;
    if (!peerFault && !peerSaysWeErred && !peerErred) {
      throw new AssertionError("the session ended on its own error", cause);
    }
  }

  /** Our side of an inbound stream. */
  private record Behaviour(int kind) implements StreamHandler {
    @Override
    public void onData(Stream stream, ByteBuf data) {
      switch (kind) {
        case 1 -> stream.write(data);
        case 2 -> {
          data.release();
          stream.reset();
        }
        default -> data.release();
      }
    }

    @Override
    public void onRemoteClosed(Stream stream) {
      if (kind == 1) {
        stream.closeWrite();
      }
    }
  }
}
