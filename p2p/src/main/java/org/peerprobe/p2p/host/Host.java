package org.peerprobe.p2p.host;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.stream.ProtocolHandler;
import org.peerprobe.p2p.stream.Stream;

/**
 * A libp2p host: listens, dials, opens streams by protocol id, and reports connection events.
 * Thread-safe: every method may be called from any thread; callbacks run on event loops.
 */
public interface Host extends AutoCloseable {
  PeerId peerId();

  /**
   * Starts listening on {@code addr} (e.g. {@code /ip4/127.0.0.1/tcp/0}); completes with the bound
   * address.
   */
  CompletableFuture<Multiaddr> listen(Multiaddr addr);

  /** Addresses this host listens on, each ending in {@code /p2p/<own id>}. */
  List<Multiaddr> listenAddresses();

  /**
   * Connects to {@code addr}; when it carries {@code /p2p/<id>}, the authenticated remote must be
   * that peer. Reuses an existing connection to the same peer.
   */
  CompletableFuture<Connection> dial(Multiaddr addr);

  /** Opens a stream to a connected peer and negotiates the first supported of {@code protocols}. */
  CompletableFuture<Stream> newStream(PeerId peer, List<String> protocols);

  /** Serves {@code protocol} on inbound streams. */
  void setProtocolHandler(String protocol, ProtocolHandler handler);

  /** Protocol ids this host serves. */
  Set<String> protocols();

  List<Connection> connections();

  void addListener(ConnectionListener listener);

  /** Closes every connection and listener; completes when done. */
  CompletableFuture<Void> stop();

  @Override
  default void close() {
    stop().join();
  }
}
