package org.peerprobe.node.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.peerprobe.consensus.failover.FailoverMachine;
import org.peerprobe.consensus.failover.FailoverState;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.failover.Step;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.RoundReport;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.quorum.FrontTally;
import org.peerprobe.consensus.quorum.ReportValidator;
import org.peerprobe.consensus.quorum.VerifiedCertificate;
import org.peerprobe.consensus.quorum.VerifiedReport;
import org.peerprobe.consensus.quorum.VerifiedSignatures;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;
import org.peerprobe.node.round.RoundClock;
import org.peerprobe.node.round.TallyBook;
import org.peerprobe.node.round.Topics;
import org.peerprobe.p2p.core.Scheduler;
import org.peerprobe.p2p.pubsub.PubSub;
import org.peerprobe.p2p.pubsub.ReceivedMessage;
import org.peerprobe.p2p.pubsub.ValidationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peerprobe node's round logic on top of a {@link PubSub}: probe, sign, publish, validate,
 * tally, certify, follow the routers. See the package documentation for threading.
 */
public final class NodeService {
  private static final Logger LOG = LoggerFactory.getLogger(NodeService.class);

  /** Rounds behind the window for which a late report is ignored instead of rejected. */
  public static final long STALE_GRACE_ROUNDS = 4;

  private final NodeSettings settings;
  private final PubSub pubsub;
  private final FrontProber prober;
  private final Scheduler scheduler;
  private final RoundClock clock;
  private final Topics topics;
  private final VerifiedSignatures memo = new VerifiedSignatures();
  private final TallyBook book;
  private final Map<String, FailoverState> routers = new LinkedHashMap<>();
  private final List<Consumer<NodeEvent>> listeners = new CopyOnWriteArrayList<>();
  private volatile NodeRecorder recorder = NodeRecorder.NONE;
  private Scheduler.Cancellable nextProbe;
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
    this.book = new TallyBook(settings.roster(), memo);
    for (RouterPolicy r : settings.routers()) {
      routers.put(r.name(), FailoverState.initial(settings.roster().networkId(), r));
    }
  }

  public void addListener(Consumer<NodeEvent> listener) {
    listeners.add(listener);
  }

  /** Keeps every own and accepted report, certificate and decision (e.g. in the store). */
  public void setRecorder(NodeRecorder recorder) {
    this.recorder = recorder;
  }

  public Topics topics() {
    return topics;
  }

  /** Subscribes the topics, installs their validators and starts probing (if an observer). */
  public void start() {
    pubsub.registerValidator(topics.reports(), m -> onScheduler(() -> onReport(m)));
    pubsub.registerValidator(topics.certificates(), m -> onScheduler(() -> onCertificate(m)));
    pubsub.subscribe(topics.reports(), m -> {});
    pubsub.subscribe(topics.certificates(), m -> {});
    pubsub.subscribe(topics.decisions(), m -> {});
    scheduler.execute(
        () -> {
          running = true;
          if (settings.isObserver()) {
            scheduleProbe(clock.nextProbeRound());
          }
        });
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
    return onScheduler(
        () -> {
          Map<String, String> out = new LinkedHashMap<>();
          routers.forEach((name, s) -> out.put(name, s.active()));
          return out;
        });
  }

  private <T> CompletableFuture<T> onScheduler(java.util.function.Supplier<T> task) {
    CompletableFuture<T> f = new CompletableFuture<>();
    scheduler.execute(
        () -> {
          try {
            f.complete(task.get());
          } catch (RuntimeException e) {
            LOG.warn("node task failed", e);
            f.completeExceptionally(e);
          }
        });
    return f;
  }

  private void scheduleProbe(long round) {
    nextProbe =
        scheduler.schedule(Duration.ofMillis(clock.millisUntilProbe(round)), () -> probe(round));
  }

  private void probe(long round) {
    if (!running) {
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
    Validated<VerifiedReport> own =
        ReportValidator.validate(signed, settings.roster(), clock.acceptedWindow(), memo);
    if (own.isValid()) {
      count(own.orElseThrow());
    }
  }

  private ValidationResult onReport(ReceivedMessage m) {
    Validated<SignedReport> decoded = SignedReport.decode(m.data());
    if (!decoded.isValid()) {
      return reject(topics.reports(), decoded.toString());
    }
    SignedReport signed = decoded.orElseThrow();
    if (!signed.report().observer().peerId().equals(m.author().toString())) {
      return reject(
          topics.reports(),
          "report of " + signed.report().observer().peerId() + " published by " + m.author());
    }
    Validated<VerifiedReport> v =
        ReportValidator.validate(signed, settings.roster(), clock.acceptedWindow(), memo);
    if (!v.isValid()) {
      return isLateButHonest(v, signed.report().round())
          ? ValidationResult.IGNORE
          : reject(topics.reports(), v.toString());
    }
    count(v.orElseThrow());
    recorder.report(signed, false);
    return ValidationResult.ACCEPT;
  }

  /**
   * A member's report a little older than the accepted window is not counted, but not penalised
   * either: an honest peer may relay it late (IHAVE/IWANT gossip during mesh repair), and punishing
   * the relay would graylist honest nodes under congestion. Future rounds and long-stale ones are
   * rejected, and so is a late report refused for anything but its round (e.g. a non-member's).
   */
  private boolean isLateButHonest(Validated<VerifiedReport> v, long round) {
    if (!(v instanceof Validated.Invalid<VerifiedReport> invalid)
        || invalid.rejection() != Rejection.WRONG_ROUND) {
      return false;
    }
    long current = clock.currentRound();
    return round < current - 1 && round >= current - STALE_GRACE_ROUNDS;
  }

  private void count(VerifiedReport report) {
    TallyBook.Added added = book.add(report);
    long now = clock.nowMillis();
    for (FrontTally t : added.tallies()) {
      emit(
          new NodeEvent.Tallied(
              now,
              t.round(),
              t.front(),
              t.verdict(),
              t.up().weightByNetwork(),
              t.down().weightByNetwork(),
              t.totalWeight()));
    }
    for (QuorumCertificate c : added.certificates()) {
      Optional<Validated<VerifiedCertificate>> v = book.receive(c);
      if (v.isPresent() && v.get().isValid()) {
        publish(topics.certificates(), c.encode());
        certified(v.get().orElseThrow(), true);
      }
    }
  }

  private ValidationResult onCertificate(ReceivedMessage m) {
    Validated<QuorumCertificate> decoded = QuorumCertificate.decode(m.data());
    if (!decoded.isValid()) {
      return reject(topics.certificates(), decoded.toString());
    }
    Optional<Validated<VerifiedCertificate>> v = book.receive(decoded.orElseThrow());
    if (v.isEmpty()) {
      return ValidationResult.IGNORE;
    }
    if (!v.get().isValid()) {
      return reject(topics.certificates(), v.get().toString());
    }
    certified(v.get().orElseThrow(), false);
    return ValidationResult.ACCEPT;
  }

  private void certified(VerifiedCertificate c, boolean own) {
    recorder.certificate(c.certificate());
    emit(
        new NodeEvent.Certified(clock.nowMillis(), c.round(), c.front(), c.verdict(), c.id(), own));
    for (Map.Entry<String, FailoverState> e : routers.entrySet()) {
      Step step = FailoverMachine.onCertificate(e.getValue(), c);
      e.setValue(step.state());
      if (step instanceof Step.Switched s) {
        emit(new NodeEvent.Switched(clock.nowMillis(), s.decision()));
        if (settings.isSigner()) {
          SignedDecision signed = SignedDecision.sign(s.decision(), settings.key());
          recorder.decision(signed);
          publish(topics.decisions(), signed.encode());
        }
      }
    }
  }

  private ValidationResult reject(String topic, String reason) {
    LOG.debug("rejected on {}: {}", topic, reason);
    emit(new NodeEvent.Rejected(clock.nowMillis(), topic, reason));
    return ValidationResult.REJECT;
  }

  private void publish(String topic, byte[] data) {
    pubsub
        .publish(topic, data)
        .whenComplete(
            (v, err) -> {
              if (err != null) {
                LOG.debug("publish on {} reached nobody yet: {}", topic, err.toString());
              }
            });
  }

  private void emit(NodeEvent e) {
    for (Consumer<NodeEvent> l : listeners) {
      try {
        l.accept(e);
      } catch (RuntimeException ex) {
        LOG.warn("event listener failed", ex);
      }
    }
  }
}
