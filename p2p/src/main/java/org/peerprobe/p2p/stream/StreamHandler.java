package org.peerprobe.p2p.stream;

import io.netty.buffer.ByteBuf;

/** Receives one stream's events, on the stream's event loop. */
public interface StreamHandler {
  /** Bytes arrived; the handler owns {@code data} and must release it. */
  void onData(Stream stream, ByteBuf data);

  /** The remote half-closed its side: no more data will arrive. */
  default void onRemoteClosed(Stream stream) {}

  /** The stream was reset by either side or its connection closed. */
  default void onReset(Stream stream) {}
}
