package org.peerprobe.p2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.stream.Stream;

/**
 * A dialer and a listener session on two {@link EmbeddedChannel}s wired back to back by {@link
 * #pump()}, in frozen virtual time, with allocation tracking.
 */
final class Peers {
  static final PeerId DIALER_ID = peer(1);
  static final PeerId LISTENER_ID = peer(2);

  final TrackingAllocator alloc = new TrackingAllocator();
  final EmbeddedChannel dialerCh;
  final EmbeddedChannel listenerCh;
  final YamuxSession dialer;
  final YamuxSession listener;
  final List<Stream> acceptedByDialer = new ArrayList<>();
  final List<Stream> acceptedByListener = new ArrayList<>();

  /** Both sides with {@code config}; inbound streams get {@code onListenerInbound}. */
  Peers(YamuxConfig dialerConfig, YamuxConfig listenerConfig, Consumer<Stream> onListenerInbound) {
    dialerCh = channel();
    listenerCh = channel();
    dialer =
        new YamuxSession(
            true,
            LISTENER_ID,
            dialerConfig,
            s -> {
              acceptedByDialer.add(s);
              s.setHandler(new RecordingHandler(true));
            });
    listener =
        new YamuxSession(
            false,
            DIALER_ID,
            listenerConfig,
            s -> {
              acceptedByListener.add(s);
              onListenerInbound.accept(s);
            });
    dialerCh.pipeline().addLast("yamux", dialer);
    listenerCh.pipeline().addLast("yamux", listener);
  }

  /** Default configs; the listener echoes every stream. */
  Peers() {
    this(YamuxConfig.DEFAULT, YamuxConfig.DEFAULT, s -> s.setHandler(new RecordingHandler(true)));
  }

  private EmbeddedChannel channel() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.config().setAllocator(alloc);
    ch.freezeTime();
    return ch;
  }

  static PeerId peer(int seed) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) seed);
    return PeerId.fromEd25519(key);
  }

  ByteBuf bytes(String s) {
    return alloc.buffer().writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Moves bytes both ways until neither side has anything more to say; returns the rounds. */
  int pump() {
    int rounds = 0;
    boolean moved = true;
    while (moved) {
      moved = transfer(dialerCh, listenerCh) | transfer(listenerCh, dialerCh);
      rounds++;
    }
    return rounds;
  }

  private static boolean transfer(EmbeddedChannel from, EmbeddedChannel to) {
    boolean moved = false;
    for (Object m; (m = from.readOutbound()) != null; ) {
      moved = true;
      if (to.isOpen()) {
        to.writeInbound(m);
      } else {
        ReferenceCountUtil.release(m);
      }
    }
    return moved;
  }

  Stream open(YamuxSession session) {
    var f = session.openStream();
    assertThat(f).isCompleted();
    return f.join();
  }

  /** Closes both channels, drops queued bytes and checks every buffer was released. */
  void finishAndCheckReleased() {
    dialerCh.finishAndReleaseAll();
    listenerCh.finishAndReleaseAll();
    assertThat(alloc.unreleased()).as("unreleased buffers").isEmpty();
  }
}
