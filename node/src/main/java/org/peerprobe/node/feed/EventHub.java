package org.peerprobe.node.feed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The {@code /v1/events} streams: every {@link FeedEvent} goes to every open stream as one
 * Server-Sent Event, and a comment line keeps idle streams open. A client whose unread backlog
 * passes {@link FeedLimits#MAX_SSE_BACKLOG_BYTES} is dropped (its channel stops being writable at
 * that mark) rather than buffered without bound.
 *
 * <p>Thread-safe: events arrive on the node's thread and channels are added from Netty's; the
 * channel group is concurrent and writes are queued to each channel's own event loop.
 */
public final class EventHub implements Consumer<FeedEvent> {
  private final ChannelGroup streams;
  private final AtomicLong nextId = new AtomicLong(1);
  private final ScheduledFuture<?> keepAlive;

  public EventHub(EventExecutor executor) {
    this.streams = new DefaultChannelGroup("feed-events", executor);
    long every = FeedLimits.SSE_KEEP_ALIVE.toMillis();
    this.keepAlive =
        executor.scheduleAtFixedRate(
            () -> send(": keep-alive\n\n"), every, every, TimeUnit.MILLISECONDS);
  }

  /** Adds a stream whose response head is written; false when the limit of streams is reached. */
  boolean add(Channel channel) {
    if (streams.size() >= FeedLimits.MAX_SSE_CLIENTS) {
      return false;
    }
    streams.add(channel);
    return true;
  }

  /** Open streams (tests await their closing). */
  int size() {
    return streams.size();
  }

  @Override
  public void accept(FeedEvent e) {
    if (streams.isEmpty()) {
      return; // nobody listens: no JSON to build
    }
    ObjectNode data;
    String type;
    if (e instanceof FeedEvent.VerdictReached v) {
      type = "verdict";
      data = Views.verdictEvent(v);
    } else if (e instanceof FeedEvent.ReceiptIssued r) {
      type = "receipt";
      data = Views.receipt(r.receipt());
    } else {
      type = "decision";
      data = Views.decision(((FeedEvent.DecisionMade) e).decision());
    }
    String json = new String(FeedResponse.bytes(data), StandardCharsets.UTF_8);
    send("id: " + nextId.getAndIncrement() + "\nevent: " + type + "\ndata: " + json + "\n\n");
  }

  private void send(String frame) {
    byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
    for (Channel ch : streams) {
      if (!ch.isWritable()) {
        ch.close(); // the client stopped reading: drop it rather than buffer for it
        continue;
      }
      ch.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)))
          .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }
  }

  public void close() {
    keepAlive.cancel(false);
    streams.close();
  }
}
