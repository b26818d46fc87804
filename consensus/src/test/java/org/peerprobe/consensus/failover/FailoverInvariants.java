package org.peerprobe.consensus.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.DecisionReason;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.quorum.VerifiedCertificate;

/**
 * Watches a {@link FailoverMachine} run from outside and checks, after every input, what the
 * machine must guarantee, using only the certificates fed so far:
 *
 * <ul>
 *   <li>a switch goes to the other front and chains to the previous one (seq + 1, prev = its id);
 *   <li>it cites an UP certificate of its target from its round or the one before, of this network,
 *       after the previous switch, not contradicted by a DOWN certificate fed before;
 *   <li>it is at least cooldownRounds after the previous switch, and after it;
 *   <li>FAILOVER cites exactly downRounds consecutive uncontradicted DOWN certificates of the front
 *       it leaves, ending at its round; FAILBACK (AUTO only) upRounds consecutive UP certificates
 *       of the primary; MANUAL_FAILBACK only answers a manual command, at the command's round;
 *   <li>an input that does not switch changes neither the target nor the chain, and only manual
 *       commands are refused.
 * </ul>
 */
final class FailoverInvariants {
  private final RouterPolicy policy;
  private final String networkId;
  private final Map<String, VerifiedCertificate> fedById = new HashMap<>();
  private final List<VerifiedCertificate> fed = new ArrayList<>();
  private final List<Decision> decisions = new ArrayList<>();
  private String active;
  private long seq;
  private String head;
  private OptionalLong lastSwitchRound;

  FailoverInvariants(FailoverState initial) {
    this.policy = initial.policy();
    this.networkId = initial.networkId();
    this.active = initial.active();
    this.seq = initial.seq();
    this.head = initial.head();
    this.lastSwitchRound = initial.lastSwitchRound();
  }

  List<Decision> decisions() {
    return decisions;
  }

  void afterCertificate(VerifiedCertificate cert, Step step) {
    fed.add(cert);
    fedById.put(cert.id(), cert);
    assertThat(step).isNotInstanceOf(Step.Refused.class);
    check(step, false, -1);
  }

  void afterManualFailback(long round, Step step) {
    check(step, true, round);
  }

  private void check(Step step, boolean manual, long manualRound) {
    if (step instanceof Step.Switched switched) {
      checkSwitch(switched.decision(), manual, manualRound);
    }
    FailoverState s = step.state();
    assertThat(s.active()).isEqualTo(active);
    assertThat(s.seq()).isEqualTo(seq);
    assertThat(s.head()).isEqualTo(head);
    assertThat(s.lastSwitchRound()).isEqualTo(lastSwitchRound);
  }

  private void checkSwitch(Decision d, boolean manual, long manualRound) {
    assertThat(d.networkId()).isEqualTo(networkId);
    assertThat(d.router()).isEqualTo(policy.name());
    assertThat(d.seq()).isEqualTo(seq + 1);
    assertThat(d.prev()).isEqualTo(head);
    assertThat(d.from()).isEqualTo(active);
    assertThat(d.to()).isEqualTo(policy.other(active));
    if (lastSwitchRound.isPresent()) {
      long last = lastSwitchRound.getAsLong();
      assertThat(d.round()).as("after the previous switch").isGreaterThan(last);
      assertThat(d.round() - last).as("cooldown").isGreaterThanOrEqualTo(policy.cooldownRounds());
    }
    List<VerifiedCertificate> cited = new ArrayList<>();
    for (String id : d.certificates()) {
      assertThat(fedById).as("cited certificate was fed").containsKey(id);
      VerifiedCertificate c = fedById.get(id);
      assertThat(c.certificate().networkId()).isEqualTo(networkId);
      assertThat(c.round()).isLessThanOrEqualTo(d.round());
      lastSwitchRound.ifPresent(last -> assertThat(c.round()).isGreaterThan(last));
      assertThat(contradicted(c)).as("cited certificate %s is contradicted", c).isFalse();
      cited.add(c);
    }
    assertThat(cited)
        .as("an UP certificate of the target in the decision round or the one before")
        .anyMatch(
            c ->
                c.front().equals(d.to())
                    && c.verdict() == Verdict.UP
                    && (c.round() == d.round() || c.round() == d.round() - 1));
    assertThat(d.reason() == DecisionReason.MANUAL_FAILBACK).isEqualTo(manual);
    switch (d.reason()) {
      case FAILOVER -> {
        assertThat(cited).hasSize(policy.downRounds() + 1);
        assertStreak(cited.subList(0, policy.downRounds()), d.from(), Verdict.DOWN, d.round());
      }
      case FAILBACK -> {
        assertThat(policy.failback()).isEqualTo(FailbackMode.AUTO);
        assertThat(d.to()).isEqualTo(policy.primary());
        assertThat(cited).hasSize(policy.upRounds());
        assertStreak(cited, policy.primary(), Verdict.UP, d.round());
      }
      case MANUAL_FAILBACK -> {
        assertThat(d.round()).isEqualTo(manualRound);
        assertThat(d.to()).isEqualTo(policy.primary());
        assertThat(cited).hasSize(1);
      }
    }
    decisions.add(d);
    active = d.to();
    seq = d.seq();
    head = d.id();
    lastSwitchRound = OptionalLong.of(d.round());
  }

  private static void assertStreak(
      List<VerifiedCertificate> certs, String front, Verdict verdict, long endRound) {
    for (int i = 0; i < certs.size(); i++) {
      VerifiedCertificate c = certs.get(i);
      assertThat(c.front()).isEqualTo(front);
      assertThat(c.verdict()).isEqualTo(verdict);
      assertThat(c.round()).isEqualTo(endRound - certs.size() + 1 + i);
    }
  }

  /** A certificate of this network with the opposite verdict for the same (front, round). */
  private boolean contradicted(VerifiedCertificate c) {
    return fed.stream()
        .anyMatch(
            o ->
                o.certificate().networkId().equals(networkId)
                    && o.front().equals(c.front())
                    && o.round() == c.round()
                    && o.verdict() != c.verdict());
  }
}
