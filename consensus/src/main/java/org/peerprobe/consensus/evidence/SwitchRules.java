package org.peerprobe.consensus.evidence;

import java.util.List;
import java.util.Optional;
import org.peerprobe.consensus.failover.FailbackMode;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.Router;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.quorum.VerifiedCertificate;

/**
 * Whether a decision follows from the certificates it cites under its router's policy (protocol
 * §7): the shape of evidence {@code FailoverMachine} cites for each reason, checked from the
 * decision alone. What cannot be seen from the evidence (a contradicting certificate the signer
 * also held) is not checked.
 */
final class SwitchRules {
  private SwitchRules() {}

  /**
   * The first way {@code d} does not follow from {@code cited} (verified, in the decision's order)
   * under the router of {@code bundle}, after {@code prev}; empty when it does.
   */
  static Optional<String> check(
      Decision d, Optional<Decision> prev, List<VerifiedCertificate> cited, NetworkBundle bundle) {
    Optional<Router> router =
        bundle.routers().stream().filter(r -> r.name().equals(d.router())).findFirst();
    if (router.isEmpty()) {
      return Optional.of("router " + d.router() + " is not in bundle v" + bundle.version());
    }
    RouterPolicy p = router.get().policy();
    if (!p.covers(d.from()) || !p.covers(d.to())) {
      return Optional.of(
          "switches "
              + d.from()
              + "→"
              + d.to()
              + " but the router's fronts are "
              + p.primary()
              + " and "
              + p.secondary());
    }
    long e = d.round();
    for (VerifiedCertificate c : cited) {
      if (prev.isPresent() && c.round() <= prev.get().round()) {
        return Optional.of(
            "cites "
                + describe(c)
                + ", not after the previous switch at round "
                + prev.get().round());
      }
    }
    Optional<Long> commandRound =
        d.command()
            .map(
                c ->
                    Math.floorDiv(c.command().issuedAtMs(), 1000L * bundle.roundIntervalSeconds()));
    if (commandRound.isPresent() && commandRound.get() != e) {
      return Optional.of(
          "round " + e + " is not the round of its command's issuedAtMs, " + commandRound.get());
    }
    if (d.reason() != org.peerprobe.consensus.model.DecisionReason.PINNED
        && prev.isPresent()
        && e - prev.get().round() < p.cooldownRounds()) {
      return Optional.of(
          "round "
              + e
              + " is within the cooldown of "
              + p.cooldownRounds()
              + " rounds after the switch at round "
              + prev.get().round());
    }
    return switch (d.reason()) {
      case FAILOVER -> failover(d, cited, p.downRounds());
      case FAILBACK ->
          p.failback() != FailbackMode.AUTO
              ? Optional.of("an automatic failback, but the router's failback is MANUAL")
              : toPrimary(d, p)
                  .or(() -> streak(cited, 0, p.upRounds(), p.primary(), Verdict.UP, e));
      case MANUAL_FAILBACK ->
          toPrimary(d, p).or(() -> count(cited, 1)).or(() -> upAtOrBefore(cited.get(0), d, e));
      case PINNED -> count(cited, 0);
    };
  }

  private static Optional<String> failover(Decision d, List<VerifiedCertificate> cited, int down) {
    return count(cited, down + 1)
        .or(() -> streak(cited, 0, down, d.from(), Verdict.DOWN, d.round()))
        .or(() -> upAtOrBefore(cited.get(down), d, d.round()));
  }

  private static Optional<String> toPrimary(Decision d, RouterPolicy p) {
    return d.to().equals(p.primary())
        ? Optional.empty()
        : Optional.of("a " + d.reason() + " must switch to the primary " + p.primary());
  }

  private static Optional<String> count(List<VerifiedCertificate> cited, int expected) {
    return cited.size() == expected
        ? Optional.empty()
        : Optional.of("cites " + cited.size() + " certificates, the rule cites " + expected);
  }

  /** cited[from..from+n) are {@code verdict} for {@code front} at rounds e−n+1 … e, in order. */
  private static Optional<String> streak(
      List<VerifiedCertificate> cited, int from, int n, String front, Verdict verdict, long e) {
    if (cited.size() < from + n) {
      return Optional.of("cites " + cited.size() + " certificates, the rule cites " + (from + n));
    }
    for (int j = 0; j < n; j++) {
      VerifiedCertificate c = cited.get(from + j);
      long round = e - n + 1 + j;
      if (!c.front().equals(front) || c.verdict() != verdict || c.round() != round) {
        return Optional.of(
            "certificates["
                + (from + j)
                + "] is "
                + describe(c)
                + ", the rule needs "
                + front
                + " "
                + verdict
                + " at round "
                + round);
      }
    }
    return Optional.empty();
  }

  /** {@code c} certifies the decision's target UP at round e or e−1. */
  private static Optional<String> upAtOrBefore(VerifiedCertificate c, Decision d, long e) {
    boolean ok =
        c.front().equals(d.to())
            && c.verdict() == Verdict.UP
            && (c.round() == e || c.round() == e - 1);
    return ok
        ? Optional.empty()
        : Optional.of(
            "cites "
                + describe(c)
                + ", the rule needs "
                + d.to()
                + " UP at round "
                + e
                + " or "
                + (e - 1));
  }

  private static String describe(VerifiedCertificate c) {
    return c.front() + " " + c.verdict() + " at round " + c.round();
  }
}
