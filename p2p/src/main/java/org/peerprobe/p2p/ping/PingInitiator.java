package org.peerprobe.p2p.ping;

import io.netty.buffer.ByteBuf;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.P2PException;
import org.peerprobe.p2p.core.Scheduler;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.stream.StreamHandler;

/** One outbound ping on one stream. Event-loop confined. */
final class PingInitiator implements StreamHandler {
  private final Stream stream;
  private final byte[] payload;
  private final byte[] echo = new byte[Ping.PAYLOAD_BYTES];
  private final CompletableFuture<Duration> result = new CompletableFuture<>();
  private int received;
  private long sentAt;
  private Scheduler.Cancellable timer;
  private boolean done;

  PingInitiator(Stream stream, byte[] payload) {
    this.stream = stream;
    this.payload = payload;
  }

  CompletableFuture<Duration> result() {
    return result;
  }

  void start() {
    Scheduler scheduler = stream.scheduler();
    stream.setHandler(this);
    timer =
        scheduler.schedule(
            Ping.TIMEOUT,
            () ->
                fail(
                    new TimeoutException("no ping echo within " + Ping.TIMEOUT.toSeconds() + "s")));
    sentAt = scheduler.nowNanos();
    stream
        .write(stream.alloc().buffer(payload.length).writeBytes(payload))
        .whenComplete(
            (ok, err) -> {
              if (err != null) {
                fail(new P2PException("ping write failed", err));
              }
            });
    stream.closeWrite();
  }

  @Override
  public void onData(Stream s, ByteBuf data) {
    try {
      if (done) {
        return;
      }
      int n = data.readableBytes();
      if (n > Ping.PAYLOAD_BYTES - received) {
        fail(new BadPeerException("ping echo longer than " + Ping.PAYLOAD_BYTES + " bytes"));
        return;
      }
      data.readBytes(echo, received, n);
      received += n;
    } finally {
      data.release();
    }
    if (received == Ping.PAYLOAD_BYTES) {
      if (!MessageDigest.isEqual(payload, echo)) {
        fail(new BadPeerException("ping echo differs from the payload"));
        return;
      }
      done = true;
      timer.cancel();
      result.complete(Duration.ofNanos(stream.scheduler().nowNanos() - sentAt));
    }
  }

  @Override
  public void onRemoteClosed(Stream s) {
    if (!done) {
      fail(new BadPeerException("ping stream closed after " + received + " echoed bytes"));
    }
  }

  @Override
  public void onReset(Stream s) {
    if (!done) {
      fail(new P2PException("ping stream reset"));
    }
  }

  private void fail(Throwable cause) {
    if (done) {
      return;
    }
    done = true;
    if (timer != null) {
      timer.cancel();
    }
    stream.reset();
    result.completeExceptionally(cause);
  }
}
