package org.peerprobe.p2p.core;

/**
 * The remote peer misbehaved: malformed bytes, a protocol violation, a failed authentication. The
 * connection (or stream) is closed with this message logged, the peer is scored down, and the node
 * carries on.
 */
public class BadPeerException extends P2PException {
  private static final long serialVersionUID = 1L;

  public BadPeerException(String message) {
    super(message);
  }

  public BadPeerException(String message, Throwable cause) {
    super(message, cause);
  }
}
