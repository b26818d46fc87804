package org.peerprobe.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.store.TestStores.await;
import static org.peerprobe.node.store.TestStores.failure;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.testing.TestDecisions;
import org.peerprobe.consensus.testing.TestKeys;

class DecisionLogTest {
  private static final String WEB = TestDecisions.ROUTER;
  private static final String API = "api-router";

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
  void decisionsAppendInOrderAndTheHeadIsTheLastOne() {
    List<SignedDecision> chain = TestStores.decisions(WEB, 4);
    long lastPosition = 0;
    for (SignedDecision d : chain) {
      DecisionWrite w = await(store.saveDecision(d));
      assertThat(w).isInstanceOf(DecisionWrite.Stored.class);
      assertThat(((DecisionWrite.Stored) w).position()).isGreaterThan(lastPosition);
      lastPosition = ((DecisionWrite.Stored) w).position();
    }
    assertThat(await(store.lastDecision(WEB))).contains(chain.get(3));
    assertThat(await(store.lastDecision(API))).isEmpty();
    assertThat(await(store.decisions(WEB, 0, 10)))
        .extracting(StoredDecision::decision)
        .containsExactlyElementsOf(chain);
  }

  @Test
  void aDecisionIsFoundByItsId() {
    List<SignedDecision> chain = TestStores.decisions(WEB, 3);
    chain.forEach(d -> await(store.saveDecision(d)));
    assertThat(await(store.decision(chain.get(1).decision().id())))
        .hasValueSatisfying(s -> assertThat(s.decision()).isEqualTo(chain.get(1)));
    assertThat(await(store.decision("0".repeat(64)))).isEmpty();
  }

  @Test
  void theSameDecisionAgainIsAlreadyStoredEvenUnderAnotherSignature() {
    SignedDecision first = TestStores.decisions(WEB, 1).get(0);
    DecisionWrite.Stored stored = (DecisionWrite.Stored) await(store.saveDecision(first));
    SignedDecision bystandby = SignedDecision.sign(first.decision(), TestKeys.standbySigner());

    assertThat(await(store.saveDecision(first)))
        .isEqualTo(new DecisionWrite.AlreadyStored(stored.position()));
    assertThat(await(store.saveDecision(bystandby)))
        .isEqualTo(new DecisionWrite.AlreadyStored(stored.position()));
    assertThat(await(store.lastDecision(WEB))).contains(first);
  }

  @Test
  void aDifferentDecisionAtAHeldSeqIsAConflict() {
    SignedDecision first = TestStores.decisions(WEB, 1).get(0);
    await(store.saveDecision(first));
    Decision d = first.decision();
    Decision fork =
        new Decision(
            d.networkId(),
            d.router(),
            d.from(),
            d.to(),
            d.round() + 1,
            1,
            d.prev(),
            d.certificates(),
            d.reason());

    DecisionWrite w = await(store.saveDecision(SignedDecision.sign(fork, TestKeys.signer())));

    assertThat(w).isEqualTo(new DecisionWrite.Conflict(first));
    assertThat(await(store.decisions(WEB, 0, 10))).hasSize(1);
  }

  @Test
  void aDecisionThatDoesNotExtendTheHeadIsRefused() {
    List<SignedDecision> chain = TestStores.decisions(WEB, 3);
    await(store.saveDecision(chain.get(0)));

    DecisionWrite gap = await(store.saveDecision(chain.get(2)));
    Decision second = chain.get(1).decision();
    Decision badLink =
        new Decision(
            second.networkId(),
            second.router(),
            second.from(),
            second.to(),
            second.round(),
            2,
            TestDecisions.certificateId("not-the-head"),
            second.certificates(),
            second.reason());
    DecisionWrite broken =
        await(store.saveDecision(SignedDecision.sign(badLink, TestKeys.signer())));

    assertThat(gap).isInstanceOf(DecisionWrite.NotNext.class);
    assertThat(((DecisionWrite.NotNext) gap).headSeq()).isEqualTo(1);
    assertThat(broken).isInstanceOf(DecisionWrite.NotNext.class);
    assertThat(((DecisionWrite.NotNext) broken).detail()).contains("prev");
    assertThat(await(store.lastDecision(WEB))).contains(chain.get(0));
  }

  @Test
  void routersHaveSeparateLogsAndHeadsResumeAfterReopening() {
    List<SignedDecision> web = TestStores.decisions(WEB, 3);
    List<SignedDecision> api = TestStores.decisions(API, 2);
    await(store.saveDecision(web.get(0)));
    await(store.saveDecision(api.get(0)));
    await(store.saveDecision(web.get(1)));
    await(store.saveDecision(api.get(1)));
    await(store.saveDecision(web.get(2)));
    store.close();

    store = TestStores.open(dir, clock);

    assertThat(await(store.lastDecisions())).containsExactly(api.get(1), web.get(2));
    List<StoredDecision> all = await(store.allDecisions(0, 100));
    assertThat(all)
        .extracting(StoredDecision::decision)
        .containsExactly(web.get(0), api.get(0), web.get(1), api.get(1), web.get(2));
    assertThat(await(store.allDecisions(all.get(1).position(), 2)))
        .extracting(StoredDecision::decision)
        .containsExactly(web.get(1), api.get(1));
    assertThat(await(store.decisions(API, 1, 100)))
        .extracting(StoredDecision::decision)
        .containsExactly(api.get(1));
  }

  @Test
  void pagesAreBoundedAndLimitsMustBePositive() throws SQLException {
    int count = Store.MAX_PAGE + 20;
    List<SignedDecision> chain = insertDirectly(TestStores.decisions(WEB, count));

    List<StoredDecision> page1 = await(store.decisions(WEB, 0, 10_000));
    List<StoredDecision> page2 =
        await(store.decisions(WEB, page1.get(page1.size() - 1).decision().decision().seq(), 50));
    List<StoredDecision> small = await(store.allDecisions(5, 3));

    assertThat(page1).hasSize(Store.MAX_PAGE);
    assertThat(page2).extracting(StoredDecision::decision).isEqualTo(chain.subList(500, count));
    assertThat(small).extracting(StoredDecision::position).containsExactly(6L, 7L, 8L);
    assertThat(failure(store.decisions(WEB, 0, 0))).isInstanceOf(IllegalArgumentException.class);
    assertThat(failure(store.allDecisions(0, -1))).isInstanceOf(IllegalArgumentException.class);
    assertThat(await(store.lastDecision(WEB))).contains(chain.get(count - 1));
    assertThat(await(store.saveDecision(chain.get(count - 1))))
        .isInstanceOf(DecisionWrite.AlreadyStored.class);
  }

  /** Inserts a long chain in one transaction (one fsync instead of one per decision). */
  private List<SignedDecision> insertDirectly(List<SignedDecision> chain) throws SQLException {
    List<SignedDecision> out = new ArrayList<>();
    try (Connection c = TestStores.rawConnection(dir);
        PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO decisions (router, seq, id, prev, round, from_front, to_front,"
                    + " signer, stored_at_ms, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)")) {
      c.setAutoCommit(false);
      for (SignedDecision s : chain) {
        Decision d = s.decision();
        p.setString(1, d.router());
        p.setLong(2, d.seq());
        p.setString(3, d.id());
        p.setString(4, d.prev());
        p.setLong(5, d.round());
        p.setString(6, d.from());
        p.setString(7, d.to());
        p.setString(8, s.signer().hex());
        p.setBytes(9, s.encode());
        p.addBatch();
        out.add(s);
      }
      p.executeBatch();
      c.commit();
    }
    return out;
  }
}
