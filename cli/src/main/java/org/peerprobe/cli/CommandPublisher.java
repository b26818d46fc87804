package org.peerprobe.cli;

import io.netty.channel.nio.NioEventLoopGroup;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.peerprobe.p2p.core.EventLoopScheduler;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.gossip.GossipNetwork;
import org.peerprobe.p2p.host.HostConfig;
import org.peerprobe.p2p.host.NettyHost;
import org.peerprobe.p2p.pubsub.GossipParams;
import org.peerprobe.p2p.pubsub.GossipRouter;

/**
 * A short-lived libp2p host that dials the given peers, waits until at least one of them announces
 * the topic, publishes one message there and stops. Its identity is a fresh random key: the
 * message's authority is the operator's signature inside, not the host that carries it.
 *
 * <p>Gossip has no delivery receipt: "taken" means the message was handed to the connections of
 * every peer that subscribes to the topic (gossipsub flood-publishes its own messages). Whether the
 * nodes accept it shows in their logs and in {@code peerprobe router status}.
 */
final class CommandPublisher implements AutoCloseable {
  /** How often the publisher looks for peers on the topic while it waits. */
  static final Duration PEER_CHECK_INTERVAL = Duration.ofMillis(50);

  /** Time allowed for a clean stop. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private final NioEventLoopGroup io = new NioEventLoopGroup(1);
  private final EventLoopScheduler loop = new EventLoopScheduler(io.next());
  private final NettyHost host;
  private final GossipRouter router;

  CommandPublisher(List<Multiaddr> peers) {
    HostKey key = HostKey.generate(new SecureRandom());
    HostConfig.Builder config = HostConfig.builder(key);
    peers.forEach(config::bootstrapPeer);
    host = new NettyHost(config.build(), io);
    GossipNetwork net = new GossipNetwork(host);
    router =
        GossipRouter.builder()
            .hostKey(key)
            .scheduler(loop)
            .sender(net.sender())
            .params(GossipParams.DEFAULT)
            .build();
    net.attach(router);
    router.start();
    host.connectBootstrapPeers();
  }

  /**
   * Publishes {@code data} on {@code topic} once a peer announces it.
   *
   * @return how many peers on the topic the message was handed to
   * @throws TimeoutException when no peer announced the topic, or the publish did not complete,
   *     within {@code timeout}
   */
  int publish(String topic, byte[] data, Duration timeout)
      throws TimeoutException, InterruptedException, ExecutionException {
    return publish(topic, data, timeout, 1);
  }

  /** As {@link #publish(String, byte[], Duration)}, once {@code minPeers} peers announce it. */
  int publish(String topic, byte[] data, Duration timeout, int minPeers)
      throws TimeoutException, InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int peers = topicPeers(topic, minPeers, deadline).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    long left = Math.max(0, deadline - System.nanoTime());
    router.publish(topic, data).get(left, TimeUnit.NANOSECONDS);
    return peers;
  }

  /** Completes with the number of peers on {@code topic} as soon as there are {@code min}. */
  private CompletableFuture<Integer> topicPeers(String topic, int min, long deadlineNanos) {
    CompletableFuture<Integer> found = new CompletableFuture<>();
    loop.execute(() -> check(topic, min, deadlineNanos, found));
    return found;
  }

  private void check(String topic, int min, long deadlineNanos, CompletableFuture<Integer> found) {
    int n = router.peers(topic).size();
    if (n >= min) {
      found.complete(n);
    } else if (System.nanoTime() - deadlineNanos < 0) {
      loop.schedule(PEER_CHECK_INTERVAL, () -> check(topic, min, deadlineNanos, found));
    }
  }

  @Override
  public void close() {
    router.stop();
    try {
      host.stop().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // best effort: the event loop closes the channels regardless
    }
    io.shutdownGracefully(0, STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).syncUninterruptibly();
  }
}
