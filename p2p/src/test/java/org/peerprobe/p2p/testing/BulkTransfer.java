package org.peerprobe.p2p.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.host.Host;
import org.peerprobe.p2p.stream.Stream;
import org.peerprobe.p2p.stream.StreamHandler;

/**
 * The Java side of {@value #PROTOCOL}, a bulk-transfer protocol for throughput measurements that
 * {@code p2p/src/test/js/peer.mjs} speaks too (its {@code sendBytes} command and its handler): the
 * opener writes N bytes and half-closes; the other side counts what arrives, answers the count as a
 * u64 big-endian after the opener's FIN, and half-closes too. The opener's clock runs from the
 * negotiated stream to the answer, so the time covers every byte's delivery, not just its queueing.
 */
public final class BulkTransfer {
  public static final String PROTOCOL = "/peerprobe/bench/1.0.0";

  /** Bytes per write by default, as js-libp2p's yamux frames a 64 KiB write. */
  public static final int DEFAULT_CHUNK = 64 * 1024;

  /**
   * Writes handed to the stream and not yet taken by the connection: enough to keep the peer's
   * window busy, and no more (a write's future completes when the connection took its bytes).
   */
  public static final int MAX_IN_FLIGHT = 4;

  private BulkTransfer() {}

  /** One transfer: {@code bytes} confirmed by the receiver in {@code nanos}. */
  public record Result(long bytes, long nanos) {
    public double mibPerSecond() {
      return bytes / (1024.0 * 1024.0) / (nanos / 1e9);
    }
  }

  /** Serves {@value #PROTOCOL} on {@code host}: counts, answers the count, discards the bytes. */
  public static void serve(Host host) {
    host.setProtocolHandler(PROTOCOL, stream -> stream.setHandler(new Sink()));
  }

  /**
   * Opens a {@value #PROTOCOL} stream to a connected {@code peer}, writes {@code bytes} in writes
   * of {@code chunk} bytes (at most {@link #MAX_IN_FLIGHT} queued), and completes once the peer
   * confirmed them all. Fails when the stream is reset or the peer's count differs.
   */
  public static CompletableFuture<Result> send(Host host, PeerId peer, long bytes, int chunk) {
    if (bytes < 0 || chunk < 1) {
      throw new IllegalArgumentException("bytes >= 0 and chunk >= 1 required");
    }
    return host.newStream(peer, List.of(PROTOCOL))
        .thenCompose(
            stream -> {
              CompletableFuture<Result> done = new CompletableFuture<>();
              stream.scheduler().execute(() -> new Source(stream, bytes, chunk, done).start());
              return done;
            });
  }

  /** Receiving end: counts, then answers the count. */
  private static final class Sink implements StreamHandler {
    private long received;

    @Override
    public void onData(Stream stream, ByteBuf data) {
      received += data.readableBytes();
      data.release();
    }

    @Override
    public void onRemoteClosed(Stream stream) {
      stream.write(stream.alloc().buffer(Long.BYTES).writeLong(received));
      stream.closeWrite();
    }
  }

  /** Sending end, confined to the stream's event loop. */
  private static final class Source implements StreamHandler {
    private final Stream stream;
    private final long total;
    private final int chunk;
    private final CompletableFuture<Result> done;
    private final ByteBuf payload;
    private long answer;
    private int answerBytes;
    private long queued;
    private int inFlight;
    private boolean finished;
    private long start;

    Source(Stream stream, long total, int chunk, CompletableFuture<Result> done) {
      this.stream = stream;
      this.total = total;
      this.chunk = chunk;
      this.done = done;
      byte[] bytes = new byte[chunk];
      new Random(chunk).nextBytes(bytes);
      this.payload = Unpooled.wrappedBuffer(bytes);
    }

    void start() {
      stream.setHandler(this);
      start = System.nanoTime();
      pump();
    }

    /** Queues writes up to the in-flight bound; half-closes after the last one was taken. */
    private void pump() {
      while (!finished && inFlight < MAX_IN_FLIGHT && queued < total) {
        int n = (int) Math.min(chunk, total - queued);
        queued += n;
        inFlight++;
        stream
            .write(payload.retainedSlice(0, n))
            .whenComplete(
                (v, err) -> {
                  inFlight--;
                  if (err != null) {
                    fail(err);
                  } else {
                    pump();
                  }
                });
      }
      if (!finished && queued == total && inFlight == 0) {
        finished = true;
        payload.release();
        stream.closeWrite();
      }
    }

    @Override
    public void onData(Stream s, ByteBuf data) {
      while (data.isReadable() && answerBytes < Long.BYTES) {
        answer = (answer << 8) | data.readUnsignedByte();
        answerBytes++;
      }
      data.release();
    }

    @Override
    public void onRemoteClosed(Stream s) {
      long nanos = System.nanoTime() - start;
      if (answerBytes != Long.BYTES) {
        done.completeExceptionally(
            new IllegalStateException("the receiver closed without a complete count"));
      } else if (answer != total) {
        done.completeExceptionally(
            new IllegalStateException(
                "the receiver counted " + answer + " of " + total + " bytes"));
      } else {
        done.complete(new Result(total, nanos));
      }
    }

    @Override
    public void onReset(Stream s) {
      fail(new IllegalStateException("bulk transfer stream reset"));
    }

    private void fail(Throwable err) {
      if (!finished) {
        finished = true;
        payload.release();
      }
      done.completeExceptionally(err);
    }
  }
}
