package org.peerprobe.node.signer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.node.service.NodeEvent;

class SignerRoleTest {
  private final List<Fence> desired = new ArrayList<>();
  private final SignerRole role =
      new SignerRole(
          t -> desired.add(t.fence()),
          d ->
              Optional.of(
                  new RouterTarget(
                      d.router(),
                      "www.example.test.",
                      d.to() + ".example.test.",
                      60,
                      new Fence(d.seq(), d.id()))));

  private final SignedDecision x1 = TestDecisions.chain(1, TestKeys.signer()).get(0);
  private final SignedDecision y1 =
      SignedDecision.sign(
          TestDecisions.after(null, x1.decision().round() + 1), TestKeys.standbySigner());
  private final SignedDecision x2 =
      SignedDecision.sign(TestDecisions.after(x1.decision(), 500), TestKeys.signer());

  @Test
  void aSiblingFromGossipDoesNotReplaceTheDesiredDecisionButTheAdoptedHeadDoes() {
    role.accept(new NodeEvent.Decided(1, x1, true));
    role.accept(new NodeEvent.Decided(2, y1, false)); // the other signer's sibling: ignored
    assertThat(desired).containsExactly(fence(x1));

    role.accept(new NodeEvent.Adopted(3, y1)); // the fork choice chose it
    assertThat(desired).containsExactly(fence(x1), fence(y1));
  }

  @Test
  void aNewerDecisionFromAnotherSignerIsAppliedAndAnOlderOneIsNot() {
    role.resume(x1);
    role.accept(new NodeEvent.Decided(1, x2, false));
    role.accept(new NodeEvent.Decided(2, y1, false));
    assertThat(desired).containsExactly(fence(x1), fence(x2));
  }

  private static Fence fence(SignedDecision d) {
    Decision dd = d.decision();
    return new Fence(dd.seq(), dd.id());
  }
}
