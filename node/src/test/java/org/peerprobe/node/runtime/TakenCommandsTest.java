package org.peerprobe.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.OperatorCommand;
import org.peerprobe.consensus.model.SignedOperatorCommand;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.round.RoundClock;
import org.peerprobe.node.service.NodeService;
import org.peerprobe.node.service.NodeSettings;
import org.peerprobe.p2p.core.EventLoopScheduler;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.pubsub.GossipParams;
import org.peerprobe.p2p.testing.JavaPeer;

/**
 * A pin onto the active front switches nothing, so no decision records it: the node keeps the last
 * command each router took in its data directory, and a restarted node is pinned again.
 */
class TakenCommandsTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void aPinThatSwitchedNothingSurvivesARestart() throws Exception {
    TestNetwork net = TestNetwork.of(4, 2);
    SignedOperatorCommand pin =
        SignedOperatorCommand.sign(
            OperatorCommand.pin(
                net.networkId(), "web-router", TestNetwork.PRIMARY, System.currentTimeMillis()),
            TestKeys.operator());
    TakenCommands.load(dir).taken(pin);
    assertThat(Files.getPosixFilePermissions(dir.resolve(TakenCommands.FILE_NAME)))
        .hasSize(2); // rw-------

    TakenCommands reloaded = TakenCommands.load(dir);
    assertThat(reloaded.all()).containsExactly(pin);

    NioEventLoopGroup group = new NioEventLoopGroup(1);
    try (JavaPeer peer =
        new JavaPeer(HostKey.fromSeed(net.key(0).seed()), group, GossipParams.DEFAULT, 1)) {
      NodeService restarted =
          new NodeService(
              new NodeSettings(
                  net.key(0),
                  net.roster(),
                  TestNetwork.FRONTS,
                  List.of(
                      RouterPolicy.builder("web-router", TestNetwork.PRIMARY, TestNetwork.SECONDARY)
                          .build()),
                  Duration.ofSeconds(1),
                  net.observer(0).network()),
              peer.router(),
              (front, start) ->
                  CompletableFuture.completedFuture(TestNetwork.observation(front, Status.UP)),
              new EventLoopScheduler(group.next()),
              new RoundClock(Duration.ofSeconds(1), System::currentTimeMillis, new Random(1)));
      assertThat(JavaPeer.await(restarted.pins(), WAIT)).isEmpty();
      JavaPeer.await(restarted.restoreCommands(reloaded.all()), WAIT);
      assertThat(JavaPeer.await(restarted.pins(), WAIT))
          .containsEntry("web-router", TestNetwork.PRIMARY);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void aDamagedFileIsAnEmptyHistory() throws Exception {
    Files.writeString(dir.resolve(TakenCommands.FILE_NAME), "{not json");
    assertThat(TakenCommands.load(dir).all()).isEmpty();
  }
}
