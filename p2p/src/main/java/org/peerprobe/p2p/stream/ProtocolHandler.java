package org.peerprobe.p2p.stream;

/**
 * Serves one protocol id (e.g. {@code /ipfs/ping/1.0.0}): called on the connection's event loop
 * with every stream negotiated to it, in either direction.
 */
@FunctionalInterface
public interface ProtocolHandler {
  /** A stream was negotiated to this protocol; install a {@link StreamHandler} on it. */
  void onStream(Stream stream);
}
