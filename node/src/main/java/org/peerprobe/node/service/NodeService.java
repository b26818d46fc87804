package org.peerprobe.node.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.RoundReport;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.node.round.RoundClock;
import org.peerprobe.node.round.Topics;
import org.peerprobe.p2p.core.Scheduler;
import org.peerprobe.p2p.pubsub.PubSub;
import org.peerprobe.p2p.pubsub.ReceivedMessage;
import org.peerprobe.p2p.pubsub.ValidationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peerprobe node's round logic on top of a {@link PubSub}: probe, sign, publish, validate,
 * tally, certify, follow the routers, take the operator's commands, keep the signers' receipts. See
 * the package documentation for threading.
 */
public final class NodeService {
  private static final Logger LOG = LoggerFactory.getLogger(NodeService.class);

  /**
   * How long a standby signer (the k-th signer of the roster, k &gt; 0) waits, times k, for the
   * decision of a certified transition to arrive from the network before it signs and publishes its
   * own. Both sign the same decision (its id excludes the signature), so a late primary and a
   * standby converge.
   */
  public static final Duration DEFAULT_TAKEOVER_DELAY = Duration.ofSeconds(10);

  /** Rounds behind the window for which a late report is ignored instead of rejected. */
  public static final long STALE_GRACE_ROUNDS = LateReports.STALE_GRACE_ROUNDS;

  private NodeSettings settings;
  private final PubSub pubsub;
  private final FrontProber prober;
  private final Scheduler scheduler;
  private final RoundClock clock;
  private final Topics topics;
  private final Routers routers;
  private final DecisionFlow decisions;
  private final TallyFlow tallies;
  private final ReceiptFlow receipts;
  private final List<Consumer<NodeEvent>> listeners = new CopyOnWriteArrayList<>();
  private volatile NodeRecorder recorder = NodeRecorder.NONE;
  private volatile ChainRepair repair = ChainRepair.NONE;

  private Scheduler.Cancellable nextProbe;
  private long lastReportedRound = -1;
  private boolean running;

  public NodeService(
      NodeSettings settings,
      PubSub pubsub,
      FrontProber prober,
      Scheduler scheduler,
      RoundClock clock) {
    this.settings = settings;
    this.pubsub = pubsub;
    this.prober = prober;
    this.scheduler = scheduler;
    this.clock = clock;
    this.topics = Topics.of(settings.roster().networkId());
    this.routers = new Routers(settings.roster().networkId(), settings.routers());
    this.decisions = new DecisionFlow(this, routers, scheduler, clock, topics);
    this.tallies = new TallyFlow(this, settings.roster(), routers, decisions, clock, topics);
    this.receipts = new ReceiptFlow(this, routers, clock, topics);
  }

  public void addListener(Consumer<NodeEvent> listener) {
    listeners.add(listener);
  }

  /** Keeps every own and accepted report, certificate and decision (e.g. in the store). */
  public void setRecorder(NodeRecorder recorder) {
    this.recorder = recorder;
  }

  /** Who repairs the stored log when a verified decision cannot be stored. */
  public void setChainRepair(ChainRepair repair) {
    this.repair = repair;
  }

  /** The store adopted the network's branch ending at {@code head}: routers move onto it. */
  public CompletableFuture<Void> adoptHead(SignedDecision head) {
    return onScheduler(
        () -> {
          decisions.adopted(head);
          return null;
        });
  }

  /**
   * Holds this node's signing until {@link #openSigning}: switches its routers make meanwhile are
   * signed when it opens, unless the router moved to the network's branch in between. Call before
   * {@link #resume}, {@link #restoreCommands} and {@link #start()} on a node that syncs its
   * decision log at start; without it a node signs at once.
   */
  public void holdSigning(String why) {
    if (scheduler.inThread()) {
      decisions.holdSigning(why); // at once: no switch queued behind may slip through
    } else {
      scheduler.execute(() -> decisions.holdSigning(why));
    }
  }

  /** Lets this node sign again, signing what was held (see {@link #holdSigning}). */
  public CompletableFuture<Void> openSigning(String why) {
    return OnScheduler.run(scheduler, LOG, () -> decisions.openSigning(why));
  }

  /** False while this node holds its signing (see {@link #holdSigning}). Any thread. */
  public boolean signerReady() {
    return decisions.signerReady();
  }

  /** See {@link #DEFAULT_TAKEOVER_DELAY}. */
  public void setTakeoverDelay(Duration delay) {
    decisions.setTakeoverDelay(delay);
  }

  public Topics topics() {
    return topics;
  }

  /** Subscribes the topics, installs their validators and starts probing (if an observer). */
  public void start() {
    validate(topics.reports(), tallies::onReport);
    validate(topics.certificates(), tallies::onCertificate);
    validate(topics.decisions(), decisions::onDecision);
    validate(topics.commands(), decisions::onCommand);
    validate(topics.receipts(), receipts::onReceipt);
    scheduler.execute(
        () -> {
          running = true;
          if (settings.isObserver()) {
            scheduleProbe(Math.max(clock.nextProbeRound(), lastReportedRound + 1));
          }
        });
  }

  /** Subscribes {@code topic}, its messages validated by {@code validator} on the scheduler. */
  private void validate(
      String topic, java.util.function.Function<ReceivedMessage, ValidationResult> validator) {
    pubsub.registerValidator(topic, m -> onScheduler(() -> validator.apply(m)));
    pubsub.subscribe(topic, m -> {});
  }

  /** Keeps, publishes and announces ({@link NodeEvent.Receipted}) this signer's receipt. */
  public void publishReceipt(org.peerprobe.consensus.model.SignedApplyReceipt receipt) {
    scheduler.execute(() -> receipts.publish(receipt));
  }

