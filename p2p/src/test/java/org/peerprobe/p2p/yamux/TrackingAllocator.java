package org.peerprobe.p2p.yamux;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * A heap allocator that remembers every buffer it made, so a test can assert that all of them were
 * released (deterministic, unlike the GC-driven leak detector, which tests also enable).
 */
final class TrackingAllocator extends AbstractByteBufAllocator {
  private final List<ByteBuf> allocated = new ArrayList<>();
  private long allocatedBytes;

  TrackingAllocator() {
    super(false);
  }

  @Override
  protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    ByteBuf buf = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
    allocated.add(buf);
    allocatedBytes += initialCapacity;
    return toLeakAwareBuffer(buf);
  }

  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    return newHeapBuffer(initialCapacity, maxCapacity);
  }

  @Override
  public boolean isDirectBufferPooled() {
    return false;
  }

  /** Sum of the initial capacities of every buffer allocated so far. */
  long allocatedBytes() {
    return allocatedBytes;
  }

  List<ByteBuf> unreleased() {
    return allocated.stream().filter(b -> b.refCnt() > 0).toList();
  }
}
