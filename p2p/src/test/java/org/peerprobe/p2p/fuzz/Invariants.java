package org.peerprobe.p2p.fuzz;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.function.Supplier;
import org.peerprobe.p2p.core.BadPeerException;

/** The checks every fuzz target applies. */
final class Invariants {
  /**
   * Heap a decoder may allocate per input byte: the objects it builds (a list entry per two-byte
   * field at worst) but never a buffer sized from a length the peer declared.
   */
  static final long HEAP_BYTES_PER_INPUT_BYTE = 128;

  /** Fixed heap allowance per decode, for lazily loaded classes and exception stack traces. */
  static final long HEAP_BYTES_FIXED = 1 << 20;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Invariants() {}

  /**
   * Runs {@code decoder}: its result, or empty when it rejected the input with a {@link
   * BadPeerException} (incl. {@code LimitExceededException}). Any other throwable is a finding.
   */
  static <T> Optional<T> peerFaultOr(Supplier<T> decoder) {
    try {
      return Optional.of(decoder.get());
    } catch (BadPeerException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      throw new AssertionError("decoder threw " + e + " instead of a BadPeerException", e);
    }
  }

  /**
   * {@link #peerFaultOr} that also fails when the decoder allocated more heap than {@code input}
   * justifies ({@link #HEAP_BYTES_PER_INPUT_BYTE} per byte plus {@link #HEAP_BYTES_FIXED}). An
   * excess is measured a second time before it counts, so first-use class loading does not.
   */
  static <T> Optional<T> peerFaultWithinHeap(int inputBytes, Supplier<T> decoder) {
    long allowance = HEAP_BYTES_FIXED + HEAP_BYTES_PER_INPUT_BYTE * inputBytes;
    long before = THREADS.getCurrentThreadAllocatedBytes();
    Optional<T> result = peerFaultOr(decoder);
    long used = THREADS.getCurrentThreadAllocatedBytes() - before;
    if (used > allowance) {
      before = THREADS.getCurrentThreadAllocatedBytes();
      peerFaultOr(decoder);
      used = THREADS.getCurrentThreadAllocatedBytes() - before;
      if (used > allowance) {
        throw new AssertionError(
            "decoding " + inputBytes + " bytes allocated " + used + " heap bytes > " + allowance);
      }
    }
    return result;
  }

  /** Fails unless {@code condition}; the message names the broken invariant. */
  static void check(boolean condition, String invariant) {
    if (!condition) {
      throw new AssertionError(invariant);
    }
  }
}
