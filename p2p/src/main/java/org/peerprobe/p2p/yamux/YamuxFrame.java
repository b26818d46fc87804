package org.peerprobe.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.Objects;

/**
 * One yamux frame: a 12-byte header and, for {@link Type#DATA}, its payload.
 *
 * <p>{@code streamId} and {@code length} are unsigned 32-bit values held in a {@code long}. The
 * meaning of {@code length} depends on the type: payload size (Data), window delta (WindowUpdate),
 * opaque value (Ping) or error code (GoAway). Only Data frames carry {@code data}, whose readable
 * bytes equal {@code length}; the frame owns it, and its {@link ReferenceCounted} methods act on it
 * (they are no-ops for the other types).
 *
 * <p>The compact constructor checks the invariants of locally built frames and throws {@link
 * IllegalArgumentException}; {@link YamuxFrameCodec} checks remote input first and throws {@link
 * org.peerprobe.p2p.core.BadPeerException}.
 */
public record YamuxFrame(
    int version, Type type, int flags, long streamId, long length, ByteBuf data)
    implements ReferenceCounted {
  /** The only protocol version (header byte 0). */
  public static final int VERSION = 0;

  public static final int HEADER_LENGTH = 12;
  public static final long MAX_U32 = 0xFFFF_FFFFL;

  public static final int SYN = 0x1;
  public static final int ACK = 0x2;
  public static final int FIN = 0x4;
  public static final int RST = 0x8;

  /** GoAway codes (the frame's length field). */
  public static final int GO_AWAY_NORMAL = 0;

  public static final int GO_AWAY_PROTOCOL_ERROR = 1;
  public static final int GO_AWAY_INTERNAL_ERROR = 2;

  /** The frame types and their wire codes. */
  public enum Type {
    DATA,
    WINDOW_UPDATE,
    PING,
    GO_AWAY;

    private static final Type[] BY_CODE = values();

    public int code() {
      return ordinal();
    }

    /** The type of a wire code, or null when the code is unknown. */
    public static Type ofCode(int code) {
      return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** True for the types addressed to a stream; the others use stream id 0. */
    public boolean isStreamType() {
      return this == DATA || this == WINDOW_UPDATE;
    }
  }

  public YamuxFrame {
    Objects.requireNonNull(type, "type");
    if (version != VERSION) {
      throw new IllegalArgumentException("yamux version must be 0, not " + version);
    }
    if ((flags & ~0xFFFF) != 0) {
      throw new IllegalArgumentException("flags are 16 bits: " + flags);
    }
    if (streamId < 0 || streamId > MAX_U32 || length < 0 || length > MAX_U32) {
      throw new IllegalArgumentException("stream id and length are unsigned 32-bit values");
    }
    if (type.isStreamType() == (streamId == 0)) {
      throw new IllegalArgumentException(type + " frame cannot use stream id " + streamId);
    }
    if ((type == Type.DATA) != (data != null)) {
      throw new IllegalArgumentException("only Data frames carry a payload");
    }
    if (data != null && data.readableBytes() != length) {
      throw new IllegalArgumentException(
          "Data length " + length + " != payload " + data.readableBytes());
    }
  }

  /** A Data frame; it takes ownership of {@code data}. */
  public static YamuxFrame data(int flags, long streamId, ByteBuf data) {
    return new YamuxFrame(VERSION, Type.DATA, flags, streamId, data.readableBytes(), data);
  }

  public static YamuxFrame windowUpdate(int flags, long streamId, long delta) {
    return new YamuxFrame(VERSION, Type.WINDOW_UPDATE, flags, streamId, delta, null);
  }

  public static YamuxFrame ping(int flags, long value) {
    return new YamuxFrame(VERSION, Type.PING, flags, 0, value, null);
  }

  public static YamuxFrame goAway(int code) {
    return new YamuxFrame(VERSION, Type.GO_AWAY, 0, 0, code, null);
  }

  public boolean hasFlag(int flag) {
    return (flags & flag) != 0;
  }

  @Override
  public int refCnt() {
    return data == null ? 1 : data.refCnt();
  }

  @Override
  public YamuxFrame retain() {
    if (data != null) {
      data.retain();
    }
    return this;
  }

  @Override
  public YamuxFrame retain(int increment) {
    if (data != null) {
      data.retain(increment);
    }
    return this;
  }

  @Override
  public YamuxFrame touch() {
    if (data != null) {
      data.touch();
    }
    return this;
  }

  @Override
  public YamuxFrame touch(Object hint) {
    if (data != null) {
      data.touch(hint);
    }
    return this;
  }

  @Override
  public boolean release() {
    return data != null && data.release();
  }

  @Override
  public boolean release(int decrement) {
    return data != null && data.release(decrement);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(type.name()).append('[');
    if (hasFlag(SYN)) {
      sb.append("SYN ");
    }
    if (hasFlag(ACK)) {
      sb.append("ACK ");
    }
    if (hasFlag(FIN)) {
      sb.append("FIN ");
    }
    if (hasFlag(RST)) {
      sb.append("RST ");
    }
    return sb.append("stream=")
        .append(streamId)
        .append(" length=")
        .append(length)
        .append(']')
        .toString();
  }
}
