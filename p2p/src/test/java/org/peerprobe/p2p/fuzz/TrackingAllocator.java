package org.peerprobe.p2p.fuzz;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * An unpooled allocator that remembers every buffer it hands out and the largest capacity anyone
 * asked for (new buffers and growth alike), so a fuzz target can check, deterministically, that all
 * buffers were released and that no buffer was sized from a length the peer merely declared.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {
  private final List<ByteBuf> allocated = new ArrayList<>();
  private long largestRequest;

  TrackingAllocator() {
    super(false);
  }

  @Override
  protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    record(initialCapacity);
    return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
  }

  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    record(initialCapacity);
    return track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity));
  }

  @Override
  public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
    CompositeByteBuf buf = super.compositeHeapBuffer(maxNumComponents);
    allocated.add(buf);
    return buf;
  }

  @Override
  public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
    CompositeByteBuf buf = super.compositeDirectBuffer(maxNumComponents);
    allocated.add(buf);
    return buf;
  }

  /** Every {@code ensureWritable} that grows a buffer asks this first. */
  @Override
  public int calculateNewCapacity(int minNewCapacity, int maxCapacity) {
    record(minNewCapacity);
    return super.calculateNewCapacity(minNewCapacity, maxCapacity);
  }

  @Override
  public boolean isDirectBufferPooled() {
    return false;
  }

  private void record(int capacity) {
    largestRequest = Math.max(largestRequest, capacity);
  }

  private ByteBuf track(ByteBuf buf) {
    allocated.add(buf);
    return toLeakAwareBuffer(buf);
  }

  /** The largest capacity requested so far, for a new buffer or for growing one. */
  long largestRequest() {
    return largestRequest;
  }

  /** Buffers still referenced. */
  List<ByteBuf> unreleased() {
    return allocated.stream().filter(b -> b.refCnt() > 0).toList();
  }
}
