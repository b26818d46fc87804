package org.peerprobe.node.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.failover.DecisionChain;
import org.peerprobe.consensus.failover.FailoverMachine;
import org.peerprobe.consensus.failover.FailoverState;
import org.peerprobe.consensus.failover.Step;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.quorum.ReportValidator;
import org.peerprobe.consensus.quorum.VerifiedCertificate;
import org.peerprobe.consensus.quorum.VerifiedReport;
import org.peerprobe.consensus.quorum.VerifiedSignatures;
import org.peerprobe.consensus.validation.Validated;
import org.peerprobe.node.round.RoundClock;
import org.peerprobe.node.round.TallyBook;

/**
 * A full node in the simulation: what {@code NodeService} does with reports, certificates and
 * decisions, on the real {@link ReportValidator}, {@link TallyBook}, {@link FailoverMachine} and
 * {@link DecisionChain}. The signer also signs the switches its machine makes and publishes them;
 * every other node follows the decisions it receives (as {@code Routers.follow} does). A restart
 * loses the tally book and the machine's evidence; the machine resumes from the stored chain head.
 */
public final class SimNode {
  private final int id;
  private final Roster roster;
  private final RoundClock clock;
  private final SimNetwork net;
  private final Optional<Ed25519KeyPair> signerKey;
  private final VerifiedSignatures memo;
  private final DecisionChain chain;
  private final List<SimResult.Certified> certified = new ArrayList<>();
  private final List<SimResult.Switched> switched = new ArrayList<>();
  private TallyBook book;
  private FailoverState state;
  private boolean up = true;
  private int rejectedReports;

  SimNode(
      int id,
      Roster roster,
      RoundClock clock,
      SimNetwork net,
      VerifiedSignatures memo,
      Optional<Ed25519KeyPair> signerKey) {
    this.id = id;
    this.roster = roster;
    this.clock = clock;
    this.net = net;
    this.memo = memo;
    this.signerKey = signerKey;
    this.chain = new DecisionChain(roster.networkId(), Scenario.ROUTER.name());
    this.book = new TallyBook(roster, memo);
    this.state = FailoverState.initial(roster.networkId(), Scenario.ROUTER);
    net.attach(this);
  }

  int id() {
    return id;
  }

  boolean up() {
    return up;
  }

  List<SignedDecision> decisionLog() {
    return List.copyOf(chain.decisions());
  }

  /** A report published by an observer (or this node's own, counted directly). */
  void onReport(SignedReport signed) {
    Validated<VerifiedReport> v =
        ReportValidator.validate(signed, roster, clock.acceptedWindow(), memo);
    if (!v.isValid()) {
      rejectedReports++;
      return;
    }
    TallyBook.Added added = book.add(v.orElseThrow());
    book.drainClosed();
    for (QuorumCertificate c : added.certificates()) {
      Optional<Validated<VerifiedCertificate>> mine = book.receive(c);
      if (mine.isPresent() && mine.get().isValid()) {
        net.publish(id, n -> n.onCertificate(c));
        certified(mine.get().orElseThrow(), true);
      }
    }
  }

  void onCertificate(QuorumCertificate c) {
    Optional<Validated<VerifiedCertificate>> v = book.receive(c);
    if (v.isPresent() && v.get().isValid()) {
      certified(v.get().orElseThrow(), false);
    }
  }

  private void certified(VerifiedCertificate c, boolean own) {
    certified.add(
        new SimResult.Certified(clock.nowMillis(), c.round(), c.front(), c.verdict(), own));
    Step step = FailoverMachine.onCertificate(state, c);
    state = step.state();
    if (step instanceof Step.Switched s) {
      switched.add(new SimResult.Switched(clock.nowMillis(), s.decision()));
      signerKey.ifPresent(k -> sign(s.decision(), k));
    }
  }

  private void sign(Decision d, Ed25519KeyPair key) {
    SignedDecision signed = SignedDecision.sign(d, key);
    Validated<SignedDecision> appended = chain.append(signed, roster);
    if (!appended.isValid()) {
      throw new IllegalStateException("simulation bug: the signer's own decision " + appended);
    }
    net.publish(id, n -> n.onDecision(signed));
  }

  void onDecision(SignedDecision signed) {
    if (chain.append(signed, roster).isValid()) {
      follow(signed.decision());
    }
  }

  /** A peer's decision log, on reconnection: the decisions beyond this node's head are taken. */
  void onSync(List<SignedDecision> log) {
    for (SignedDecision d : log) {
      if (d.decision().seq() > chain.decisions().size()) {
        onDecision(d);
      }
    }
  }

  private void follow(Decision d) {
    if (d.seq() == state.seq() && !d.id().equals(state.head()) && d.to().equals(state.active())) {
      // the network's decision for the switch this node's machine also made: chain to it
      state =
          new FailoverState(
              state.networkId(),
              state.policy(),
              state.active(),
              state.seq(),
              d.id(),
              state.lastSwitchRound(),
              state.evidence());
    } else if (d.seq() > state.seq()) {
      state = FailoverState.resume(roster.networkId(), Scenario.ROUTER, d);
    }
  }

  /** The machine stops: nothing reaches it until {@link #restart}. */
  void crash() {
    up = false;
  }

  /**
   * Starts again with an empty tally book, the machine resumed from the stored chain head. (The
   * shared signature memo stays: a real restart loses its own, which costs CPU, not outcomes.)
   */
  void restart() {
    book = new TallyBook(roster, memo);
    state =
        chain
            .head()
            .map(h -> FailoverState.resume(roster.networkId(), Scenario.ROUTER, h.decision()))
            .orElse(FailoverState.initial(roster.networkId(), Scenario.ROUTER));
    up = true;
  }

  SimResult.NodeView view() {
    return new SimResult.NodeView(
        id,
        state.active(),
        chain.head().map(h -> h.decision().id()),
        List.copyOf(certified),
        List.copyOf(switched),
        rejectedReports);
  }
}
