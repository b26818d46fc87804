package org.peerprobe.p2p.yamux;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.peerprobe.p2p.stream.Stream;

/** One session on an {@link EmbeddedChannel}, driven with raw frames (frozen virtual time). */
final class Single {
  final TrackingAllocator alloc = new TrackingAllocator();
  final EmbeddedChannel ch = new EmbeddedChannel();
  final YamuxSession session;
  final List<Stream> accepted = new ArrayList<>();
  final List<RecordingHandler> handlers = new ArrayList<>();

  /**
   * @param inbound what to do with each inbound stream; null installs a {@link RecordingHandler}
   *     (collected in {@link #handlers})
   */
  Single(boolean initiator, YamuxConfig config, Consumer<Stream> inbound) {
    ch.config().setAllocator(alloc);
    ch.freezeTime();
    session =
        new YamuxSession(
            initiator,
            Peers.DIALER_ID,
            config,
            s -> {
              accepted.add(s);
              if (inbound != null) {
                inbound.accept(s);
              } else {
                RecordingHandler h = new RecordingHandler();
                handlers.add(h);
                s.setHandler(h);
              }
            });
    ch.pipeline().addLast("yamux", session);
  }

  Single(YamuxConfig config) {
    this(false, config, null);
  }

  /** A listener (the peer opens odd ids) with the default config. */
  Single() {
    this(YamuxConfig.DEFAULT);
  }

  void inject(YamuxFrame... frames) {
    Wire.inject(ch, frames);
  }

  YamuxFrame data(int flags, long id, int length) {
    return Wire.data(alloc, flags, id, length);
  }

  List<Wire.Sent> sent() {
    return Wire.drain(ch);
  }
}
