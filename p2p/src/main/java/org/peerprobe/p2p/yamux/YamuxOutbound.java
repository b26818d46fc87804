package org.peerprobe.p2p.yamux;

import io.netty.channel.ChannelHandlerContext;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The write path of one session: frames are written to the channel as they are made and flushed
 * once per read batch (at {@code channelReadComplete}) or at the end of an API call. Queued stream
 * data is sent round-robin, one frame per stream per pass, while the channel is writable; when it
 * is not, sending resumes on {@code channelWritabilityChanged}. Event-loop confined.
 */
final class YamuxOutbound {
  private final ChannelHandlerContext ctx;
  private final Set<YamuxStream> writers = new LinkedHashSet<>();
  private boolean reading;
  private boolean needsFlush;
  private boolean draining;
  private boolean drainAgain;
  private boolean closed;

  YamuxOutbound(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /** Writes a frame (taking ownership); dropped once closed. */
  void send(YamuxFrame frame) {
    if (closed) {
      frame.release();
      return;
    }
    ctx.write(frame, ctx.voidPromise());
    needsFlush = true;
  }

  /** Flushes unless a read batch is in progress (its end flushes). */
  void flushIfIdle() {
    if (!reading) {
      flush();
    }
  }

  void flush() {
    if (needsFlush) {
      needsFlush = false;
      ctx.flush();
    }
  }

  void readStarted() {
    reading = true;
  }

  void readComplete() {
    reading = false;
    flush();
  }

  /** {@code stream} has data or a FIN to send: send what the windows allow, then flush. */
  void requestDrain(YamuxStream stream) {
    writers.add(stream);
    drain();
    flushIfIdle();
  }

  void remove(YamuxStream stream) {
    writers.remove(stream);
  }

  /** Stops sending for good (the session ended). */
  void close() {
    closed = true;
    writers.clear();
  }

  /** Sends queued data while there is some, its windows allow, and the channel is writable. */
  void drain() {
    if (draining) {
      drainAgain = true; // a future completed inside sendNext() wrote again
      return;
    }
    draining = true;
    try {
      do {
        drainAgain = false;
        boolean progress = true;
        while (progress && !writers.isEmpty() && !closed) {
          progress = false;
          for (YamuxStream stream : writers.toArray(new YamuxStream[0])) {
            if (!ctx.channel().isWritable()) {
              flush();
              if (!ctx.channel().isWritable()) {
                return; // channelWritabilityChanged resumes
              }
            }
            progress |= stream.sendNext();
            if (!stream.wantsToSend()) {
              writers.remove(stream);
            }
          }
        }
      } while (drainAgain && !closed);
    } finally {
      draining = false;
    }
  }
}
