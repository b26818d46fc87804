package org.peerprobe.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.node.config.NodeConfigFile;
import org.peerprobe.node.service.NodeEvent;
import org.peerprobe.node.store.SqliteStore;
import org.peerprobe.node.store.StoreConfig;
import org.peerprobe.node.store.StoredReport;
import org.peerprobe.node.testing.LocalNetworkFiles;
import org.peerprobe.node.testing.TestFront;
import org.peerprobe.p2p.testing.Await;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 4: a node killed with SIGKILL mid-round restarts on the same data directory, key and
 * configuration and rejoins. Four real nodes on loopback (1 s rounds, two real HTTP fronts, one
 * router): three in this JVM, the fourth in a child JVM ({@link ChildNodeMain}), each an observer
 * in a network of its own. Once the others count the child's reports, the child is killed right
 * after one of them was accepted, while its store write of that round may be in flight.
 */
class NodeCrashRestartTest {
  private static final Logger LOG = LoggerFactory.getLogger(NodeCrashRestartTest.class);
  private static final int IN_PROCESS = 3;

  /** Longest each phase may take: start and get accepted, restart and get accepted again. */
  private static final Duration PHASE = Duration.ofSeconds(30);

  /**
   * Rounds of the child's reports each other node must count before the kill (all but the last must
   * then be in its store) and after the restart.
   */
  private static final int ROUNDS_BEFORE_KILL = 3;

  private static final int ROUNDS_AFTER_RESTART = 2;

  private static final Duration STORE_READ = Duration.ofSeconds(10);

  @TempDir Path dir;

  private final NioEventLoopGroup frontLoop = new NioEventLoopGroup(1);
  private final List<TestFront> fronts = new ArrayList<>();
  private final List<NodeRunner> runners = new ArrayList<>();
  private final List<Observed> observed = new ArrayList<>();
  private final List<ChildNode> children = new ArrayList<>();

  /** What one in-process node saw. */
  private record Observed(
      ConcurrentSkipListSet<Long> childRoundsCounted,
      ConcurrentLinkedQueue<NodeEvent.Certified> certified,
      ConcurrentLinkedQueue<NodeEvent> switchedOrRejected) {}

