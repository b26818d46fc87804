package org.peerprobe.p2p.host;

import org.peerprobe.p2p.identify.IdentifyResult;

/** Connection events, called on the connection's event loop. */
public interface ConnectionListener {
  void onConnected(Connection connection);

  void onDisconnected(Connection connection, String reason);

  /** The peer answered identify (its protocols, listen and observed addresses). */
  default void onIdentified(Connection connection, IdentifyResult result) {}
}
