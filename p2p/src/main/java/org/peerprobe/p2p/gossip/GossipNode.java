package org.peerprobe.p2p.gossip;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.peerprobe.p2p.core.EventLoopScheduler;
import org.peerprobe.p2p.host.HostConfig;
import org.peerprobe.p2p.host.NettyHost;
import org.peerprobe.p2p.pubsub.GossipParams;
import org.peerprobe.p2p.pubsub.GossipRouter;

/**
 * A libp2p node ready for gossip: a {@link NettyHost} on the given event-loop group with a {@link
 * GossipRouter} bound to it through a {@link GossipNetwork}. The router's single writer is one
 * event loop of the group.
 */
public final class GossipNode implements AutoCloseable {
  /** Time allowed for a clean stop. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private final NettyHost host;
  private final GossipRouter router;

  public GossipNode(HostConfig config, GossipParams params, EventLoopGroup group) {
    this.host = new NettyHost(config, group);
    GossipNetwork net = new GossipNetwork(host);
    this.router =
        GossipRouter.builder()
            .hostKey(config.key())
            .scheduler(new EventLoopScheduler(group.next()))
            .sender(net.sender())
            .random(config.random())
            .params(params)
            .build();
    net.attach(router);
    router.start();
  }

  public NettyHost host() {
    return host;
  }

  public GossipRouter router() {
    return router;
  }

  @Override
  public void close() {
    router.stop();
    CompletableFuture<Void> stopped = host.stop();
    try {
      stopped.get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // Best effort: the event loops close the channels regardless.
    }
  }
}
