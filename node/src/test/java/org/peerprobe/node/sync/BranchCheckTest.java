package org.peerprobe.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
    assertThat(o).isEqualTo(new BranchCheck.Adopt(1, x.subList(1, 3)));
  }

  @Test
  void theContinuedSiblingWinsFromTheForkPoint() {
    List<SignedDecision> y = sibling(x.get(0), 2);
    BranchCheck.Outcome o = BranchCheck.check(ROSTER, R, y, 0, x);
    assertThat(o).isEqualTo(new BranchCheck.Adopt(1, x.subList(1, 3)));
  }

  @Test
  void aTieOrAShorterBranchKeepsWhatIsHeld() {
    List<SignedDecision> y = sibling(x.get(0), 2);
    assertThat(BranchCheck.check(ROSTER, R, x, 0, y)).isInstanceOf(BranchCheck.Keep.class);
    assertThat(BranchCheck.check(ROSTER, R, y, 0, x.subList(0, 2)))
        .isInstanceOf(BranchCheck.Keep.class);
    assertThat(BranchCheck.check(ROSTER, R, x, 3, List.of())).isInstanceOf(BranchCheck.Keep.class);
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
