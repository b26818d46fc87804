package org.peerprobe.p2p.core;

/** A bug or broken invariant on our side, not the peer's fault. */
public class InternalErrorException extends P2PException {
  private static final long serialVersionUID = 1L;

  public InternalErrorException(String message) {
    super(message);
  }

  public InternalErrorException(String message, Throwable cause) {
    super(message, cause);
  }
}
