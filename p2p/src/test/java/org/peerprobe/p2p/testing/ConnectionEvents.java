package org.peerprobe.p2p.testing;

import java.util.concurrent.CompletableFuture;
import org.peerprobe.p2p.host.Connection;
import org.peerprobe.p2p.host.ConnectionListener;
import org.peerprobe.p2p.identify.IdentifyResult;

/** Connection listeners that complete futures, for tests to await. */
public final class ConnectionEvents {
  private ConnectionEvents() {}

  /** Completes {@code sink} with the first identify result the host receives. */
  public static ConnectionListener identified(CompletableFuture<IdentifyResult> sink) {
    return new ConnectionListener() {
      @Override
      public void onConnected(Connection connection) {}

      @Override
      public void onDisconnected(Connection connection, String reason) {}

      @Override
      public void onIdentified(Connection connection, IdentifyResult result) {
        sink.complete(result);
      }
    };
  }
}
