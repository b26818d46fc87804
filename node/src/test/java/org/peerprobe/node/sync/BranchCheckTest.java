package org.peerprobe.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;

class BranchCheckTest {
  private static final TestNetwork NET = TestNetwork.of(4, 3);
  private static final Roster ROSTER = NET.roster();
  private static final String R = TestDecisions.ROUTER;

  private final List<SignedDecision> x = TestDecisions.chain(3, TestKeys.signer());

  @Test
  void aLongerBranchAfterTheHeadIsAdoptedWithNothingReplaced() {
    BranchCheck.Outcome o = BranchCheck.check(ROSTER, R, x.subList(0, 1), 1, x.subList(1, 3));
    assertThat(o).isEqualTo(new BranchCheck.Adopt(1, x.subList(1, 3), Optional.empty()));
  }

  @Test
  void theContinuedSiblingWinsFromTheForkPoint() {
    List<SignedDecision> y = sibling(x.get(0), 2);
    BranchCheck.Outcome o = BranchCheck.check(ROSTER, R, y, 0, x);
    assertThat(o).isEqualTo(new BranchCheck.Adopt(1, x.subList(1, 3), Optional.empty()));
  }

  @Test
  void aShorterBranchKeepsWhatIsHeld() {
    List<SignedDecision> y = sibling(x.get(0), 2);
    assertThat(BranchCheck.check(ROSTER, R, x, 0, y)).isInstanceOf(BranchCheck.Keep.class);
    assertThat(BranchCheck.check(ROSTER, R, x, 3, List.of())).isInstanceOf(BranchCheck.Keep.class);
    assertThat(BranchCheck.check(ROSTER, R, x, 0, x)).isInstanceOf(BranchCheck.Keep.class);
  }

  @Test
  void aTieGoesToTheSiblingOfTheFirstRankedSignerWhicheverWasHeld() {
    List<SignedDecision> bySigner = x.subList(0, 2);
    List<SignedDecision> byStandby = sibling(x.get(0), 2);
    boolean signerFirst = ROSTER.signers().get(0).equals(TestKeys.signer().publicKey());
    List<SignedDecision> winner = signerFirst ? bySigner : byStandby;
    List<SignedDecision> loser = signerFirst ? byStandby : bySigner;

    assertThat(BranchCheck.check(ROSTER, R, loser, 0, winner))
        .isEqualTo(
            new BranchCheck.Adopt(
                1, winner.subList(1, 2), Optional.of(loser.get(1).decision().id())));
    assertThat(BranchCheck.check(ROSTER, R, winner, 0, loser)).isInstanceOf(BranchCheck.Keep.class);
  }

  @Test
  void aTieBetweenTwoDecisionsOfOneSignerGoesToTheSmallerId() {
    SignedDecision a =
        SignedDecision.sign(TestDecisions.after(x.get(0).decision(), 77), TestKeys.signer());
    SignedDecision b =
        SignedDecision.sign(TestDecisions.after(x.get(0).decision(), 88), TestKeys.signer());
    SignedDecision small = a.decision().id().compareTo(b.decision().id()) < 0 ? a : b;
    SignedDecision large = small == a ? b : a;

    assertThat(BranchCheck.check(ROSTER, R, List.of(x.get(0), large), 1, List.of(small)))
        .isEqualTo(new BranchCheck.Adopt(1, List.of(small), Optional.of(large.decision().id())));
    assertThat(BranchCheck.check(ROSTER, R, List.of(x.get(0), small), 1, List.of(large)))
        .isInstanceOf(BranchCheck.Keep.class);
  }

  @Test
  void anAnswerForkingBelowTheAskedSeqAsksDeeper() {
    List<SignedDecision> y = sibling(x.get(0), 2);
    assertThat(BranchCheck.check(ROSTER, R, y, 2, x.subList(2, 3)))
        .isInstanceOf(BranchCheck.Deeper.class);
  }

  @Test
  void forgedAnswersAreInvalid() {
    SignedDecision byObserver = SignedDecision.sign(x.get(1).decision(), NET.key(0));
    assertThat(BranchCheck.check(ROSTER, R, x.subList(0, 1), 1, List.of(byObserver)))
        .isInstanceOf(BranchCheck.Invalid.class);
    // a hole in the answer
    assertThat(BranchCheck.check(ROSTER, R, x.subList(0, 1), 1, List.of(x.get(2))))
        .isInstanceOf(BranchCheck.Invalid.class);
    // a seq 1 that does not start at genesis
    assertThat(BranchCheck.check(ROSTER, R, List.of(), 0, x.subList(1, 3)))
        .isInstanceOf(BranchCheck.Invalid.class);
  }

  /** {@code root}, then {@code length - 1} decisions of another branch than {@link #x}. */
  private static List<SignedDecision> sibling(SignedDecision root, int length) {
    List<SignedDecision> out = new ArrayList<>(List.of(root));
    Decision head = root.decision();
    for (int i = 2; i <= length; i++) {
      head = TestDecisions.after(head, 5L + 10 * i);
      out.add(SignedDecision.sign(head, TestKeys.standbySigner()));
    }
    return out;
  }
}
