package org.peerprobe.consensus.failover;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.quorum.VerifiedCertificate;

/**
 * The failover rules of one router, as a pure function of state and input.
 *
 * <ul>
 *   <li><b>Failover</b>: switch from the active front A to the other front B at round e when A has
 *       DOWN certificates for the {@code downRounds} consecutive rounds ending at e and B has an UP
 *       certificate in round e or e−1. Never switch onto a front without one: when both are down
 *       the router stays put.
 *   <li><b>Failback</b> (mode AUTO): while the secondary is active, switch to the primary after UP
 *       certificates for the primary in the {@code upRounds} consecutive rounds ending at e. In
 *       mode MANUAL only {@link #onManualFailback} does this, and it too needs an UP certificate
 *       for the primary in the command's round or the one before.
 *   <li>Only evidence from rounds after the last switch counts, and two switches are at least
 *       {@code cooldownRounds} rounds apart.
 *   <li>Every switch yields a {@link Decision} with seq one higher than the last, chained to it.
 * </ul>
 *
 * <p>Certificates reach the machine only as {@link VerifiedCertificate}s, re-checked against the
 * roster. Certificates arriving out of order are fine: each input re-evaluates the window.
 */
public final class FailoverMachine {
  private FailoverMachine() {}

  /**
   * Records a verified certificate and switches if the rules now call for it. Certificates of
   * another front or another network change nothing.
   */
  public static Step onCertificate(FailoverState s, VerifiedCertificate cert) {
    RouterPolicy p = s.policy();
    if (!p.covers(cert.front()) || !cert.certificate().networkId().equals(s.networkId())) {
      return new Step.Unchanged(s);
    }
    long highest =
        s.evidence().isEmpty() ? cert.round() : Math.max(s.evidence().lastKey(), cert.round());
    long oldestKept = highest - p.evidenceWindow() + 1;
    if (cert.round() < oldestKept || !s.afterLastSwitch(cert.round())) {
      return new Step.Unchanged(s);
    }
    NavigableMap<Long, Map<String, Evidence>> ev =
        new TreeMap<>(s.evidence().tailMap(oldestKept, true));
    Map<String, Evidence> byFront = new HashMap<>(ev.getOrDefault(cert.round(), Map.of()));
    Evidence held = byFront.get(cert.front());
    if (held == null) {
      byFront.put(cert.front(), new Evidence(cert.verdict(), cert.id()));
    } else if (held.verdict() != cert.verdict()) {
      byFront.put(cert.front(), Evidence.CONTRADICTED);
    }
    ev.put(cert.round(), byFront);
    FailoverState next =
        new FailoverState(s.networkId(), p, s.active(), s.seq(), s.head(), s.lastSwitchRound(), ev);
    for (long e : ev.keySet()) {
      Optional<Decision> d = switchAt(next, e);
      if (d.isPresent()) {
        return new Step.Switched(applied(next, d.get()), d.get());
      }
    }
    return new Step.Unchanged(next);
  }

  /** The operator's command to return to the primary, effective at {@code round}. */
  public static Step onManualFailback(FailoverState s, long round) {
    RouterPolicy p = s.policy();
    if (s.active().equals(p.primary())) {
      return new Step.Refused(s, "the primary " + p.primary() + " is already active");
    }
    if (!s.afterLastSwitch(round) || !s.cooledDown(round)) {
      return new Step.Refused(
          s,
          "round "
              + round
              + " is within the cooldown of the switch at round "
              + s.lastSwitchRound().orElse(-1));
    }
    Optional<String> up = upCertificate(s, p.primary(), round);
    if (up.isEmpty()) {
      return new Step.Refused(
          s, "no UP certificate for " + p.primary() + " in round " + round + " or " + (round - 1));
    }
    Decision d = decision(s, p.primary(), round, List.of(up.get()), DecisionReason.MANUAL_FAILBACK);
    return new Step.Switched(applied(s, d), d);
  }

  private static Optional<Decision> switchAt(FailoverState s, long e) {
    RouterPolicy p = s.policy();
    if (!s.cooledDown(e)) {
      return Optional.empty();
    }
    String active = s.active();
    String other = p.other(active);
    Optional<List<String>> down = streak(s, active, Verdict.DOWN, e, p.downRounds());
    Optional<String> up = upCertificate(s, other, e);
    if (down.isPresent() && up.isPresent()) {
      List<String> cited = new ArrayList<>(down.get());
      cited.add(up.get());
      return Optional.of(decision(s, other, e, cited, DecisionReason.FAILOVER));
    }
    if (active.equals(p.secondary()) && p.failback() == FailbackMode.AUTO) {
      Optional<List<String>> primaryUp = streak(s, p.primary(), Verdict.UP, e, p.upRounds());
      if (primaryUp.isPresent()) {
        return Optional.of(decision(s, p.primary(), e, primaryUp.get(), DecisionReason.FAILBACK));
      }
    }
    return Optional.empty();
  }

  /**
   * Certificate ids of {@code n} consecutive {@code verdict} rounds of {@code front} ending at e.
   */
  private static Optional<List<String>> streak(
      FailoverState s, String front, Verdict verdict, long e, int n) {
    List<String> ids = new ArrayList<>(n);
    for (long r = e - n + 1; r <= e; r++) {
      if (r < 0 || !s.afterLastSwitch(r) || !s.certified(front, r, verdict)) {
        return Optional.empty();
      }
      ids.add(s.evidence(front, r).orElseThrow().certificateId());
    }
    return Optional.of(ids);
  }

  /** An UP certificate of {@code front} in round e, else in e−1, after the last switch. */
  private static Optional<String> upCertificate(FailoverState s, String front, long e) {
    for (long r : new long[] {e, e - 1}) {
      if (r >= 0 && s.afterLastSwitch(r) && s.certified(front, r, Verdict.UP)) {
        return Optional.of(s.evidence(front, r).orElseThrow().certificateId());
      }
    }
    return Optional.empty();
  }

  private static Decision decision(
      FailoverState s, String to, long round, List<String> cited, DecisionReason reason) {
    return new Decision(
        s.networkId(),
        s.policy().name(),
        s.active(),
        to,
        round,
        s.seq() + 1,
        s.head(),
        cited,
        reason);
  }

  private static FailoverState applied(FailoverState s, Decision d) {
    return new FailoverState(
        s.networkId(),
        s.policy(),
        d.to(),
        d.seq(),
        d.id(),
        OptionalLong.of(d.round()),
        s.evidence());
  }
}
