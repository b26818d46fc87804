package org.peerprobe.p2p.testing;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.peerprobe.p2p.core.EventLoopScheduler;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.gossip.GossipNetwork;
import org.peerprobe.p2p.host.HostConfig;
import org.peerprobe.p2p.host.NettyHost;
import org.peerprobe.p2p.pubsub.GossipParams;
import org.peerprobe.p2p.pubsub.GossipRouter;
import org.peerprobe.p2p.pubsub.PubSub;
import org.peerprobe.p2p.pubsub.ReceivedMessage;

/**
 * A complete Java libp2p node for tests: a {@link NettyHost} with the gossipsub router bound to it,
 * recording every delivered message in a queue that tests await with a deadline.
 */
public final class JavaPeer implements AutoCloseable {
  private final NettyHost host;
  private final GossipRouter router;
  private final EventLoopScheduler routerLoop;
  private final BlockingQueue<ReceivedMessage> received = new LinkedBlockingQueue<>();

  public JavaPeer(HostKey key, EventLoopGroup group, GossipParams params, long seed) {
    this(key, group, group.next(), params, seed);
  }

  /**
   * @param routerLoop the router's thread, one of {@code group}'s loops; networks of many peers
   *     pass it explicitly to spread the routers evenly over the group
   */
  public JavaPeer(
      HostKey key, EventLoopGroup group, EventLoop routerLoop, GossipParams params, long seed) {
    Random random = new Random(seed);
    this.host = new NettyHost(HostConfig.builder(key).random(random).build(), group);
    this.routerLoop = new EventLoopScheduler(routerLoop);
    GossipNetwork net = new GossipNetwork(host);
    this.router =
        GossipRouter.builder()
            .hostKey(key)
            .scheduler(this.routerLoop)
            .sender(net.sender())
            .random(random)
            .params(params)
            .build();
    net.attach(router);
    router.start();
  }

  public static HostKey key(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    seed[1] = (byte) (n >> 8);
    seed[31] = 0x5a;
    return HostKey.fromSeed(seed);
  }

  public NettyHost host() {
    return host;
  }

  public GossipRouter router() {
    return router;
  }

  public Multiaddr listen() {
    return await(host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), Duration.ofSeconds(10));
  }

  public void subscribe(String topic) {
    router.subscribe(topic, received::add);
  }

  /** Subscribes {@code handler} instead of the queue {@link #awaitMessage} reads. */
  public void subscribe(String topic, PubSub.MessageHandler handler) {
    router.subscribe(topic, handler);
  }

  /** Runs {@code query} on the router thread and returns its answer. */
  public <T> T onRouter(java.util.function.Supplier<T> query) {
    CompletableFuture<T> f = new CompletableFuture<>();
    routerLoop.execute(() -> f.complete(query.get()));
    return await(f, Duration.ofSeconds(10));
  }

  /** Waits for a delivered message matching {@code p}, up to {@code timeout}. */
  public ReceivedMessage awaitMessage(Predicate<ReceivedMessage> p, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        ReceivedMessage m = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
        if (m == null) {
          throw new AssertionError("no matching message within " + timeout);
        }
        if (p.test(m)) {
          return m;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  public static <T> T await(CompletableFuture<T> f, Duration timeout) {
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("failed: " + e.getCause(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no result within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public void close() {
    router.stop();
    await(host.stop(), Duration.ofSeconds(10));
  }
}
