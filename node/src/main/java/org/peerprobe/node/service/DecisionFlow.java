package org.peerprobe.node.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.peerprobe.consensus.failover.Step;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.VerifiedCommand;
import org.peerprobe.consensus.validation.Validated;
import org.peerprobe.node.round.RoundClock;
import org.peerprobe.node.round.Topics;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.core.Scheduler;
import org.peerprobe.p2p.pubsub.ReceivedMessage;
import org.peerprobe.p2p.pubsub.ValidationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision side of a {@link NodeService}: signing the switches its routers make (at once as the
 * primary signer, after the takeover delay as a standby), validating and following the decisions
 * other signers publish, and taking the operator's commands. Runs on the node's scheduler, like the
 * service it belongs to.
 */
final class DecisionFlow {
  private static final Logger LOG = LoggerFactory.getLogger(DecisionFlow.class);

  private final NodeService node;
  private final Routers routers;
  private final Scheduler scheduler;
  private final RoundClock clock;
  private final Topics topics;
  private volatile Duration takeoverDelay = NodeService.DEFAULT_TAKEOVER_DELAY;

  /** Highest decision seq seen on the network per router, for the standby's takeover check. */
  private final Map<String, Long> networkSeq = new LinkedHashMap<>();

  /** Highest seq this node signed per router. */
  private final Map<String, Long> signedSeq = new LinkedHashMap<>();

  private final SigningGate gate = new SigningGate();

  DecisionFlow(
      NodeService node, Routers routers, Scheduler scheduler, RoundClock clock, Topics topics) {
    this.node = node;
    this.routers = routers;
    this.scheduler = scheduler;
    this.clock = clock;
    this.topics = topics;
  }

  void setTakeoverDelay(Duration delay) {
    this.takeoverDelay = delay;
  }

  /**
   * A switch this node's machine made: a signer signs and publishes it, the first signer at once
   * and standby signer k after k takeover delays unless the network has it by then. While the
   * signing gate is closed the switch is held, and signed when the gate opens if the router's head
   * is still where it led (see {@link #openSigning}).
   */
  void decided(Decision d) {
    node.emit(new NodeEvent.Switched(clock.nowMillis(), d));
    sign(d);
  }

  private void sign(Decision d) {
    int rank =
        node.currentSettings().roster().signers().indexOf(node.currentSettings().key().publicKey());
    if (rank < 0) {
      return;
    }
    if (!gate.isOpen()) {
      hold(d);
    } else if (rank == 0) {
      signAndPublish(d);
    } else {
      scheduler.schedule(
          takeoverDelay.multipliedBy(rank),
          () -> {
            if (node.running() && networkSeq.getOrDefault(d.router(), 0L) < d.seq()) {
              if (!gate.isOpen()) {
                hold(d);
                return;
              }
              LOG.warn(
                  "no decision from the network for {} seq {} within {} s: taking over as"
                      + " standby signer #{}",
                  d.router(),
                  d.seq(),
                  takeoverDelay.multipliedBy(rank).toSeconds(),
                  rank);
              signAndPublish(d);
            }
          });
    }
  }

  private void hold(Decision d) {
    if (gate.hold(d)) {
      LOG.info(
          "{} seq {} switches to {} before this signer synced its decision log: signed once synced",
          d.router(),
          d.seq(),
          d.to());
    } else {
      LOG.error(
          "{} seq {} not held: {} switches of {} already wait for the decision log sync",
          d.router(),
          d.seq(),
          SigningGate.MAX_HELD_PER_ROUTER,
          d.router());
    }
  }

  /** Closes the signing gate: switches are held until {@link #openSigning}. */
  void holdSigning(String why) {
    if (gate.isOpen()) {
      gate.close();
      LOG.debug("signing held: {}", why);
      node.emit(new NodeEvent.SigningGate(clock.nowMillis(), false, why));
    }
  }

