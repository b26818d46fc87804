package org.peerprobe.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.store.TestStores.await;
import static org.peerprobe.node.store.TestStores.failure;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;

class DecisionReorgTest {
  private static final String WEB = TestDecisions.ROUTER;

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(TestStores.START_MS);
  private SqliteStore store;

  @BeforeEach
  void open() {
    store = TestStores.open(dir, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aLongerBranchReplacesTheHeldTailAndTheReplacedDecisionIsKept() throws SQLException {
    List<SignedDecision> held = TestDecisions.chain(2, TestKeys.signer());
    held.forEach(d -> await(store.saveDecision(d)));
    List<SignedDecision> branch = branchAfter(held.get(0), 2, "other");

    BranchWrite w = await(store.adoptBranch(WEB, 1, branch));

    assertThat(w).isEqualTo(new BranchWrite.Adopted(1, 3, List.of(held.get(1))));
    assertThat(await(store.decisions(WEB, 0, 10)))
        .extracting(StoredDecision::decision)
        .containsExactly(held.get(0), branch.get(0), branch.get(1));
    assertThat(await(store.lastDecision(WEB))).contains(branch.get(1));
    assertThat(await(store.replacedDecisions(WEB, 0, 10)))
        .extracting(ReplacedDecision::decision)
        .containsExactly(held.get(1));
    // the replaced decision's certificate links went with it (retention may prune those now)
    assertThat(TestStores.count(dir, "decision_certificates")).isEqualTo(2 + 1 + 1);
    assertThat(TestStores.count(dir, "decision_forks")).isEqualTo(1);
  }

  @Test
  void aBranchThatIsNotLongerIsRefusedAndNothingChanges() {
    List<SignedDecision> held = TestDecisions.chain(3, TestKeys.signer());
    held.forEach(d -> await(store.saveDecision(d)));

    BranchWrite w = await(store.adoptBranch(WEB, 1, branchAfter(held.get(0), 2, "other")));

    assertThat(w).isInstanceOf(BranchWrite.Refused.class);
    assertThat(((BranchWrite.Refused) w).detail()).contains("not above the held head 3");
    assertThat(await(store.decisions(WEB, 0, 10)))
        .extracting(StoredDecision::decision)
        .containsExactlyElementsOf(held);
    assertThat(await(store.replacedDecisions(WEB, 0, 10))).isEmpty();
  }

  @Test
  void aSiblingOfTheSameLengthReplacesTheHeadOnlyWhileTheHeadIsTheOneItWasComparedWith() {
    List<SignedDecision> held = TestDecisions.chain(2, TestKeys.signer());
    held.forEach(d -> await(store.saveDecision(d)));
    List<SignedDecision> sibling = branchAfter(held.get(0), 1, "sibling");

    BranchWrite stale =
        await(store.adoptBranch(WEB, 1, sibling, Optional.of(held.get(0).decision().id())));
    assertThat(stale).isInstanceOf(BranchWrite.Refused.class);
    assertThat(((BranchWrite.Refused) stale).detail()).contains("moved since the tie-break");
    assertThat(await(store.lastDecision(WEB))).contains(held.get(1));

    BranchWrite w =
        await(store.adoptBranch(WEB, 1, sibling, Optional.of(held.get(1).decision().id())));
    assertThat(w).isEqualTo(new BranchWrite.Adopted(1, 2, List.of(held.get(1))));
    assertThat(await(store.lastDecision(WEB))).contains(sibling.get(0));
    assertThat(await(store.replacedDecisions(WEB, 0, 10)))
        .extracting(ReplacedDecision::decision)
        .containsExactly(held.get(1));
  }

  @Test
  void aBranchThatDoesNotStartAtTheStoredForkPointIsRefused() {
    List<SignedDecision> held = TestDecisions.chain(1, TestKeys.signer());
    await(store.saveDecision(held.get(0)));
    SignedDecision elsewhere = branchAfter(null, 1, "elsewhere").get(0);

    BranchWrite w = await(store.adoptBranch(WEB, 1, branchAfter(elsewhere, 2, "x")));

    assertThat(w).isInstanceOf(BranchWrite.Refused.class);
    assertThat(await(store.lastDecision(WEB))).contains(held.get(0));
  }

  @Test
  void aBranchAfterTheHeadFillsAGapWithoutReplacingAnything() {
    List<SignedDecision> chain = TestDecisions.chain(4, TestKeys.signer());
    await(store.saveDecision(chain.get(0)));

    BranchWrite w = await(store.adoptBranch(WEB, 1, chain.subList(1, 4)));

    assertThat(w).isEqualTo(new BranchWrite.Adopted(1, 4, List.of()));
    assertThat(await(store.decisions(WEB, 0, 10)))
        .extracting(StoredDecision::decision)
        .containsExactlyElementsOf(chain);
  }

  @Test
  void aWholeChainReplacesAForkAtSeqOne() {
    SignedDecision mine = branchAfter(null, 1, "mine").get(0);
    await(store.saveDecision(mine));
    List<SignedDecision> network = TestDecisions.chain(2, TestKeys.standbySigner());

    assertThat(await(store.adoptBranch(WEB, 0, network)))
        .isEqualTo(new BranchWrite.Adopted(0, 2, List.of(mine)));
    assertThat(await(store.decisions(WEB, 0, 10)))
        .extracting(StoredDecision::decision)
        .containsExactlyElementsOf(network);
  }

  @Test
  void aBranchThatIsNotContiguousIsTheCallersBug() {
    List<SignedDecision> chain = TestDecisions.chain(3, TestKeys.signer());
    List<SignedDecision> holed = List.of(chain.get(0), chain.get(2));

    assertThat(failure(store.adoptBranch(WEB, 0, holed)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not continue");
    assertThat(failure(store.adoptBranch(WEB, 0, List.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * {@code length} chained decisions after {@code head}, at other rounds than {@link
   * TestDecisions#chain}, so their ids differ from that chain's.
   */
  static List<SignedDecision> branchAfter(SignedDecision head, int length, String salt) {
    List<SignedDecision> out = new ArrayList<>();
    Decision prev = head == null ? null : head.decision();
    for (int i = 0; i < length; i++) {
      Decision d = TestDecisions.after(prev, (prev == null ? 0 : prev.round()) + 7);
      prev =
          new Decision(
              d.networkId(),
              d.router(),
              d.from(),
              d.to(),
              d.round(),
              d.seq(),
              d.prev(),
              List.of(TestDecisions.certificateId(salt + d.seq())),
              d.reason());
      out.add(SignedDecision.sign(prev, TestKeys.standbySigner()));
    }
    return out;
  }
}
