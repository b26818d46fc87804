package org.peerprobe.p2p.host;

import java.util.concurrent.CompletableFuture;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.stream.Stream;

/** An authenticated, multiplexed connection to one peer. Thread-safe. */
public interface Connection {
  PeerId remotePeer();

  Multiaddr remoteAddress();

  /** True when this host dialed it (the only kind a node behind NAT has). */
  boolean isOutbound();

  /** Opens a raw (not yet negotiated) yamux stream. */
  CompletableFuture<Stream> openStream();

  boolean isOpen();

  CompletableFuture<Void> close(String reason);
}
