package org.peerprobe.multiformats;

import java.io.ByteArrayOutputStream;

/**
 * Unsigned LEB128 varints as multiformats and protobuf use them: 7 bits per byte, least significant
 * group first, minimal encoding.
 */
public final class UnsignedVarint {
  /** Most bytes of a varint that fits in 63 bits (multiformats caps varints at 9 bytes). */
  public static final int MAX_BYTES = 9;

  private UnsignedVarint() {}

  public static byte[] encode(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("unsigned varints are non-negative: " + value);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(MAX_BYTES);
    while (value >= 0x80) {
      out.write((int) (value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
    return out.toByteArray();
  }

  public static int encodedLength(long value) {
    int n = 1;
    while (value >= 0x80) {
      value >>>= 7;
      n++;
    }
    return n;
  }

  /**
   * Decodes the varint at {@code offset}: returns {@code value} and sets {@code consumed[0]} to its
   * length. Rejects truncated, over-long and non-minimal encodings.
   */
  public static long decode(byte[] bytes, int offset, int[] consumed) {
    long value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      if (offset + i >= bytes.length) {
        throw new IllegalArgumentException("truncated varint");
      }
      int b = bytes[offset + i] & 0xff;
      value |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new IllegalArgumentException("non-minimal varint");
        }
        consumed[0] = i + 1;
        return value;
      }
    }
    throw new IllegalArgumentException("varint longer than " + MAX_BYTES + " bytes");
  }
}
