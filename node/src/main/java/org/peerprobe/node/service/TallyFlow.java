package org.peerprobe.node.service;

import java.util.List;
import java.util.Optional;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.quorum.FrontTally;
import org.peerprobe.consensus.quorum.ReportValidator;
import org.peerprobe.consensus.quorum.RoundTally;
import org.peerprobe.consensus.quorum.VerifiedCertificate;
import org.peerprobe.consensus.quorum.VerifiedReport;
import org.peerprobe.consensus.quorum.VerifiedSignatures;
import org.peerprobe.consensus.validation.Validated;
import org.peerprobe.node.round.RoundClock;
import org.peerprobe.node.round.TallyBook;
import org.peerprobe.node.round.Topics;
import org.peerprobe.p2p.pubsub.ReceivedMessage;
import org.peerprobe.p2p.pubsub.ValidationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tally side of a {@link NodeService}: validating the reports and certificates peers gossip,
 * counting them (and this node's own report) in the tally book, certifying verdicts and feeding
 * certificates to the routers. Runs on the node's scheduler, like the service it belongs to.
 */
final class TallyFlow {
  private static final Logger LOG = LoggerFactory.getLogger(TallyFlow.class);

  private final NodeService node;
  private final Routers routers;
  private final DecisionFlow decisions;
  private final RoundClock clock;
  private final Topics topics;
  private final VerifiedSignatures memo = new VerifiedSignatures();
  private TallyBook book;

  TallyFlow(
      NodeService node,
      Roster roster,
      Routers routers,
      DecisionFlow decisions,
      RoundClock clock,
      Topics topics) {
    this.node = node;
    this.routers = routers;
    this.decisions = decisions;
    this.clock = clock;
    this.topics = topics;
    this.book = new TallyBook(roster, memo);
  }

  /** A new roster gets a new tally book; the old one's rounds are closed and recorded. */
  void adopt(Roster next) {
    recordClosed(book.closeAll());
    book = new TallyBook(next, memo);
  }

  /** This node's own signed report: validated like any other, then counted. */
  void countOwn(SignedReport signed) {
    Validated<VerifiedReport> own =
        ReportValidator.validate(
            signed, node.currentSettings().roster(), clock.acceptedWindow(), memo);
    if (own.isValid()) {
      count(own.orElseThrow());
    }
  }

  ValidationResult onReport(ReceivedMessage m) {
    Validated<SignedReport> decoded = SignedReport.decode(m.data());
    if (!decoded.isValid()) {
      return node.reject(topics.reports(), decoded.toString());
    }
    SignedReport signed = decoded.orElseThrow();
    if (!signed.report().observer().peerId().equals(m.author().toString())) {
      return node.reject(
          topics.reports(),
          "report of " + signed.report().observer().peerId() + " published by " + m.author());
    }
    Validated<VerifiedReport> v =
        ReportValidator.validate(
            signed, node.currentSettings().roster(), clock.acceptedWindow(), memo);
    if (!v.isValid()) {
      return LateReports.isLateButHonest(v, signed.report().round(), clock.currentRound())
          ? ValidationResult.IGNORE
          : node.reject(topics.reports(), v.toString());
    }
    count(v.orElseThrow());
    node.recorder().report(signed, false);
    node.emit(new NodeEvent.Accepted(clock.nowMillis(), topics.reports()));
    return ValidationResult.ACCEPT;
  }

  private void count(VerifiedReport report) {
    TallyBook.Added added = book.add(report);
    if (added.result() instanceof RoundTally.AddResult.Equivocated e) {
      node.emit(
          new NodeEvent.Rejected(
              clock.nowMillis(),
              topics.reports(),
              "equivocation by " + e.evidence().first().report().observer().peerId()));
      node.recorder().equivocation(e.evidence());
    }
    recordClosed(book.drainClosed());
    long now = clock.nowMillis();
    for (FrontTally t : added.tallies()) {
      node.emit(
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
        node.publish(topics.certificates(), c.encode());
        certified(v.get().orElseThrow(), true);
      }
    }
  }

  private void recordClosed(List<TallyBook.Closed> closed) {
    for (TallyBook.Closed c : closed) {
      node.recorder().verdict(c.tally(), c.certificateId());
    }
  }

  ValidationResult onCertificate(ReceivedMessage m) {
    Validated<QuorumCertificate> decoded = QuorumCertificate.decode(m.data());
    if (!decoded.isValid()) {
      return node.reject(topics.certificates(), decoded.toString());
    }
    QuorumCertificate cert = decoded.orElseThrow();
    if (cert.networkId().equals(node.currentSettings().roster().networkId())
        && cert.rosterVersion() != node.currentSettings().roster().version()) {
      // Made under another roster version: during a bundle update honest peers disagree on the
      // version for a moment, so this is not the sender's fault. It is not counted either.
      LOG.debug("ignored certificate of roster v{}", cert.rosterVersion());
      return ValidationResult.IGNORE;
    }
    Optional<Validated<VerifiedCertificate>> v = book.receive(cert);
    if (v.isEmpty()) {
      return ValidationResult.IGNORE;
    }
    if (!v.get().isValid()) {
      return node.reject(topics.certificates(), v.get().toString());
    }
    certified(v.get().orElseThrow(), false);
    return ValidationResult.ACCEPT;
  }

  private void certified(VerifiedCertificate c, boolean own) {
    node.recorder().certificate(c.certificate());
    node.emit(
        new NodeEvent.Certified(clock.nowMillis(), c.round(), c.front(), c.verdict(), c.id(), own));
    for (Decision d : routers.onCertificate(c)) {
      decisions.decided(d);
    }
  }
}
