package org.peerprobe.node.probe;

import io.netty.buffer.ByteBuf;

/**
 * Looks for a byte string in a body fed in chunks, without keeping the body: a Knuth–Morris–Pratt
 * matcher whose only state is how much of the needle the last bytes matched. Stops at {@code limit}
 * bytes. Memory: the needle and its failure table. Not thread-safe (one event loop).
 */
final class BodyMatcher {
  /** What the body fed so far shows. */
  enum Result {
    /** The needle was found. */
    FOUND,
    /** Not yet found; more body may follow. */
    MORE,
    /** Not found within the first {@code limit} bytes; further bytes are not looked at. */
    LIMIT
  }

  private final byte[] needle;
  private final int[] fallback;
  private final long limit;
  private int matched;
  private long seen;

  BodyMatcher(byte[] needle, long limit) {
    if (needle.length == 0) {
      throw new IllegalArgumentException("empty needle");
    }
    this.needle = needle.clone();
    this.limit = limit;
    this.fallback = new int[needle.length];
    for (int i = 1, k = 0; i < needle.length; i++) {
      while (k > 0 && needle[i] != needle[k]) {
        k = fallback[k - 1];
      }
      if (needle[i] == needle[k]) {
        k++;
      }
      fallback[i] = k;
    }
  }

  /** Feeds the readable bytes of {@code chunk} (its indices are not changed). */
  Result feed(ByteBuf chunk) {
    int end = chunk.writerIndex();
    for (int i = chunk.readerIndex(); i < end; i++) {
      if (seen >= limit) {
        return Result.LIMIT;
      }
      seen++;
      byte b = chunk.getByte(i);
      while (matched > 0 && b != needle[matched]) {
        matched = fallback[matched - 1];
      }
      if (b == needle[matched]) {
        matched++;
        if (matched == needle.length) {
          return Result.FOUND;
        }
      }
    }
    return seen >= limit ? Result.LIMIT : Result.MORE;
  }

  long bytesSeen() {
    return seen;
  }
}