  /**
   * Opens the signing gate and signs what was held: per router, the switches made while closed,
   * when the last of them is still the router's head. When it is not, the router moved to the
   * network's branch meanwhile (a synced log, or a decision from gossip) and signing them would
   * fork the log; they are dropped and the router's machine decides again from its new head.
   */
  void openSigning(String why) {
    if (gate.isOpen()) {
      return;
    }
    if (node.currentSettings().isSigner()) {
      LOG.info("signer ready: {}", why);
    }
    Map<String, List<Decision>> held = gate.open();
    node.emit(new NodeEvent.SigningGate(clock.nowMillis(), true, why));
    held.forEach(
        (router, chain) -> {
          Decision last = chain.get(chain.size() - 1);
          if (last.id().equals(routers.head(router))) {
            chain.forEach(this::sign);
          } else {
            LOG.warn(
                "{} switch(es) of {} decided before the decision log was synced (seq {}..{}) are"
                    + " superseded by the network's branch (now at seq {}): not signed{}",
                chain.size(),
                router,
                chain.get(0).seq(),
                last.seq(),
                routers.seq(router),
                chain.stream()
                    .flatMap(d -> d.command().stream())
                    .filter(c -> !routers.replays(c.command()))
                    .map(c -> "; the network's branch did not take " + c.command().describe())
                    .findFirst()
                    .orElse(""));
          }
        });
  }

  /** False while this node holds its signing (see {@link SigningGate}); any thread. */
  boolean signerReady() {
    return gate.ready();
  }

  /**
   * An operator command: rejected (the sender penalised) unless the roster's operator signed it for
   * this network within the accepted time window and it is not a replay for its router; then fed to
   * the router at the round of its {@code issuedAtMs}, so every node makes the same decision, and
   * relayed whatever the rules made of it. A switch is signed like any other.
   */
  ValidationResult onCommand(ReceivedMessage m) {
    Validated<VerifiedCommand> v =
        CommandIntake.check(m.data(), node.currentSettings().roster(), clock.nowMillis());
    if (!v.isValid()) {
      return node.reject(topics.commands(), v.toString());
    }
    VerifiedCommand c = v.orElseThrow();
    if (routers.replays(c.command())) {
      return node.reject(
          topics.commands(), "COMMAND_REPLAY: " + c.command().describe() + " was already taken");
    }
    if (!take(c)) {
      return ValidationResult.IGNORE; // a router this node does not follow (yet)
    }
    return ValidationResult.ACCEPT;
  }

  /**
   * Takes the commands this node took before it restarted (the last one per router), so that a pin
   * that did not switch the router, or an unpin, survives the restart. They were verified when
   * taken; they are verified again against the current roster, but not for age.
   */
  void restore(List<org.peerprobe.consensus.model.SignedOperatorCommand> taken) {
    for (org.peerprobe.consensus.model.SignedOperatorCommand signed : taken) {
      Validated<VerifiedCommand> v = signed.verify(node.currentSettings().roster());
      if (v.isValid() && !routers.replays(v.orElseThrow().command())) {
        take(v.orElseThrow());
      } else {
        LOG.info("a stored operator command no longer applies: {}", v);
      }
    }
  }

  /** Feeds a verified command to its router; false when this node follows no such router. */
  private boolean take(VerifiedCommand c) {
    long round = Math.floorDiv(c.command().issuedAtMs(), clock.intervalMs());
    Optional<Step> step = routers.onCommand(c, round);
    if (step.isEmpty()) {
      return false;
    }
    node.recorder().command(c.signed());
    String outcome;
    if (step.get() instanceof Step.Switched sw) {
      outcome = "switched to " + sw.decision().to();
    } else if (step.get() instanceof Step.Refused r) {
      outcome = "refused: " + r.reason();
    } else {
      outcome = step.get().state().pinned().map(f -> "pinned to " + f).orElse("unpinned");
    }
    LOG.info("operator command {}: {}", c.command().describe(), outcome);
    node.emit(new NodeEvent.Commanded(clock.nowMillis(), c.command(), outcome));
    if (step.get() instanceof Step.Switched sw) {
      decided(sw.decision());
    }
    return true;
  }

