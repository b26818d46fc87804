package org.peerprobe.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.quorum.FrontTally;
import org.peerprobe.consensus.quorum.Support;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.store.FrontVerdictRow;
import org.peerprobe.node.store.SqliteStore;
import org.peerprobe.node.store.StoreConfig;
import org.peerprobe.p2p.testing.Await;
import org.peerprobe.p2p.testing.JavaPeer;

/** What the node keeps of a closed round, whatever the network's certificates said. */
class StoreRecorderTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void aCertificateTheOwnTallyNeverReachedIsNotCitedByItsRowAndNothingThrows() {
    try (SqliteStore store =
        SqliteStore.open(
            StoreConfig.builder()
                .dataDir(dir)
                .networkId(TestNetwork.NETWORK_ID)
                .clock(System::currentTimeMillis)
                .build())) {
      StoreRecorder recorder =
          new StoreRecorder(store, System::currentTimeMillis, TakenCommands.load(dir));
      FrontTally noQuorum =
          new FrontTally(TestNetwork.PRIMARY, 7, Verdict.NO_QUORUM, Support.NONE, Support.NONE, 5);
      recorder.verdict(noQuorum, Optional.of("ab".repeat(32)));
      FrontTally up =
          new FrontTally(TestNetwork.PRIMARY, 8, Verdict.UP, Support.NONE, Support.NONE, 5);
      recorder.verdict(up, Optional.of("cd".repeat(32)));

      // Rows are written asynchronously; reads do not wait for writes.
      Await.until(
          WAIT,
          () -> JavaPeer.await(store.verdicts(TestNetwork.PRIMARY, 0, 10), WAIT).size() == 2,
          "both rows are stored");
      var rows = JavaPeer.await(store.verdicts(TestNetwork.PRIMARY, 0, 10), WAIT);
      assertThat(rows).extracting(FrontVerdictRow::round).containsExactly(7L, 8L);
      assertThat(rows.get(0).certificateId()).isEmpty();
      assertThat(rows.get(1).certificateId()).contains("cd".repeat(32));
    }
  }
}
