package org.peerprobe.consensus.failover;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.peerprobe.consensus.model.CommandAction;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.model.OperatorCommand;
import org.peerprobe.consensus.model.SignedOperatorCommand;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.model.VerifiedCommand;
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
 *       mode MANUAL only the operator's FAILBACK command ({@link #onCommand}) does this, and it too
 *       needs an UP certificate for the primary in the command's round or the one before.
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
        new FailoverState(
            s.networkId(),
            p,
            s.active(),
            s.seq(),
            s.head(),
            s.lastSwitchRound(),
            ev,
            s.pinned(),
            s.lastCommandAtMs());
    if (s.pinned().isPresent()) {
      return new Step.Unchanged(next);
    }
    for (long e : ev.keySet()) {
      Optional<Decision> d = switchAt(next, e);
      if (d.isPresent()) {
        return new Step.Switched(applied(next, d.get(), Optional.empty()), d.get());
      }
    }
    return new Step.Unchanged(next);
  }

  /**
   * The first protocol version's manual failback, effective at {@code round}: like a {@link
   * CommandAction#FAILBACK} command, but the decision carries no command. Kept for the v1 vectors;
   * nodes use {@link #onCommand}.
   */
  public static Step onManualFailback(FailoverState s, long round) {
    if (s.pinned().isPresent()) {
      return new Step.Refused(s, "the router is pinned to " + s.pinned().get());
    }
    return failback(s, round, Optional.empty());
  }

  /**
   * An operator command, verified against the roster, effective at {@code round} (the round of its
   * {@code issuedAtMs}, so that every node makes the same decision). A command for another router
   * or one not issued after the last command the router took (a replay) is refused and changes
   * nothing; any other command is taken — the state remembers its {@code issuedAtMs} even when the
   * rules then refuse it:
   *
   * <ul>
   *   <li>FAILBACK: refused while pinned; otherwise as {@link #onManualFailback}, the decision
   *       carrying the command;
   *   <li>PIN: refused for a front that is not the router's; onto the active front it only pins;
   *       onto the other front it switches at once with reason PINNED, citing no certificate (the
   *       command is the authority, so a front certified DOWN is allowed) and ignoring the
   *       cooldown, provided {@code round} is after the last switch;
   *   <li>UNPIN: ends the pin (refused when there is none); the next certificate is evaluated by
   *       the rules again.
   * </ul>
   */
  public static Step onCommand(FailoverState s, VerifiedCommand verified, long round) {
    OperatorCommand c = verified.command();
    if (!c.networkId().equals(s.networkId()) || !c.router().equals(s.policy().name())) {
      return new Step.Refused(
          s, "the command is for router " + c.router() + " of " + c.networkId());
    }
    if (s.replays(c.issuedAtMs())) {
      return new Step.Refused(
          s,
          "replay: issued at "
              + c.issuedAtMs()
              + ", not after the last command taken ("
              + s.lastCommandAtMs().getAsLong()
              + ")");
    }
    FailoverState taken = s.withCommandAt(c.issuedAtMs());
    Optional<String> pinned = s.pinned();
    return switch (c.action()) {
      case FAILBACK ->
          pinned.isPresent()
              ? new Step.Refused(
                  taken, "the router is pinned to " + pinned.get() + ": unpin it first")
              : failback(taken, round, Optional.of(verified.signed()));
      case PIN -> pin(taken, c.front().orElseThrow(), round, verified.signed());
      case UNPIN ->
          pinned.isEmpty()
              ? new Step.Refused(taken, "the router is not pinned")
              : new Step.Unchanged(taken.withPin(Optional.empty()));
    };
  }

  private static Step failback(
      FailoverState s, long round, Optional<SignedOperatorCommand> command) {
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
    Decision d =
        decision(s, p.primary(), round, List.of(up.get()), DecisionReason.MANUAL_FAILBACK, command);
    return new Step.Switched(applied(s, d, Optional.empty()), d);
  }

  private static Step pin(
      FailoverState s, String front, long round, SignedOperatorCommand command) {
    RouterPolicy p = s.policy();
    if (!p.covers(front)) {
      return new Step.Refused(
          s, front + " is neither " + p.primary() + " nor " + p.secondary() + " of " + p.name());
    }
    if (s.active().equals(front)) {
      return new Step.Unchanged(s.withPin(Optional.of(front)));
    }
    if (!s.afterLastSwitch(round)) {
      return new Step.Refused(
          s,
          "round "
              + round
              + " is not after the switch at round "
              + s.lastSwitchRound().orElse(-1)
              + ": issue the command again");
    }
    Decision d = decision(s, front, round, List.of(), DecisionReason.PINNED, Optional.of(command));
    return new Step.Switched(applied(s, d, Optional.of(front)), d);
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
      return Optional.of(decision(s, other, e, cited, DecisionReason.FAILOVER, Optional.empty()));
    }
    if (active.equals(p.secondary()) && p.failback() == FailbackMode.AUTO) {
      Optional<List<String>> primaryUp = streak(s, p.primary(), Verdict.UP, e, p.upRounds());
      if (primaryUp.isPresent()) {
        return Optional.of(
            decision(
                s, p.primary(), e, primaryUp.get(), DecisionReason.FAILBACK, Optional.empty()));
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
      FailoverState s,
      String to,
      long round,
      List<String> cited,
      DecisionReason reason,
      Optional<SignedOperatorCommand> command) {
    return new Decision(
        s.networkId(),
        s.policy().name(),
        s.active(),
        to,
        round,
        s.seq() + 1,
        s.head(),
        cited,
        reason,
        command);
  }

  private static FailoverState applied(FailoverState s, Decision d, Optional<String> pinned) {
    return new FailoverState(
        s.networkId(),
        s.policy(),
        d.to(),
        d.seq(),
        d.id(),
        OptionalLong.of(d.round()),
        s.evidence(),
        pinned,
        s.lastCommandAtMs());
  }
}
