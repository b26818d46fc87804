package org.peerprobe.consensus.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

class DecisionChainTest {
  private final Roster roster = TestNetwork.of(2, 2).roster();
  private final List<SignedDecision> three = TestDecisions.chain(3, TestKeys.signer());
  private final DecisionChain chain =
      new DecisionChain(TestNetwork.NETWORK_ID, TestDecisions.ROUTER);

  private void hold(int n) {
    for (int i = 0; i < n; i++) {
      chain.append(three.get(i), roster).orElseThrow();
    }
  }

  private Rejection rejection(SignedDecision d) {
    List<SignedDecision> before = List.copyOf(chain.decisions());
    Validated<SignedDecision> v = chain.append(d, roster);
    assertThat(v).isInstanceOf(Validated.Invalid.class);
    assertThat(chain.decisions())
        .as("a refused decision leaves the chain as it was")
        .isEqualTo(before);
    return ((Validated.Invalid<SignedDecision>) v).rejection();
  }

  @Test
  void acceptsAChainSignedByEitherSigner() {
    assertThat(chain.head()).isEmpty();
    chain.append(three.get(0), roster).orElseThrow();
    chain
        .append(SignedDecision.sign(three.get(1).decision(), TestKeys.standbySigner()), roster)
        .orElseThrow();
    chain.append(three.get(2), roster).orElseThrow();
    assertThat(chain.decisions()).hasSize(3);
    assertThat(chain.head()).contains(three.get(2));
  }

  @Test
  void refusesAGap() {
    assertThat(rejection(three.get(1))).isEqualTo(Rejection.CHAIN_GAP);
    hold(1);
    assertThat(rejection(three.get(2))).isEqualTo(Rejection.CHAIN_GAP);
  }

  @Test
  void refusesAReplayWhoeverSignedIt() {
    hold(3);
    for (SignedDecision d : three) {
      assertThat(rejection(d)).isEqualTo(Rejection.CHAIN_REPLAY);
      assertThat(rejection(SignedDecision.sign(d.decision(), TestKeys.standbySigner())))
          .isEqualTo(Rejection.CHAIN_REPLAY);
    }
  }

  @Test
  void refusesAForkAtAHeldSeq() {
    hold(2);
    Decision second = three.get(1).decision();
    Decision rival =
        new Decision(
            second.networkId(),
            second.router(),
            second.from(),
            second.to(),
            second.round() + 1,
            second.seq(),
            second.prev(),
            second.certificates(),
            second.reason());
    assertThat(rejection(SignedDecision.sign(rival, TestKeys.signer())))
        .isEqualTo(Rejection.CHAIN_FORK);
  }

  @Test
  void refusesTheNextSeqChainedToAnythingButTheHead() {
    hold(2);
    Decision third = three.get(2).decision();
    Decision offHead =
        new Decision(
            third.networkId(),
            third.router(),
            third.from(),
            third.to(),
            third.round(),
            third.seq(),
            three.get(0).decision().id(),
            third.certificates(),
            third.reason());
    assertThat(rejection(SignedDecision.sign(offHead, TestKeys.signer())))
        .isEqualTo(Rejection.CHAIN_FORK);
  }

  @Test
  void refusesABadSignature() {
    hold(2);
    SignedDecision forged =
        new SignedDecision(
            three.get(2).decision(), TestKeys.signer().publicKey(), three.get(1).signature());
    assertThat(rejection(forged)).isEqualTo(Rejection.BAD_SIGNATURE);
  }

  @Test
  void refusesAKeyThatIsNotASigner() {
    hold(2);
    for (var key : List.of(TestKeys.key(0), TestKeys.operator(), TestKeys.outsider(0))) {
      assertThat(rejection(SignedDecision.sign(three.get(2).decision(), key)))
          .isEqualTo(Rejection.NOT_A_SIGNER);
    }
  }

  @Test
  void refusesASwitchFromAFrontTheRouterDoesNotPointAt() {
    hold(2);
    Decision third = three.get(2).decision();
    // The head switched to the secondary; this one claims to leave the third front.
    Decision wrongFrom =
        new Decision(
            third.networkId(),
            third.router(),
            "third-front",
            third.to(),
            third.round(),
            third.seq(),
            third.prev(),
            third.certificates(),
            third.reason());
    assertThat(rejection(SignedDecision.sign(wrongFrom, TestKeys.signer())))
        .isEqualTo(Rejection.INCONSISTENT);
  }

  @Test
  void refusesARoundNotAfterTheHead() {
    hold(2);
    Decision third = three.get(2).decision();
    Decision early =
        new Decision(
            third.networkId(),
            third.router(),
            third.from(),
            third.to(),
            three.get(1).decision().round(),
            third.seq(),
            third.prev(),
            third.certificates(),
            third.reason());
    assertThat(rejection(SignedDecision.sign(early, TestKeys.signer())))
        .isEqualTo(Rejection.INCONSISTENT);
  }

  @Test
  void refusesAnotherRouterOrNetwork() {
    DecisionChain api = new DecisionChain(TestNetwork.NETWORK_ID, "api-router");
    Validated<SignedDecision> v = api.append(three.get(0), roster);
    assertThat(((Validated.Invalid<SignedDecision>) v).rejection())
        .isEqualTo(Rejection.INCONSISTENT);

    DecisionChain other = new DecisionChain("other-net", TestDecisions.ROUTER);
    v = other.append(three.get(0), roster);
    assertThat(((Validated.Invalid<SignedDecision>) v).rejection())
        .isEqualTo(Rejection.WRONG_NETWORK);

    Roster otherRoster = roster.toBuilder().networkId("other-net").build();
    assertThat(rejectionWith(otherRoster)).isEqualTo(Rejection.WRONG_NETWORK);
  }

  private Rejection rejectionWith(Roster r) {
    Validated<SignedDecision> v = chain.append(three.get(0), r);
    assertThat(chain.decisions()).isEmpty();
    return ((Validated.Invalid<SignedDecision>) v).rejection();
  }

  @Test
  void theGenuineNextDecisionIsStillAcceptedAfterRefusals() {
    hold(2);
    rejection(three.get(0));
    rejection(SignedDecision.sign(three.get(2).decision(), TestKeys.key(1)));
    assertThat(chain.append(three.get(2), roster).isValid()).isTrue();
  }
}
