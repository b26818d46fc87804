package org.peerprobe.p2p.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.LimitExceededException;

/**
 * Reassembles uvarint-length-prefixed messages ({@link LengthPrefix}) from the chunks a {@link
 * StreamHandler#onData} receives: a chunk may hold part of a message, several messages, or both.
 *
 * <p>Typical use inside a stream handler:
 *
 * <pre>{@code
 * reader.add(data);                       // takes ownership
 * for (ByteBuf msg; (msg = reader.next()) != null; ) {
 *   try { handle(msg); } finally { msg.release(); }
 * }
 * }</pre>
 *
 * <p>Limits: a message body may have at most the {@code maxMessageBytes} given to the constructor;
 * a longer one fails with {@link LimitExceededException} as soon as its prefix is read, before any
 * of it is buffered beyond the chunk that carried it. When {@link #next()} is called after every
 * {@link #add}, the reader holds at most one incomplete message plus the unread rest of the last
 * chunk.
 *
 * <p>Threading: not thread-safe; use it from the stream's event loop only. Ownership: {@link #add}
 * takes ownership of the chunk; {@link #next()} returns a buffer the caller must release; {@link
 * #close()} releases whatever is still buffered.
 */
public final class LengthPrefixedReader implements AutoCloseable {
  private final int maxMessageBytes;
  private final String limitName;
  private CompositeByteBuf cumulation;

  /**
   * @param maxMessageBytes largest body accepted (the prefix not counted)
   * @param limitName names the limit in {@link LimitExceededException}, e.g. {@code "gossipsub RPC
   *     bytes"}
   */
  public LengthPrefixedReader(ByteBufAllocator alloc, int maxMessageBytes, String limitName) {
    if (maxMessageBytes < 0) {
      throw new IllegalArgumentException("maxMessageBytes must be >= 0");
    }
    this.maxMessageBytes = maxMessageBytes;
    this.limitName = limitName;
    this.cumulation = alloc.compositeBuffer();
  }

  /**
   * Appends a chunk; takes ownership of it.
   *
   * @throws IllegalStateException after {@link #close()} (the chunk is released anyway)
   */
  public void add(ByteBuf data) {
    if (cumulation == null) {
      data.release();
      throw new IllegalStateException("reader closed");
    }
    if (data.isReadable()) {
      cumulation.addComponent(true, data);
    } else {
      data.release();
    }
  }

  /**
   * The next complete message body, owned by the caller, or {@code null} when more bytes are
   * needed.
   *
   * @throws LimitExceededException when the next message is longer than the limit
   * @throws BadPeerException when its prefix is malformed
   */
  public ByteBuf next() {
    if (cumulation == null) {
      return null;
    }
    int len = LengthPrefix.peekBodyLength(cumulation, maxMessageBytes, limitName);
    if (len == LengthPrefix.INCOMPLETE) {
      return null;
    }
    int prefix = LengthPrefix.prefixBytes(len);
    if (cumulation.readableBytes() < prefix + len) {
      return null;
    }
    cumulation.skipBytes(prefix);
    ByteBuf body = cumulation.alloc().buffer(len);
    cumulation.readBytes(body, len);
    cumulation.discardReadComponents();
    return body;
  }

  /** Bytes received but not yet returned by {@link #next()}. */
  public int bufferedBytes() {
    return cumulation == null ? 0 : cumulation.readableBytes();
  }

  /** Releases buffered bytes; later {@link #next()} calls return {@code null}. Idempotent. */
  @Override
  public void close() {
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
  }
}
