package org.peerprobe.node.feed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.Router;
import org.peerprobe.consensus.model.SignedApplyReceipt;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.node.service.NodeEvent;

/**
 * Keeps the feed's {@link LiveState} from the node's events, and turns them into the feed's live
 * events: one {@link FeedEvent.VerdictReached} per (front, round) when it first reaches UP or DOWN,
 * and one {@link FeedEvent.DecisionMade} per decision held.
 *
 * <p>One writer: {@link #accept} runs on the node service's thread, and {@link #adopt} is called
 * there too (a bundle update). Readers take {@link #state()} from any thread.
 */
public final class LiveTracker implements Consumer<NodeEvent> {
  /** Per-(front, round) tallies kept for the verdict event's breakdown: a few recent rounds. */
  static final int TALLY_ROUNDS_KEPT = 4;

  private final AtomicReference<LiveState> state;
  private final Consumer<FeedEvent> events;
  private final Map<String, NodeEvent.Tallied> tallies = new HashMap<>();
  private final Map<String, Long> certifiedRound = new HashMap<>();

  public LiveTracker(
      NetworkBundle bundle,
      java.time.Duration interval,
      String peerId,
      List<String> listen,
      Map<String, String> activeTargets,
      List<SignedDecision> lastDecisions,
      boolean signerReady,
      Consumer<FeedEvent> events) {
    this.events = events;
    Map<String, LiveState.RouterNow> routers = new LinkedHashMap<>();
    for (Router r : bundle.routers()) {
      String name = r.policy().name();
      Optional<SignedDecision> last =
          lastDecisions.stream().filter(d -> d.decision().router().equals(name)).findFirst();
      routers.put(
          name,
          new LiveState.RouterNow(activeTargets.getOrDefault(name, r.policy().primary()), last));
    }
    this.state =
        new AtomicReference<>(
            new LiveState(
                bundle, interval.toMillis(), peerId, listen, Map.of(), routers, signerReady));
  }

  public LiveState state() {
    return state.get();
  }

  /** A new bundle: routers it keeps keep their state; new ones start on their primary. */
  public void adopt(NetworkBundle bundle, java.time.Duration interval) {
    LiveState s = state.get();
    Map<String, LiveState.RouterNow> routers = new LinkedHashMap<>();
    for (Router r : bundle.routers()) {
      String name = r.policy().name();
      routers.put(
          name,
          s.routers()
              .getOrDefault(name, new LiveState.RouterNow(r.policy().primary(), Optional.empty())));
    }
    Map<String, LiveState.FrontNow> fronts = new HashMap<>(s.fronts());
    fronts.keySet().retainAll(bundle.fronts().stream().map(f -> f.id()).toList());
    state.set(
        new LiveState(
            bundle, interval.toMillis(), s.peerId(), s.listen(), fronts, routers, s.signerReady()));
  }

  @Override
  public void accept(NodeEvent e) {
    if (e instanceof NodeEvent.Tallied t) {
      onTallied(t);
    } else if (e instanceof NodeEvent.Certified c) {
      onCertified(c);
    } else if (e instanceof NodeEvent.Adopted a) {
      show(a.head());
    } else if (e instanceof NodeEvent.Decided d) {
      onDecided(d.decision());
    } else if (e instanceof NodeEvent.Receipted r) {
      onReceipt(r.receipt());
    } else if (e instanceof NodeEvent.SigningGate g) {
      LiveState s = state.get();
      state.set(s.withSignerReady(g.ready()));
    }
  }

  private void onTallied(NodeEvent.Tallied t) {
    tallies.put(key(t.front(), t.round()), t);
    tallies.values().removeIf(old -> old.round() < t.round() - TALLY_ROUNDS_KEPT);
    LiveState s = state.get();
    LiveState.FrontNow held = s.fronts().get(t.front());
    // a round without a verdict shows only when no verdict was reached in the last two rounds
    boolean verdictIsStale = held == null || t.round() - held.round() > 2;
    if (t.verdict() == Verdict.NO_QUORUM && verdictIsStale) {
      putFront(t.front(), new LiveState.FrontNow(t.round(), Verdict.NO_QUORUM, Optional.empty()));
    }
  }

  private void onCertified(NodeEvent.Certified c) {
    LiveState.FrontNow held = state.get().fronts().get(c.front());
    if (held == null || c.round() >= held.round()) {
      putFront(c.front(), new LiveState.FrontNow(c.round(), c.verdict(), Optional.of(c.id())));
    }
    Long last = certifiedRound.get(c.front());
    if (last == null || c.round() > last) {
      certifiedRound.put(c.front(), c.round());
      events.accept(
          new FeedEvent.VerdictReached(
              c.ts(),
              c.front(),
              c.round(),
              c.verdict(),
              c.id(),
              tallies.get(key(c.front(), c.round()))));
    }
  }

  private void onDecided(SignedDecision signed) {
    LiveState s = state.get();
    String router = signed.decision().router();
    LiveState.RouterNow held = s.routers().get(router);
    if (held != null
        && held.decision().map(d -> d.decision().seq() >= signed.decision().seq()).orElse(false)) {
      return; // older, or a sibling gossip delivered that this node's log does not hold
    }
    show(signed);
  }

  /** Shows {@code signed} as its router's decision, even over a sibling (an adopted head). */
  private void show(SignedDecision signed) {
    LiveState s = state.get();
    String router = signed.decision().router();
    Map<String, LiveState.RouterNow> routers = new LinkedHashMap<>(s.routers());
    routers.put(router, new LiveState.RouterNow(signed.decision().to(), Optional.of(signed)));
    state.set(s.withRouters(routers));
    events.accept(new FeedEvent.DecisionMade(signed));
  }

  /** Keeps a signer's latest receipt for the router's current decision. */
  public void onReceipt(SignedApplyReceipt signed) {
    LiveState s = state.get();
    String router = signed.receipt().router();
    LiveState.RouterNow held = s.routers().get(router);
    if (held == null
        || held.decision().isEmpty()
        || !held.decision().get().decision().id().equals(signed.receipt().decision())) {
      return;
    }
    List<SignedApplyReceipt> receipts = new ArrayList<>();
    for (SignedApplyReceipt r : held.receipts()) {
      if (!r.signer().equals(signed.signer())) {
        receipts.add(r);
      } else if (r.receipt().issuedAtMs() > signed.receipt().issuedAtMs()) {
        return; // an older receipt of this signer arrived late
      }
    }
    receipts.add(signed);
    Map<String, LiveState.RouterNow> routers = new LinkedHashMap<>(s.routers());
    routers.put(router, new LiveState.RouterNow(held.active(), held.decision(), receipts));
    state.set(s.withRouters(routers));
    events.accept(new FeedEvent.ReceiptIssued(signed));
  }

  private void putFront(String front, LiveState.FrontNow now) {
    LiveState s = state.get();
    Map<String, LiveState.FrontNow> fronts = new HashMap<>(s.fronts());
    fronts.put(front, now);
    state.set(s.withFronts(fronts));
  }

  private static String key(String front, long round) {
    return front + "@" + round;
  }
}
