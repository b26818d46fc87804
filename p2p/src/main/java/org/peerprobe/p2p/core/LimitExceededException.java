package org.peerprobe.p2p.core;

/** The peer exceeded a named limit (frame size, stream count, …); detected before allocating. */
public class LimitExceededException extends BadPeerException {
  private static final long serialVersionUID = 1L;

  public LimitExceededException(String limitName, long limit, long actual) {
    super(limitName + " exceeded: " + actual + " > " + limit);
  }
}
