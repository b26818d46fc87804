package org.peerprobe.node.feed;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.Verdict;

/**
 * What the feed shows of the node now: an immutable snapshot, replaced whole by its one writer
 * ({@link LiveTracker}) and read by any request thread.
 *
 * @param bundle the network bundle the node runs
 * @param intervalMs the round interval the node runs, in milliseconds
 * @param peerId this node's PeerId
 * @param listen the multiaddrs it listens on
 * @param fronts per front id, its latest verdict
 * @param routers per router name, its active front and latest decision
 * @param signerReady false while the node holds its signing until its decision log is synced
 */
public record LiveState(
    NetworkBundle bundle,
    long intervalMs,
    String peerId,
    List<String> listen,
    Map<String, FrontNow> fronts,
    Map<String, RouterNow> routers,
    boolean signerReady) {

  public LiveState {
    listen = List.copyOf(listen);
    fronts = Map.copyOf(fronts);
    routers = Map.copyOf(routers);
  }

  LiveState withFronts(Map<String, FrontNow> newFronts) {
    return new LiveState(bundle, intervalMs, peerId, listen, newFronts, routers, signerReady);
  }

  LiveState withRouters(Map<String, RouterNow> newRouters) {
    return new LiveState(bundle, intervalMs, peerId, listen, fronts, newRouters, signerReady);
  }

  LiveState withSignerReady(boolean ready) {
    return new LiveState(bundle, intervalMs, peerId, listen, fronts, routers, ready);
  }

  /**
   * A front's latest verdict: the newest round that reached UP or DOWN, or a NO_QUORUM round when
   * none reached a verdict recently.
   */
  public record FrontNow(long round, Verdict verdict, Optional<String> certificate) {}

  /**
   * A router's active front, the latest decision this node holds for it, and the signers' latest
   * apply receipts for that decision (what each DNS provider did with it).
   */
  public record RouterNow(
      String active,
      Optional<SignedDecision> decision,
      List<org.peerprobe.consensus.model.SignedApplyReceipt> receipts) {
    public RouterNow {
      receipts = List.copyOf(receipts);
    }

    RouterNow(String active, Optional<SignedDecision> decision) {
      this(active, decision, List.of());
    }
  }
}
