package org.peerprobe.consensus.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.consensus.validation.Validated;

/**
 * Property (f): for any valid chain of 0..8 decisions, a gap, a replay, a fork (at a held seq or
 * from another prev), a bad signature, a non-signer, an inconsistent {@code from}, a round not
 * after the head, another router or another network is refused with its own rejection, leaves the
 * chain unchanged, and does not stop the genuine next decision from being accepted.
 */
class DecisionChainPropertiesTest {
  private static final Roster ROSTER = TestNetwork.of(2, 2).roster();

  @Property(tries = 200)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void everyMutationIsRefusedAndLeavesTheChainIntact(
      @ForAll @IntRange(min = 0, max = 8) int length,
      @ForAll ChainMutation mutation,
      @ForAll @IntRange(min = 0, max = 1000) int pick,
      @ForAll boolean standby) {
    Ed25519KeyPair signer = standby ? TestKeys.standbySigner() : TestKeys.signer();
    int held = mutation.needsAHead() ? Math.max(1, length) : length;
    List<SignedDecision> genuine = TestDecisions.chain(held + 1, signer);
    DecisionChain chain = new DecisionChain(TestNetwork.NETWORK_ID, TestDecisions.ROUTER);
    for (SignedDecision d : genuine.subList(0, held)) {
      chain.append(d, ROSTER).orElseThrow();
    }
    List<SignedDecision> before = List.copyOf(chain.decisions());

    SignedDecision offer = mutation.offer(before, pick, signer);
    Validated<SignedDecision> v = chain.append(offer, ROSTER);
    assertThat(v).isInstanceOf(Validated.Invalid.class);
    assertThat(((Validated.Invalid<SignedDecision>) v).rejection()).isEqualTo(mutation.expected);
    assertThat(chain.decisions()).isEqualTo(before);

    Decision next = genuine.get(held).decision();
    assertThat(chain.append(SignedDecision.sign(next, signer), ROSTER).isValid()).isTrue();
    assertThat(chain.head().orElseThrow().decision()).isEqualTo(next);
    Statistics.label("mutation").collect(mutation);
  }
}
