package org.peerprobe.node.sync;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.peerprobe.consensus.validation.Validated;
import org.peerprobe.node.store.Store;
import org.peerprobe.node.store.StoredDecision;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.reqresp.Responder;

/**
 * Answers sync requests from the store: the router's stored decisions after the asked seq, as
 * stored (canonical encodings). A request that does not decode, or names another network, is the
 * peer's fault (it is disconnected); an unknown router has no decisions. Stateless.
 */
public final class SyncServer implements Responder.Service {
  private final Store store;
  private final String networkId;

  public SyncServer(Store store, String networkId) {
    this.store = store;
    this.networkId = networkId;
  }

  @Override
  public CompletableFuture<List<byte[]>> answer(PeerId peer, byte[] request) {
    Validated<SyncRequest> v = SyncRequest.decode(request);
    if (!v.isValid()) {
      throw new BadPeerException("bad sync request: " + v);
    }
    SyncRequest r = v.orElseThrow();
    if (!r.networkId().equals(networkId)) {
      throw new BadPeerException("sync request for network " + r.networkId());
    }
    return store
        .decisions(r.router(), r.afterSeq(), r.limit())
        .thenApply(
            stored -> stored.stream().map(StoredDecision::decision).map(d -> d.encode()).toList());
  }
}
