package org.peerprobe.p2p.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.LimitExceededException;

/**
 * Unsigned-varint length prefixes as libp2p frames messages with them (multistream-select,
 * identify, gossipsub RPCs): {@code uvarint(len) ‖ body}. Stateless and thread-safe.
 *
 * <p>Reading never allocates: {@link #peekBodyLength} inspects the prefix in place and rejects a
 * length above the caller's limit as soon as the prefix proves it, before the body arrives. Only
 * minimal varints of at most {@link #MAX_PREFIX_BYTES} bytes are accepted (every libp2p encoder
 * writes minimal ones).
 */
public final class LengthPrefix {
  /** Longest prefix accepted: 5 bytes hold any non-negative {@code int}. */
  public static final int MAX_PREFIX_BYTES = 5;

  /** Returned by {@link #peekBodyLength} when the prefix is still incomplete. */
  public static final int INCOMPLETE = -1;

  private LengthPrefix() {}

  /**
   * The body length announced by the prefix at {@code in.readerIndex()}, or {@link #INCOMPLETE}
   * when more bytes are needed. Does not move the reader index; the prefix occupies {@link
   * #prefixBytes(int)} bytes.
   *
   * @param limitName names the limit in the exception, e.g. {@code "identify message bytes"}
   * @throws LimitExceededException when the length exceeds {@code maxBodyBytes}; detected from a
   *     partial prefix already when its continuation bit proves the value is too large
   * @throws BadPeerException when the prefix is not a minimal varint
   */
  public static int peekBodyLength(ByteBuf in, int maxBodyBytes, String limitName) {
    int start = in.readerIndex();
    int available = in.readableBytes();
    long value = 0;
    for (int i = 0; i < MAX_PREFIX_BYTES; i++) {
      if (i >= available) {
        return INCOMPLETE;
      }
      int b = in.getByte(start + i) & 0xff;
      value |= (long) (b & 0x7f) << (7 * i);
      if (value > maxBodyBytes) {
        throw new LimitExceededException(limitName, maxBodyBytes, value);
      }
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new BadPeerException("non-minimal varint length prefix");
        }
        return (int) value;
      }
      // A minimal varint with another byte to come is at least 2^(7(i+1)).
      long lowerBound = 1L << (7 * (i + 1));
      if (lowerBound > maxBodyBytes) {
        throw new LimitExceededException(limitName, maxBodyBytes, lowerBound);
      }
    }
    throw new BadPeerException("varint length prefix longer than " + MAX_PREFIX_BYTES + " bytes");
  }

  /** Bytes taken by the minimal prefix of {@code bodyLength}. */
  public static int prefixBytes(int bodyLength) {
    checkLength(bodyLength);
    int n = 1;
    for (int v = bodyLength; v >= 0x80; v >>>= 7) {
      n++;
    }
    return n;
  }

  /** Writes the minimal prefix of {@code bodyLength} to {@code out}. */
  public static void writePrefix(ByteBuf out, int bodyLength) {
    checkLength(bodyLength);
    int v = bodyLength;
    while (v >= 0x80) {
      out.writeByte((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.writeByte(v);
  }

  /** A new buffer (owned by the caller) holding {@code prefix ‖ body}. */
  public static ByteBuf frame(ByteBufAllocator alloc, byte[] body) {
    ByteBuf out = alloc.buffer(prefixBytes(body.length) + body.length);
    writePrefix(out, body.length);
    return out.writeBytes(body);
  }

  /**
   * A buffer (owned by the caller) holding {@code prefix ‖ body}; takes ownership of {@code body}
   * and does not copy it.
   */
  public static ByteBuf frame(ByteBufAllocator alloc, ByteBuf body) {
    int len = body.readableBytes();
    ByteBuf prefix = alloc.buffer(prefixBytes(len));
    writePrefix(prefix, len);
    return alloc.compositeBuffer(2).addComponents(true, prefix, body);
  }

  private static void checkLength(int bodyLength) {
    if (bodyLength < 0) {
      throw new IllegalArgumentException("negative length " + bodyLength);
    }
  }
}