  /** The front each pinned router is pinned to. */
  public CompletableFuture<Map<String, String>> pins() {
    return onScheduler(routers::pins);
  }

  /** Restores the operator commands taken before a restart. Call before {@link #start()}. */
  public CompletableFuture<Void> restoreCommands(
      List<org.peerprobe.consensus.model.SignedOperatorCommand> taken) {
    return OnScheduler.run(scheduler, LOG, () -> decisions.restore(taken));
  }

  /**
   * Tells a restarting node the last round it already reported (from its store), so that it never
   * signs a second, different report for that round: a restart inside a round with a later probe
   * offset would otherwise make it an equivocator. Call before {@link #start()}.
   */
  public void resumeAfterReportedRound(long round) {
    scheduler.execute(() -> lastReportedRound = Math.max(lastReportedRound, round));
  }

  public void stop() {
    scheduler.execute(
        () -> {
          running = false;
          if (nextProbe != null) {
            nextProbe.cancel();
          }
        });
  }

  /** The front each router points at, as this node's failover machines see it. */
  public CompletableFuture<Map<String, String>> activeTargets() {
    return onScheduler(routers::activeTargets);
  }

  /**
   * Resumes the routers from the last decisions this node kept (e.g. its store after a restart).
   * Call before {@link #start()}.
   */
  public CompletableFuture<Void> resume(List<Decision> lastDecisions) {
    return OnScheduler.run(scheduler, LOG, () -> lastDecisions.forEach(routers::follow));
  }

  /**
   * Switches to the settings of a newer network bundle, between rounds: a new roster gets a new
   * tally book (the old one's rounds are closed and recorded), routers keep their chains (see
   * {@link Routers#adopt}), and the next probe covers the new fronts. The network id cannot change.
   */
  public CompletableFuture<Void> adopt(NodeSettings next) {
    if (!next.roster().networkId().equals(settings.roster().networkId())) {
      throw new IllegalArgumentException("a bundle update cannot change the network id");
    }
    return onScheduler(
        () -> {
          if (!next.roster().equals(settings.roster())) {
            tallies.adopt(next.roster());
          }
          routers.adopt(next.routers());
          boolean wasObserver = settings.isObserver();
          settings = next;
          if (running && !wasObserver && next.isObserver()) {
            scheduleProbe(clock.nextProbeRound());
          }
          return null;
        });
  }

  /** The settings this node runs with now. */
  public CompletableFuture<NodeSettings> settings() {
    return onScheduler(() -> settings);
  }

  private <T> CompletableFuture<T> onScheduler(java.util.function.Supplier<T> task) {
    return OnScheduler.call(scheduler, LOG, task);
  }

  private void scheduleProbe(long round) {
    nextProbe =
        scheduler.schedule(Duration.ofMillis(clock.millisUntilProbe(round)), () -> probe(round));
  }

  private void probe(long round) {
    if (!running || !settings.isObserver()) {
      return;
    }
    long start = clock.roundStartMillis(round);
    List<CompletableFuture<Observation>> probes = new ArrayList<>();
    for (String front : settings.fronts()) {
      probes.add(prober.probe(front, start));
    }
    CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
        .whenComplete((v, err) -> scheduler.execute(() -> report(round, probes)));
    // After a stall (GC, suspend, a starved loop) rounds whose probe time passed are skipped, not
    // probed in a burst whose reports would all be too late.
    scheduleProbe(Math.max(round + 1, clock.nextProbeRound()));
  }

  private void report(long round, List<CompletableFuture<Observation>> probes) {
    List<Observation> obs = new ArrayList<>();
    for (CompletableFuture<Observation> p : probes) {
      if (p.isDone() && !p.isCompletedExceptionally()) {
        obs.add(p.join());
      }
    }
    if (obs.isEmpty() || !running) {
      return;
    }
    if (!clock.acceptedWindow().contains(round)) {
      // Peers would not count it, and reject it (penalising us) once it is STALE_GRACE_ROUNDS old.
      LOG.info("round {} is over: its report is not published", round);
      return;
    }
    RoundReport r =
        RoundReport.of(
            settings.roster().networkId(),
            round,
            settings.key().publicKey(),
            settings.declaredNetwork(),
            obs);
    SignedReport signed = SignedReport.sign(r, settings.key());
    Map<String, String> statuses = new LinkedHashMap<>();
    obs.forEach(o -> statuses.put(o.front(), o.status().name()));
    emit(new NodeEvent.Reported(clock.nowMillis(), round, statuses));
    publish(topics.reports(), signed.encode());
    recorder.report(signed, true);
    tallies.countOwn(signed);
  }

  /** The settings of the running node (node thread). */
  NodeSettings currentSettings() {
    return settings;
  }

  NodeRecorder recorder() {
    return recorder;
  }

  ChainRepair repair() {
    return repair;
  }

  boolean running() {
    return running;
  }

  ValidationResult reject(String topic, String reason) {
    LOG.debug("rejected on {}: {}", topic, reason);
    emit(new NodeEvent.Rejected(clock.nowMillis(), topic, reason));
    return ValidationResult.REJECT;
  }

  void publish(String topic, byte[] data) {
    pubsub
        .publish(topic, data)
        .whenComplete(
            (v, err) -> {
              if (err != null) {
                LOG.debug("publish on {} reached nobody yet: {}", topic, err.toString());
              }
            });
  }

  void emit(NodeEvent e) {
    for (Consumer<NodeEvent> l : listeners) {
      try {
        l.accept(e);
      } catch (RuntimeException ex) {
        LOG.warn("event listener failed", ex);
      }
    }
  }
}
