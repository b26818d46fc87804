package org.peerprobe.p2p.yamux;

import org.peerprobe.p2p.core.P2PException;

/**
 * A stream operation could not complete because the stream was reset (by either side) or its
 * connection closed first. Not in itself anyone's fault: when the connection ended because of a
 * misbehaving peer or a local bug, {@link YamuxSession#closeCause()} says so.
 */
public class StreamClosedException extends P2PException {
  private static final long serialVersionUID = 1L;

  public StreamClosedException(String message) {
    super(message);
  }
}
