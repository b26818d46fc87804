package org.peerprobe.p2p.mss;

import java.util.List;
import org.peerprobe.p2p.core.P2PException;

/**
 * Nobody's fault: the remote listener answered {@code na} to every protocol we offered. The channel
 * or stream is closed; the peer is not scored down.
 */
public class NoCommonProtocolException extends P2PException {
  private static final long serialVersionUID = 1L;

  public NoCommonProtocolException(List<String> offered) {
    super("remote supports none of " + offered);
  }
}
