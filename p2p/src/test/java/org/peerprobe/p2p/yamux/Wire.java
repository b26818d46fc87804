package org.peerprobe.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/** Test helpers that put raw frames on, and read them off, an {@link EmbeddedChannel}. */
final class Wire {
  /** A decoded frame with its payload copied out (so nothing needs releasing). */
  record Sent(YamuxFrame.Type type, int flags, long streamId, long length, byte[] payload) {
    boolean has(int flag) {
      return (flags & flag) != 0;
    }
  }

  private Wire() {}

  /** Encodes frames into one buffer and delivers it as one read; releases the frames. */
  static void inject(EmbeddedChannel ch, YamuxFrame... frames) {
    ByteBuf buf = ch.alloc().buffer();
    for (YamuxFrame f : frames) {
      YamuxFrameCodec.writeFrame(f, buf);
      f.release();
    }
    ch.writeInbound(buf);
  }

  static YamuxFrame data(ByteBufAllocator alloc, int flags, long id, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) i;
    }
    return YamuxFrame.data(flags, id, alloc.buffer(length).writeBytes(bytes));
  }

  /** Takes and decodes everything the channel has written so far. */
  static List<Sent> drain(EmbeddedChannel ch) {
    ByteBuf all = ch.alloc().buffer();
    for (Object m; (m = ch.readOutbound()) != null; ) {
      ByteBuf b = (ByteBuf) m;
      all.writeBytes(b);
      b.release();
    }
    return decode(all);
  }

  /** Decodes what the channel has written so far, leaving it queued. */
  static List<Sent> peek(EmbeddedChannel ch) {
    ByteBuf all = ch.alloc().buffer();
    for (Object m : ch.outboundMessages()) {
      ByteBuf b = (ByteBuf) m;
      all.writeBytes(b, b.readerIndex(), b.readableBytes());
    }
    return decode(all);
  }

  private static List<Sent> decode(ByteBuf all) {
    List<Sent> out = new ArrayList<>();
    try {
      for (YamuxFrame f; (f = YamuxFrameCodec.readFrame(all, Integer.MAX_VALUE - 12)) != null; ) {
        byte[] payload = new byte[0];
        if (f.data() != null) {
          payload = new byte[f.data().readableBytes()];
          f.data().readBytes(payload);
        }
        out.add(new Sent(f.type(), f.flags(), f.streamId(), f.length(), payload));
        f.release();
      }
      if (all.isReadable()) {
        throw new AssertionError(all.readableBytes() + " bytes of a partial frame on the wire");
      }
    } finally {
      all.release();
    }
    return out;
  }
}
