package org.peerprobe.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.config.SignedBundleFile;
import org.peerprobe.node.testing.TestFront;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.pubsub.GossipParams;
import org.peerprobe.p2p.testing.Await;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * Bundle updates over gossip between real nodes: the operator re-signs the bundle file of one node
 * and every node adopts the new version, keeps it across a restart, and a node that joins late with
 * the old file catches up; a bundle not signed by the operator is rejected everywhere.
 */
class BundleUpdateTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path root;
  private final NioEventLoopGroup group = new NioEventLoopGroup(1);
  private final List<AutoCloseable> open = new ArrayList<>();
  private RunnerFixture fixture;
  private TestFront front;
  private final List<NodeRunner> runners = new ArrayList<>();

  @BeforeEach
  void startNetwork() throws Exception {
    front = TestFront.http(group);
    open.add(front);
    fixture = new RunnerFixture(TestNetwork.of(4, 3), root, group);
    open.add(fixture);
    SignedBundle v1 =
        RunnerFixture.signed(fixture.bundle(1, front.url(RunnerFixture.FRONT_HOST), 2));
    for (int i = 0; i < 4; i++) {
      fixture.writeBundle(i, v1);
    }
    for (int i = 0; i < 3; i++) {
      runners.add(start(i));
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void anOperatorUpdateReachesEveryNodeSurvivesRestartAndReachesLateJoiners() throws Exception {
    SignedBundle v2 =
        RunnerFixture.signed(fixture.bundle(2, front.url(RunnerFixture.FRONT_HOST), 3));
    fixture.writeBundle(0, v2);

    Await.until(WAIT, () -> runners.stream().allMatch(r -> version(r) == 2), "all run v2");
    for (NodeRunner r : runners) {
      assertThat(JavaPeer.await(r.service().settings(), WAIT).routers().get(0).downRounds())
          .isEqualTo(3);
    }
    Path kept = fixture.config(2).dataDir().resolve(AcceptedBundle.FILE_NAME);
    assertThat(SignedBundleFile.read(kept)).isEqualTo(v2);

    runners.get(2).close();
    NodeRunner restarted = start(2);
    assertThat(version(restarted)).as("the kept copy wins over the older file").isEqualTo(2);

    NodeRunner late = start(3);
    Await.until(WAIT, () -> version(late) == 2, "the late node catches up");
  }

  @Test
  void aBundleNotSignedByTheOperatorIsRejectedEverywhere() throws Exception {
    Ed25519KeyPair mallory = TestKeys.key(99);
    NetworkBundle good = fixture.bundle(9, front.url(RunnerFixture.FRONT_HOST), 1);
    Roster forgedRoster = good.roster().toBuilder().operator(mallory.publicKey()).build();
    SignedBundle forged = SignedBundle.sign(good.toBuilder().roster(forgedRoster).build(), mallory);
    NetworkBundle unsigned = fixture.bundle(9, front.url(RunnerFixture.FRONT_HOST), 1);
    SignedBundle badSignature =
        new SignedBundle(
            unsigned, SignedBundle.sign(good.withVersion(8), TestKeys.operator()).signature());

    fixture.writeBundle(0, forged);
    JavaPeer adversary =
        new JavaPeer(HostKey.fromSeed(mallory.seed()), group, GossipParams.DEFAULT, 99);
    open.add(adversary);
    for (int i = 0; i < 3; i++) {
      JavaPeer.await(adversary.host().dial(fixture.address(i)), WAIT);
    }
    String topic = runners.get(0).service().topics().bundle();
    Await.until(
        WAIT,
        () -> adversary.onRouter(() -> adversary.router().peers(topic).size()) == 3,
        "the adversary sees the nodes on the bundle topic");
    JavaPeer.await(adversary.router().publish(topic, forged.encode()), WAIT);
    JavaPeer.await(adversary.router().publish(topic, badSignature.encode()), WAIT);

    Await.until(
        WAIT,
        () -> runners.stream().allMatch(r -> r.bundles().rejectedCount() >= 2),
        "every node rejects both");
    assertThat(runners).allSatisfy(r -> assertThat(version(r)).isEqualTo(1));
    assertThat(Files.exists(fixture.config(0).dataDir().resolve(AcceptedBundle.FILE_NAME)))
        .isFalse();
  }

  private NodeRunner start(int i) {
    NodeRunner r = NodeRunner.start(fixture.config(i));
    open.add(r);
    return r;
  }

  private static long version(NodeRunner r) {
    return JavaPeer.await(r.bundles().current(), WAIT).bundle().version();
  }
}
