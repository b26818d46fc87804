package org.peerprobe.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageCodec;
import java.util.List;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.LimitExceededException;

/**
 * Converts between plaintext bytes and {@link YamuxFrame}s: a 12-byte big-endian header (version,
 * type, flags, stream id, length) followed, for Data frames, by {@code length} bytes.
 *
 * <p>Limits, checked on the header before any payload is buffered or allocated: a Data frame's
 * length may not exceed {@code maxDataLength} (the largest receive window a session may grant,
 * {@link YamuxConfig#maxWindow()}; js-libp2p sends Data frames as large as the whole window, so
 * this is not a fixed 64 KiB). Rejected with {@link BadPeerException}: version other than 0, an
 * unknown type, stream id 0 on Data/WindowUpdate, a non-zero stream id on Ping/GoAway. After the
 * first bad header the decoder discards all further input (the session closes the connection).
 *
 * <p>Encoding writes the header into a new buffer and sends a Data frame's payload after it without
 * copying; the frame's ownership passes to the channel.
 */
public final class YamuxFrameCodec extends ByteToMessageCodec<YamuxFrame> {
  /** The default cap on an inbound Data frame's payload: {@link YamuxConfig#DEFAULT_MAX_WINDOW}. */
  public static final int DEFAULT_MAX_DATA_LENGTH = YamuxConfig.DEFAULT_MAX_WINDOW;

  /** The largest payload one buffer can hold; a bound on {@code maxDataLength}. */
  public static final int MAX_SUPPORTED_DATA_LENGTH = Integer.MAX_VALUE - YamuxFrame.HEADER_LENGTH;

  private final long maxDataLength;
  private boolean failed;

  public YamuxFrameCodec(long maxDataLength) {
    super(YamuxFrame.class);
    if (maxDataLength < 0 || maxDataLength > MAX_SUPPORTED_DATA_LENGTH) {
      throw new IllegalArgumentException("maxDataLength out of range: " + maxDataLength);
    }
    this.maxDataLength = maxDataLength;
  }

  public YamuxFrameCodec() {
    this(DEFAULT_MAX_DATA_LENGTH);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    if (msg instanceof YamuxFrame frame && frame.type() == YamuxFrame.Type.DATA) {
      ByteBuf header = ctx.alloc().ioBuffer(YamuxFrame.HEADER_LENGTH);
      writeHeader(frame, header);
      // The composite owns both components; the payload is not copied.
      ctx.write(Unpooled.wrappedBuffer(header, frame.data()), promise);
    } else {
      super.write(ctx, msg, promise);
    }
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, YamuxFrame frame, ByteBuf out) {
    writeFrame(frame, out);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      YamuxFrame frame = readFrame(in, maxDataLength);
      if (frame != null) {
        out.add(frame);
      }
    } catch (BadPeerException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }

  /** Writes the 12-byte header of {@code frame}. */
  public static void writeHeader(YamuxFrame frame, ByteBuf out) {
    out.writeByte(frame.version());
    out.writeByte(frame.type().code());
    out.writeShort(frame.flags());
    out.writeInt((int) frame.streamId());
    out.writeInt((int) frame.length());
  }

  /** Writes the header and (copied) payload of {@code frame}; does not release it. */
  public static void writeFrame(YamuxFrame frame, ByteBuf out) {
    writeHeader(frame, out);
    if (frame.data() != null) {
      out.writeBytes(frame.data(), frame.data().readerIndex(), frame.data().readableBytes());
    }
  }

  /**
   * Reads one frame from {@code in}, or returns null without consuming anything when {@code in}
   * does not yet hold a whole frame. A Data frame's payload is a retained slice of {@code in}.
   *
   * @throws BadPeerException on an invalid header (nothing is consumed)
   * @throws LimitExceededException when a Data length exceeds {@code maxDataLength}, detected on
   *     the header alone
   */
  public static YamuxFrame readFrame(ByteBuf in, long maxDataLength) {
    if (in.readableBytes() < YamuxFrame.HEADER_LENGTH) {
      return null;
    }
    int at = in.readerIndex();
    int version = in.getUnsignedByte(at);
    if (version != YamuxFrame.VERSION) {
      throw new BadPeerException("yamux frame with unsupported version " + version);
    }
    int typeCode = in.getUnsignedByte(at + 1);
    YamuxFrame.Type type = YamuxFrame.Type.ofCode(typeCode);
    if (type == null) {
      throw new BadPeerException("yamux frame with unknown type " + typeCode);
    }
    int flags = in.getUnsignedShort(at + 2);
    long streamId = in.getUnsignedInt(at + 4);
    long length = in.getUnsignedInt(at + 8);
    if (type.isStreamType() == (streamId == 0)) {
      throw new BadPeerException("yamux " + type + " frame with stream id " + streamId);
    }
    if (type != YamuxFrame.Type.DATA) {
      in.skipBytes(YamuxFrame.HEADER_LENGTH);
      return new YamuxFrame(YamuxFrame.VERSION, type, flags, streamId, length, null);
    }
    long cap = Math.min(maxDataLength, MAX_SUPPORTED_DATA_LENGTH);
    if (length > cap) {
      throw new LimitExceededException("yamux Data frame length", cap, length);
    }
    if (in.readableBytes() - YamuxFrame.HEADER_LENGTH < length) {
      return null;
    }
    in.skipBytes(YamuxFrame.HEADER_LENGTH);
    ByteBuf data = in.readRetainedSlice((int) length);
    return new YamuxFrame(YamuxFrame.VERSION, type, flags, streamId, length, data);
  }
}
