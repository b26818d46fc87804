package org.peerprobe.p2p.reqresp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.InternalErrorException;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.core.Scheduler;
import org.peerprobe.p2p.host.TokenBucket;
import org.peerprobe.p2p.stream.LengthPrefix;
import org.peerprobe.p2p.stream.LengthPrefixedReader;
import org.peerprobe.p2p.stream.ProtocolHandler;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.stream.StreamHandler;

/**
 * The answering side: reads one request per stream (at most {@link ReqRespLimits#maxRequestBytes}),
 * hands it to the {@link Service}, writes the answer's frames and half-closes. A request over the
 * peer's rate, or one that does not arrive within the timeout, resets the stream; a malformed or
 * oversized request, more bytes after it, or a {@link BadPeerException} from the service also
 * reports the peer to {@code onBadPeer} (which disconnects it).
 */
public final class Responder implements ProtocolHandler {
  /** Peers whose rate is tracked; beyond this the table starts afresh (bounds its memory). */
  public static final int MAX_TRACKED_PEERS = 1024;

  /** Answers one request; runs on a stream's event loop and must not block. */
  @FunctionalInterface
  public interface Service {
    /**
     * The frames that answer {@code request} from {@code peer}, each at most {@link
     * ReqRespLimits#maxResponseFrameBytes}, at most {@link ReqRespLimits#maxResponseFrames} of
     * them. Throws (or fails the future with) {@link BadPeerException} for a request that is the
     * peer's fault.
     */
    CompletableFuture<List<byte[]>> answer(PeerId peer, byte[] request);
  }

  private final ReqRespLimits limits;
  private final Service service;
  private final BiConsumer<PeerId, String> onBadPeer;
  private final Map<PeerId, TokenBucket> buckets = new ConcurrentHashMap<>();

  public Responder(ReqRespLimits limits, Service service, BiConsumer<PeerId, String> onBadPeer) {
    this.limits = limits;
    this.service = service;
    this.onBadPeer = onBadPeer;
  }

  @Override
  public void onStream(Stream stream) {
    if (!admit(stream.remotePeer(), stream.scheduler().nowMillis())) {
      stream.setHandler((s, data) -> data.release());
      stream.reset();
      return;
    }
    Exchange e = new Exchange(stream);
    stream.setHandler(e);
    e.timer = stream.scheduler().schedule(limits.timeout(), e::timedOut);
  }

  private boolean admit(PeerId peer, long nowMillis) {
    if (buckets.size() >= MAX_TRACKED_PEERS && !buckets.containsKey(peer)) {
      buckets.clear();
    }
    TokenBucket b =
        buckets.computeIfAbsent(
            peer,
            p -> new TokenBucket(limits.requestBurst(), limits.requestsPerSecond(), nowMillis));
    synchronized (b) {
      return b.tryTake(1, nowMillis);
    }
  }

  /** One request on one stream. Event-loop confined. */
  private final class Exchange implements StreamHandler {
    private final Stream stream;
    private final LengthPrefixedReader reader;
    private Scheduler.Cancellable timer;
    private boolean asked;
    private boolean done;

    Exchange(Stream stream) {
      this.stream = stream;
      this.reader =
          new LengthPrefixedReader(stream.alloc(), limits.maxRequestBytes(), "request bytes");
    }

    @Override
    public void onData(Stream s, ByteBuf data) {
      if (asked && !stream.isClosed()) {
        data.release();
        bad(new BadPeerException("bytes after the request"));
        return;
      }
      if (done) {
        data.release();
        return;
      }
      try {
        reader.add(data);
        ByteBuf msg = reader.next();
        if (msg == null) {
          return;
        }
        byte[] request;
        try {
          request = ByteBufUtil.getBytes(msg);
        } finally {
          msg.release();
        }
        asked = true;
        if (reader.bufferedBytes() > 0) {
          throw new BadPeerException("bytes after the request");
        }
        reader.close();
        service.answer(stream.remotePeer(), request).whenComplete(this::answered);
      } catch (BadPeerException e) {
        bad(e);
      }
    }

    private void answered(List<byte[]> frames, Throwable err) {
      if (!stream.scheduler().inThread()) {
        stream.scheduler().execute(() -> answered(frames, err));
        return;
      }
      if (done) {
        return;
      }
      Throwable cause =
          err instanceof java.util.concurrent.CompletionException && err.getCause() != null
              ? err.getCause()
              : err;
      if (cause instanceof BadPeerException b) {
        bad(b);
        return;
      }
      if (cause != null) {
        end();
        stream.reset();
        return;
      }
      if (frames.size() > limits.maxResponseFrames()) {
        end();
        stream.reset();
        throw new InternalErrorException(
            "our answer has " + frames.size() + " frames, limit " + limits.maxResponseFrames());
      }
      for (byte[] f : frames) {
        if (f.length > limits.maxResponseFrameBytes()) {
          end();
          stream.reset();
          throw new InternalErrorException(
              "our answer frame has "
                  + f.length
                  + " bytes, limit "
                  + limits.maxResponseFrameBytes());
        }
      }
      end();
      for (byte[] f : frames) {
        stream.write(LengthPrefix.frame(stream.alloc(), f));
      }
      stream.closeWrite();
    }

    @Override
    public void onRemoteClosed(Stream s) {
      if (!done && !asked) {
        bad(new BadPeerException("request stream closed before a whole request"));
      }
    }

    @Override
    public void onReset(Stream s) {
      end();
    }

    void timedOut() {
      if (!done && !asked) {
        end();
        stream.reset();
      }
    }

    private void bad(BadPeerException e) {
      if (stream.isClosed()) {
        return;
      }
      end();
      stream.reset();
      onBadPeer.accept(stream.remotePeer(), e.getMessage());
    }

    private void end() {
      done = true;
      reader.close();
      if (timer != null) {
        timer.cancel();
      }
    }
  }
}
