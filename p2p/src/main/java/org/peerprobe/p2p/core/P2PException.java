package org.peerprobe.p2p.core;

/** Base of the p2p exceptions; subclasses say whose fault the failure is. */
public class P2PException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public P2PException(String message) {
    super(message);
  }

  public P2PException(String message, Throwable cause) {
    super(message, cause);
  }
}