  @AfterEach
  void stopEverything() throws Exception {
    for (ChildNode c : children) {
      c.forceClose();
    }
    runners.forEach(NodeRunner::close);
    fronts.forEach(TestFront::close);
    frontLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void aNodeKilledMidRoundRestartsOnItsDataAndRejoins() throws Exception {
    Map<String, String> urls = new LinkedHashMap<>();
    for (String id : List.of("primary", "secondary")) {
      TestFront f = TestFront.http(frontLoop);
      fronts.add(f);
      urls.put(id, "http://localhost:" + f.port() + "/");
    }
    LocalNetworkFiles net = LocalNetworkFiles.write(dir, IN_PROCESS + 1, 1, urls);
    LocalNetworkFiles.Node crashing = net.node(IN_PROCESS);
    for (int i = 0; i < IN_PROCESS; i++) {
      NodeRunner r = NodeRunner.start(NodeConfigFile.load(net.node(i).config()));
      runners.add(r);
      observed.add(watch(r, crashing.network()));
    }

    ChildNode first = startChild(crashing, "first");
    awaitCounted(
        first, Long.MIN_VALUE, ROUNDS_BEFORE_KILL, "the others count the first child's reports");
    assertThat(first.kill()).as("killed by SIGKILL").isEqualTo(128 + 9);
    List<Long> beforeKill = first.reportedRounds();
    long lastBeforeKill = beforeKill.get(beforeKill.size() - 1);
    // Rounds before the last were stored long before the kill; the last one's write may be lost.
    List<Long> settledBeforeKill = beforeKill.subList(0, beforeKill.size() - 1);
    try (SqliteStore store = openStore(crashing)) {
      assertThat(read(store.integrityCheck())).as("after SIGKILL").containsExactly("ok");
      assertThat(ownRoundsStored(store, crashing, beforeKill)).containsAll(settledBeforeKill);
    }

    ChildNode second = startChild(crashing, "second");
    awaitCounted(
        second,
        lastBeforeKill,
        ROUNDS_AFTER_RESTART,
        "the others count the restarted child's reports");
    assertThat(second.reportedRounds()).allMatch(r -> r > lastBeforeKill);
    assertThat(second.stop()).as("stopped by SIGTERM").isEqualTo(128 + 15);
    assertThat(second.stoppedCleanly()).as("node closed; " + second.output()).isTrue();
    List<Long> afterRestart = second.reportedRounds();
    boolean lastStored;
    try (SqliteStore store = openStore(crashing)) {
      assertThat(read(store.integrityCheck())).as("after restart").containsExactly("ok");
      List<Long> stored = ownRoundsStored(store, crashing, beforeKill);
      assertThat(stored).as("rows from before the kill").containsAll(settledBeforeKill);
      lastStored = stored.contains(lastBeforeKill);
      assertThat(ownRoundsStored(store, crashing, afterRestart))
          .as("rows from after the restart")
          .containsAll(afterRestart.subList(0, afterRestart.size() - 1));
    }

    LOG.info(
        "child reported rounds {} before SIGKILL (last one stored: {}), {} after restarting",
        beforeKill,
        lastStored,
        afterRestart);
    for (int i = 0; i < IN_PROCESS; i++) {
      Observed o = observed.get(i);
      assertThat(o.switchedOrRejected()).as("node %d: no switch, nothing rejected", i).isEmpty();
      assertThat(o.certified()).as("node %d certificates", i).isNotEmpty();
      assertThat(o.certified()).allMatch(c -> c.verdict() == Verdict.UP);
      assertThat(o.certified())
          .as("node %d certifies rounds after the restart", i)
          .anyMatch(c -> c.round() > lastBeforeKill);
      assertThat(runners.get(i).service().activeTargets().get(5, TimeUnit.SECONDS))
          .containsExactly(Map.entry(LocalNetworkFiles.ROUTER, "primary"));
    }
  }

  private static Observed watch(NodeRunner runner, String childNetwork) {
    Observed o =
        new Observed(
            new ConcurrentSkipListSet<>(),
            new ConcurrentLinkedQueue<>(),
            new ConcurrentLinkedQueue<>());
    runner
        .service()
        .addListener(
            e -> {
              if (e instanceof NodeEvent.Tallied t
                  && (t.upByNetwork().containsKey(childNetwork)
                      || t.downByNetwork().containsKey(childNetwork))) {
                o.childRoundsCounted().add(t.round());
              } else if (e instanceof NodeEvent.Certified c) {
                o.certified().add(c);
              } else if (e instanceof NodeEvent.Switched || e instanceof NodeEvent.Rejected) {
                o.switchedOrRejected().add(e);
              }
            });
    return o;
  }

  private ChildNode startChild(LocalNetworkFiles.Node node, String name) throws Exception {
    ChildNode c = ChildNode.start(node.config(), dir.resolve(name + "-child.stderr"));
    children.add(c);
    return c;
  }

  /**
   * Waits until every in-process node counted the child's reports of {@code rounds} rounds after
   * {@code afterRound}; fails at once if the child died.
   */
  private void awaitCounted(ChildNode child, long afterRound, int rounds, String what) {
    Await.until(
        PHASE,
        () ->
            !child.isAlive()
                || observed.stream()
                    .allMatch(
                        o -> o.childRoundsCounted().tailSet(afterRound, false).size() >= rounds),
        what);
    assertThat(child.isAlive()).as("child alive; " + child.output()).isTrue();
  }

  private static SqliteStore openStore(LocalNetworkFiles.Node node) {
    return SqliteStore.open(
        StoreConfig.builder()
            .dataDir(node.dataDir())
            .networkId(LocalNetworkFiles.NETWORK_ID)
            .clock(System::currentTimeMillis)
            .build());
  }

  /** Which of {@code rounds} have this node's own report in the store. */
  private static List<Long> ownRoundsStored(
      SqliteStore store, LocalNetworkFiles.Node node, List<Long> rounds) throws Exception {
    List<Long> found = new ArrayList<>();
    for (long round : rounds) {
      List<StoredReport> reports = read(store.reportsForRound(round));
      if (reports.stream()
          .anyMatch(
              r -> r.own() && r.report().report().observer().equals(node.key().publicKey()))) {
        found.add(round);
      }
    }
    return found;
  }

  private static <T> T read(CompletableFuture<T> f) throws Exception {
    return f.get(STORE_READ.toMillis(), TimeUnit.MILLISECONDS);
  }
}
