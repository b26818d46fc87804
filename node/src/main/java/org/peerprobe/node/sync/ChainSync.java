package org.peerprobe.node.sync;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.node.service.ChainRepair;
import org.peerprobe.node.store.BranchWrite;
import org.peerprobe.node.store.Store;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.core.Scheduler;
import org.peerprobe.p2p.host.Connection;
import org.peerprobe.p2p.host.ConnectionListener;
import org.peerprobe.p2p.host.Host;
import org.peerprobe.p2p.identify.IdentifyResult;
import org.peerprobe.p2p.reqresp.RequestResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's stored decision log on the network's chain: serves the sync protocol from the
 * store, syncs every router from each peer that connects (so a node that was down catches up, and a
 * restarted signer learns newer decisions), and repairs a router whenever a verified decision
 * cannot be stored. One repair per router at a time; a request arriving meanwhile runs after it. A
 * peer that answers with a forged or malformed log is disconnected and not asked again for {@link
 * #DISTRUST}. The syncs started by peers connecting make up the rounds that open the {@link
 * SyncGate}: a round is over when no sync runs any more and every adopted head reached the node.
 * State confined to the node's scheduler.
 */
public final class ChainSync implements ChainRepair, ConnectionListener {
  private static final Logger LOG = LoggerFactory.getLogger(ChainSync.class);

  /** Most peers one repair asks, in turn, until one has a longer valid branch. */
  public static final int MAX_PEERS_PER_REPAIR = 3;

  /** How long a peer that sent a forged log is not asked again. */
  public static final Duration DISTRUST = Duration.ofMinutes(10);

  private final Host host;
  private final RequestResponse rpc;
  private final Store store;
  private final Scheduler scheduler;
  private final Executor onNode;
  private final Supplier<Roster> roster;
  private final Supplier<List<String>> routers;
  private final Ed25519PublicKey ownKey;
  private final Function<SignedDecision, CompletableFuture<?>> adopted;
  private final SyncGate gate;

  private final Set<String> running = new HashSet<>();
  private final Map<String, Request> pending = new HashMap<>();
  private final Map<PeerId, Long> distrustedUntil = new HashMap<>();

  /** Peers asked in the gate's current round; null while no round runs. */
  private Set<PeerId> round;

  private record Request(List<PeerId> peers, long hintSeq) {}

  /**
   * @param adopted told, on the node's thread, the head of every adopted branch (e.g. {@code
   *     NodeService::adoptHead}); the round waits for the future it answers
   * @param gate told of the rounds of syncs that peers connecting start
   */
  public ChainSync(
      Host host,
      Store store,
      Scheduler scheduler,
      Supplier<Roster> roster,
      Supplier<List<String>> routers,
      Ed25519PublicKey ownKey,
      Function<SignedDecision, CompletableFuture<?>> adopted,
      SyncGate gate) {
    this.host = host;
    this.rpc = new RequestResponse(host, SyncProtocol.PROTOCOL_ID, SyncProtocol.LIMITS);
    this.store = store;
    this.scheduler = scheduler;
    this.onNode = scheduler::execute;
    this.roster = roster;
    this.routers = routers;
    this.ownKey = ownKey;
    this.adopted = adopted;
    this.gate = gate;
  }

  /** Serves the protocol, arms the gate's grace and starts syncing from peers as they connect. */
  public void start() {
    rpc.serve(new SyncServer(store, roster.get().networkId()));
    host.addListener(this);
    List<PeerId> already = host.connections().stream().map(Connection::remotePeer).toList();
    scheduler.execute(
        () -> {
          gate.start();
          already.forEach(this::syncAll);
        });
  }

  @Override
  public void onConnected(Connection connection) {}

  @Override
  public void onDisconnected(Connection connection, String reason) {}

  @Override
  public void onIdentified(Connection connection, IdentifyResult result) {
    if (result.supports(SyncProtocol.PROTOCOL_ID)) {
      PeerId peer = connection.remotePeer();
      scheduler.execute(() -> syncAll(peer));
    }
  }

