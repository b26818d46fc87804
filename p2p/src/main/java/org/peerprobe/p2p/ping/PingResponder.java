package org.peerprobe.p2p.ping;

import io.netty.buffer.ByteBuf;
import org.peerprobe.p2p.core.Scheduler;
import org.peerprobe.p2p.stream.ProtocolHandler;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.stream.StreamHandler;

/**
 * Answers pings: echoes every complete {@value Ping#PAYLOAD_BYTES}-byte payload until the remote
 * half-closes, then half-closes too (bytes of an incomplete last payload are dropped). Resets the
 * stream when no payload completes for {@link Ping#RESPONDER_IDLE_TIMEOUT}. Holds at most one
 * partial payload per stream.
 */
final class PingResponder implements ProtocolHandler {
  static final PingResponder INSTANCE = new PingResponder();

  private PingResponder() {}

  @Override
  public void onStream(Stream stream) {
    Echo echo = new Echo(stream);
    stream.setHandler(echo);
    echo.armTimer();
  }

  private static final class Echo implements StreamHandler {
    private final Stream stream;
    private final byte[] partial = new byte[Ping.PAYLOAD_BYTES];
    private int filled;
    private Scheduler.Cancellable timer;
    private boolean done;

    Echo(Stream stream) {
      this.stream = stream;
    }

    void armTimer() {
      if (timer != null) {
        timer.cancel();
      }
      timer = stream.scheduler().schedule(Ping.RESPONDER_IDLE_TIMEOUT, this::idle);
    }

    private void idle() {
      if (!done) {
        end();
        stream.reset();
      }
    }

    @Override
    public void onData(Stream s, ByteBuf data) {
      try {
        while (!done && data.isReadable()) {
          int n = Math.min(data.readableBytes(), Ping.PAYLOAD_BYTES - filled);
          data.readBytes(partial, filled, n);
          filled += n;
          if (filled == Ping.PAYLOAD_BYTES) {
            filled = 0;
            stream.write(stream.alloc().buffer(Ping.PAYLOAD_BYTES).writeBytes(partial));
            armTimer();
          }
        }
      } finally {
        data.release();
      }
    }

    @Override
    public void onRemoteClosed(Stream s) {
      if (!done) {
        end();
        stream.closeWrite();
      }
    }

    @Override
    public void onReset(Stream s) {
      end();
    }

    private void end() {
      done = true;
      if (timer != null) {
        timer.cancel();
      }
    }
  }
}
