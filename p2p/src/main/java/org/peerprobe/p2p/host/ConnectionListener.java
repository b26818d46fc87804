package org.peerprobe.p2p.host;

/** Connection events, called on the connection's event loop. */
public interface ConnectionListener {
  void onConnected(Connection connection);

  void onDisconnected(Connection connection, String reason);
}