  private void signAndPublish(Decision d) {
    SignedDecision signed = SignedDecision.sign(d, node.currentSettings().key());
    signedSeq.merge(d.router(), d.seq(), Math::max);
    node.recorder()
        .decision(signed)
        .whenComplete(
            (ok, err) ->
                scheduler.execute(
                    () -> {
                      if (err == null) {
                        node.publish(topics.decisions(), signed.encode());
                        node.emit(new NodeEvent.Decided(clock.nowMillis(), signed, true));
                      } else {
                        LOG.error(
                            "decision {} seq {} not published: it could not be stored: {}",
                            d.router(),
                            d.seq(),
                            err.toString());
                        node.repair().unstored(signed, java.util.List.of());
                      }
                    }));
  }

  /**
   * A decision from the network: accepted when a signer of the roster signed it for this network;
   * kept, and followed when it is ahead of this node's own machine (e.g. it missed certificates).
   */
  ValidationResult onDecision(ReceivedMessage m) {
    Validated<SignedDecision> decoded = SignedDecision.decode(m.data());
    if (!decoded.isValid()) {
      return node.reject(topics.decisions(), decoded.toString());
    }
    SignedDecision signed = decoded.orElseThrow();
    Decision d = signed.decision();
    if (!d.networkId().equals(node.currentSettings().roster().networkId())) {
      return node.reject(topics.decisions(), "decision for network " + d.networkId());
    }
    if (!node.currentSettings().roster().isSigner(signed.signer())) {
      return node.reject(
          topics.decisions(), "decision signed by non-signer " + signed.signer().peerId());
    }
    if (!signed.signatureValid()) {
      return node.reject(topics.decisions(), "decision signature does not verify");
    }
    // A signed decision at this seq was seen before (the node's head already follows one, or the
    // fork choice chose one): a sibling does not move the head; the fork choice settles siblings.
    boolean signedAtSeq =
        signedSeq.getOrDefault(d.router(), 0L) >= d.seq()
            || networkSeq.getOrDefault(d.router(), 0L) >= d.seq();
    networkSeq.merge(d.router(), d.seq(), Math::max);
    boolean wasActive = d.to().equals(routers.activeTargets().get(d.router()));
    if (routers.follow(d, signedAtSeq) && !wasActive) {
      node.emit(new NodeEvent.Switched(clock.nowMillis(), d));
    }
    node.recorder()
        .decision(signed)
        .whenComplete(
            (ok, err) -> {
              if (err != null) {
                List<PeerId> ask = new ArrayList<>(List.of(m.propagationSource()));
                if (!m.author().equals(m.propagationSource())) {
                  ask.add(m.author());
                }
                scheduler.execute(() -> node.repair().unstored(signed, ask));
              }
            });
    node.emit(new NodeEvent.Decided(clock.nowMillis(), signed, false));
    return ValidationResult.ACCEPT;
  }

  /**
   * The store adopted the network's branch with head {@code head} (see {@link
   * NodeService#adoptHead}). The router moves to it even over a sibling at the same seq; this
   * node's own replaced decisions stay counted in {@link #signedSeq}, so it never signs that seq
   * again.
   */
  void adopted(SignedDecision head) {
    Decision d = head.decision();
    networkSeq.merge(d.router(), d.seq(), Math::max);
    boolean wasActive = d.to().equals(routers.activeTargets().get(d.router()));
    if (routers.rebase(d) && !wasActive) {
      node.emit(new NodeEvent.Switched(clock.nowMillis(), d));
    }
    node.emit(new NodeEvent.Adopted(clock.nowMillis(), head));
    node.emit(new NodeEvent.Decided(clock.nowMillis(), head, false));
  }
}
