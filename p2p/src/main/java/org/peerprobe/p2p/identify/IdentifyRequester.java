package org.peerprobe.p2p.identify;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.P2PException;
import org.peerprobe.p2p.core.Scheduler;
import org.peerprobe.p2p.stream.LengthPrefixedReader;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.stream.StreamHandler;

/**
 * The asking side of identify: on a stream we opened and negotiated to {@link
 * Identify#PROTOCOL_ID}, reads length-prefixed messages until the remote half-closes (js sends one;
 * up to {@link #MAX_MESSAGES} are merged, as js reads them), verifies the public key against {@link
 * Stream#remotePeer()} and half-closes our side.
 *
 * <p>Fails (and resets the stream) with {@link BadPeerException} for a malformed, oversized or
 * foreign-keyed message or an early close, {@link TimeoutException} after {@link #TIMEOUT}, and
 * {@link P2PException} when the stream is reset. Event-loop confined; the future completes there.
 */
public final class IdentifyRequester implements StreamHandler {
  /** Longest we wait for the remote's identify, as js. */
  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Most messages read from one identify stream, as js and go. */
  public static final int MAX_MESSAGES = 10;

  private final Stream stream;
  private final CompletableFuture<IdentifyResult> result = new CompletableFuture<>();
  private final LengthPrefixedReader reader;
  private Scheduler.Cancellable timer;
  private Identify merged;
  private int messages;
  private boolean done;

  private IdentifyRequester(Stream stream) {
    this.stream = stream;
    this.reader =
        new LengthPrefixedReader(
            stream.alloc(), IdentifyCodec.MAX_MESSAGE_BYTES, "identify message bytes");
  }

  /**
   * Runs identify on {@code stream}, which must already be negotiated to {@link
   * Identify#PROTOCOL_ID} (e.g. a {@link org.peerprobe.p2p.mss.NegotiatedStream}).
   */
  public static CompletableFuture<IdentifyResult> request(Stream stream) {
    IdentifyRequester requester = new IdentifyRequester(stream);
    if (stream.scheduler().inThread()) {
      requester.start();
    } else {
      stream.scheduler().execute(requester::start);
    }
    return requester.result;
  }

  private void start() {
    timer =
        stream
            .scheduler()
            .schedule(
                TIMEOUT,
                () ->
                    fail(
                        new TimeoutException(
                            "no identify from " + stream.remotePeer() + " within " + TIMEOUT)));
    stream.setHandler(this);
  }

  @Override
  public void onData(Stream s, ByteBuf data) {
    if (done) {
      data.release();
      return;
    }
    try {
      reader.add(data);
      ByteBuf msg;
      while (!done && (msg = reader.next()) != null) {
        Identify m;
        try {
          m = IdentifyCodec.decode(ByteBufUtil.getBytes(msg));
        } finally {
          msg.release();
        }
        merged = merged == null ? m : merged.merge(m);
        if (++messages == MAX_MESSAGES) {
          finish();
        }
      }
    } catch (BadPeerException e) {
      fail(e);
    }
  }

  @Override
  public void onRemoteClosed(Stream s) {
    if (done) {
      return;
    }
    if (reader.bufferedBytes() > 0) {
      fail(new BadPeerException("identify stream closed inside a message"));
    } else if (merged == null) {
      fail(new BadPeerException("identify stream closed without a message"));
    } else {
      finish();
    }
  }

  @Override
  public void onReset(Stream s) {
    fail(new P2PException("identify stream reset"));
  }

  private void finish() {
    IdentifyResult verified;
    try {
      verified = IdentifyResult.verify(stream.remotePeer(), merged);
    } catch (BadPeerException e) {
      fail(e);
      return;
    }
    end();
    stream.closeWrite();
    result.complete(verified);
  }

  private void fail(Throwable cause) {
    if (done) {
      return;
    }
    end();
    stream.reset();
    result.completeExceptionally(cause);
  }

  private void end() {
    done = true;
    reader.close();
    if (timer != null) {
      timer.cancel();
    }
  }
}