  @Override
  public void unstored(SignedDecision decision, List<PeerId> peers) {
    LinkedHashSet<PeerId> ask = new LinkedHashSet<>(peers);
    for (Connection c : host.connections()) {
      if (ask.size() >= MAX_PEERS_PER_REPAIR) {
        break;
      }
      ask.add(c.remotePeer());
    }
    sync(decision.decision().router(), List.copyOf(ask), decision.decision().seq());
  }

  /**
   * Syncs every router from a peer that connected, as part of the gate's round (which starts with
   * the first peer actually asked: a distrusted one, or the node itself, does not count).
   */
  private void syncAll(PeerId peer) {
    if (round == null) {
      round = new HashSet<>();
    }
    routers.get().forEach(r -> sync(r, List.of(peer), Long.MAX_VALUE));
    finishRoundIfIdle();
  }

  private void finishRoundIfIdle() {
    if (round != null && running.isEmpty()) {
      int asked = round.size();
      round = null;
      if (asked > 0) {
        gate.roundFinished(asked);
      }
    }
  }

  private void sync(String router, List<PeerId> peers, long hintSeq) {
    long now = scheduler.nowMillis();
    distrustedUntil.values().removeIf(until -> until <= now);
    List<PeerId> ask =
        peers.stream()
            .filter(p -> !p.equals(host.peerId()) && !distrustedUntil.containsKey(p))
            .limit(MAX_PEERS_PER_REPAIR)
            .toList();
    if (ask.isEmpty()) {
      return;
    }
    if (!running.add(router)) {
      pending.merge(
          router,
          new Request(ask, hintSeq),
          (a, b) -> new Request(union(a.peers(), b.peers()), Math.min(a.hintSeq(), b.hintSeq())));
      return;
    }
    if (round != null) {
      if (round.isEmpty()) {
        gate.roundStarted();
      }
      round.addAll(ask);
    }
    new SyncAttempt(router, ask, hintSeq, roster.get(), store, rpc, onNode, this::penalise)
        .run()
        .thenComposeAsync(
            result ->
                result.isPresent()
                    ? applied(router, result.get())
                    : CompletableFuture.<Void>completedFuture(null),
            onNode)
        .whenCompleteAsync(
            (v, err) -> {
              if (err != null) {
                LOG.warn("sync of {} failed: {}", router, err.toString());
              }
              running.remove(router);
              Request next = pending.remove(router);
              if (next != null) {
                sync(router, next.peers(), next.hintSeq());
              }
              finishRoundIfIdle();
            },
            onNode);
  }

  /** Peers waiting to be asked: the earlier ones first, each once. */
  private static List<PeerId> union(List<PeerId> a, List<PeerId> b) {
    LinkedHashSet<PeerId> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  /** Logs the adoption and moves the routers to the adopted head; completes once they have. */
  private CompletableFuture<Void> applied(String router, BranchWrite.Adopted a) {
    LOG.info(
        "decision log of {}: adopted the network's branch after seq {} up to seq {}{}",
        router,
        a.forkSeq(),
        a.headSeq(),
        a.replaced().isEmpty()
            ? ""
            : ", replacing " + a.replaced().size() + " decision(s) kept as fork evidence");
    for (SignedDecision d : a.replaced()) {
      if (d.signer().equals(ownKey)) {
        LOG.warn(
            "this node's decision {} seq {} lost to the network's longer branch; it is not signed"
                + " again",
            d.decision().router(),
            d.decision().seq());
      }
    }
    return store
        .lastDecision(router)
        .thenComposeAsync(
            head ->
                head.isPresent()
                    ? adopted.apply(head.get()).thenApply(x -> (Void) null)
                    : CompletableFuture.<Void>completedFuture(null),
            onNode)
        .exceptionally(
            e -> {
              LOG.warn("head of {} not read after adopting: {}", router, e.toString());
              return null;
            });
  }

  private void penalise(PeerId peer, String why) {
    LOG.warn("peer {} sent a bad decision log: {}", peer, why);
    distrustedUntil.put(peer, scheduler.nowMillis() + DISTRUST.toMillis());
    rpc.disconnect(peer, why);
  }
}
