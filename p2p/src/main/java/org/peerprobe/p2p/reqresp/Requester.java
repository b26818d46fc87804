package org.peerprobe.p2p.reqresp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.LimitExceededException;
import org.peerprobe.p2p.core.P2PException;
import org.peerprobe.p2p.core.Scheduler;
import org.peerprobe.p2p.stream.LengthPrefix;
import org.peerprobe.p2p.stream.LengthPrefixedReader;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.stream.StreamHandler;

/**
 * The asking side of one exchange, on a stream we opened and negotiated to the protocol: writes the
 * request, half-closes, and collects the response frames until the remote half-closes. Holds at
 * most {@link ReqRespLimits#maxResponseFrames} frames of at most {@link
 * ReqRespLimits#maxResponseFrameBytes}; a longer frame fails as soon as its length prefix is read,
 * one frame too many as soon as it starts. Event-loop confined; the future completes there.
 */
public final class Requester implements StreamHandler {
  private final Stream stream;
  private final ReqRespLimits limits;
  private final LengthPrefixedReader reader;
  private final List<byte[]> frames = new ArrayList<>();
  private final CompletableFuture<List<byte[]>> result = new CompletableFuture<>();
  private Scheduler.Cancellable timer;
  private boolean done;

  private Requester(Stream stream, ReqRespLimits limits) {
    this.stream = stream;
    this.limits = limits;
    this.reader =
        new LengthPrefixedReader(
            stream.alloc(), limits.maxResponseFrameBytes(), "response frame bytes");
  }

  /** Sends {@code request} on {@code stream} and collects the answer; see {@link Requester}. */
  public static CompletableFuture<List<byte[]>> request(
      Stream stream, byte[] request, ReqRespLimits limits) {
    Requester r = new Requester(stream, limits);
    if (stream.scheduler().inThread()) {
      r.start(request);
    } else {
      stream.scheduler().execute(() -> r.start(request));
    }
    return r.result;
  }

  private void start(byte[] request) {
    stream.setHandler(this);
    timer =
        stream
            .scheduler()
            .schedule(
                limits.timeout(),
                () ->
                    fail(
                        new TimeoutException(
                            "no answer from "
                                + stream.remotePeer()
                                + " within "
                                + limits.timeout().toMillis()
                                + " ms")));
    stream
        .write(LengthPrefix.frame(stream.alloc(), request))
        .whenComplete(
            (ok, err) -> {
              if (err != null) {
                fail(new P2PException("request not sent", err));
              }
            });
    stream.closeWrite();
  }

  @Override
  public void onData(Stream s, ByteBuf data) {
    if (done) {
      data.release();
      return;
    }
    try {
      reader.add(data);
      while (!done && reader.bufferedBytes() > 0) {
        if (frames.size() == limits.maxResponseFrames()) {
          throw new LimitExceededException(
              "response frames", limits.maxResponseFrames(), frames.size() + 1L);
        }
        ByteBuf frame = reader.next();
        if (frame == null) {
          return;
        }
        try {
          frames.add(ByteBufUtil.getBytes(frame));
        } finally {
          frame.release();
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
      fail(new BadPeerException("response closed inside a frame"));
      return;
    }
    end();
    result.complete(List.copyOf(frames));
  }

  @Override
  public void onReset(Stream s) {
    fail(new P2PException("request stream reset by " + stream.remotePeer()));
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
