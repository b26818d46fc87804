package org.peerprobe.p2p.pubsub;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.PeerId;
import org.peerprobe.p2p.core.Scheduler;

/**
 * A transport-independent gossipsub v1.1 router (StrictSign), interoperable with js {@code
 * @libp2p/gossipsub}: a single-writer state machine on one {@link Scheduler}.
 *
 * <p><b>Inputs</b> (any thread; each is posted to the scheduler and processed in order): {@link
 * #peerConnected} once a peer's gossipsub stream is up, {@link #peerDisconnected}, {@link
 * #rpcReceived} for every inbound frame, and the {@link PubSub} calls. <b>Outputs</b> (on the
 * scheduler thread): {@link RpcSender#send}, {@link RpcSender#disconnect}, {@link
 * PeerExchangeListener}, message handlers and validators. Everything a task produces for a peer
 * leaves as one RPC (or a few, when over the size limit) at the end of the task; the first RPC to a
 * new peer carries our subscriptions.
 *
 * <p>Lifecycle: {@code NEW → RUNNING → STOPPED}. {@link #start()} starts the heartbeat; inputs
 * are processed from construction on (so peers and subscriptions can be set up first), and dropped
 * after {@link #stop()} (publishes then fail with {@link PublishException}).
 */
public final class GossipRouter implements PubSub {
  /** Preferred protocol id; PRUNE carries backoff and PX. */
  public static final String PROTOCOL_V11 = "/meshsub/1.1.0";

  /** Fallback protocol id; PRUNE is bare. */
  public static final String PROTOCOL_V10 = "/meshsub/1.0.0";

  /** Protocol ids to offer and accept, in preference order (answer {@code na} to 1.2.0). */
  public static final List<String> PROTOCOLS = List.of(PROTOCOL_V11, PROTOCOL_V10);

  private static final System.Logger LOG = System.getLogger(GossipRouter.class.getName());

  /** Allowed transitions: NEW → RUNNING → STOPPED, NEW → STOPPED. */
  public enum Lifecycle {
    NEW,
    RUNNING,
    STOPPED
  }

  private final RouterState s;
  private final Membership membership;
  private final MessagePipeline pipeline;
  private final ControlHandler control;
  private final Heartbeat heartbeat;
  private volatile Lifecycle lifecycle = Lifecycle.NEW;
  private Scheduler.Cancellable nextHeartbeat;

  private GossipRouter(Builder b) {
    s =
        new RouterState(
            b.params,
            b.scoreParams,
            b.hostKey,
            b.scheduler,
            b.random,
            b.sender,
            b.messageIds,
            b.pxListener,
            b.signedPeerRecords);
    membership = new Membership(s);
    pipeline = new MessagePipeline(s, this::flush);
    control = new ControlHandler(s);
    heartbeat = new Heartbeat(s, membership);
  }

  public static Builder builder() {
    return new Builder();
  }

  public PeerId localPeer() {
    return s.self;
  }

  public Lifecycle lifecycle() {
    return lifecycle;
  }

  /** Starts the heartbeat. */
  public void start() {
    post(
        () -> {
          if (lifecycle == Lifecycle.NEW) {
            lifecycle = Lifecycle.RUNNING;
            nextHeartbeat = s.scheduler.schedule(s.params.heartbeatInitialDelay, this::tick);
          }
        },
        true);
  }

  /** Stops the heartbeat and drops further inputs; sends nothing more. */
  public void stop() {
    post(
        () -> {
          lifecycle = Lifecycle.STOPPED;
          if (nextHeartbeat != null) {
            nextHeartbeat.cancel();
          }
        },
        true);
  }

  /**
   * A gossipsub stream to {@code peer} is up.
   *
   * @param protocol the negotiated id, {@link #PROTOCOL_V11} or {@link #PROTOCOL_V10}
   * @param outbound whether we dialed the connection (counts towards D_out)
   */
  public void peerConnected(PeerId peer, String protocol, boolean outbound) {
    Objects.requireNonNull(peer);
    if (!PROTOCOLS.contains(protocol)) {
      throw new IllegalArgumentException("not a gossipsub protocol: " + protocol);
    }
    post(() -> membership.connected(peer, PROTOCOL_V11.equals(protocol), outbound), false);
  }

  public void peerDisconnected(PeerId peer) {
    Objects.requireNonNull(peer);
    post(() -> membership.disconnected(peer), false);
  }

  /** An inbound RPC of {@code peer}, already decoded (e.g. by {@link #decode}). */
  public void rpcReceived(PeerId peer, Rpc rpc) {
    Objects.requireNonNull(peer);
    Objects.requireNonNull(rpc);
    post(() -> handleRpc(peer, rpc), false);
  }

  /**
   * Decodes a frame body with this router's limits on the caller's thread.
   *
   * @throws org.peerprobe.p2p.core.BadPeerException when malformed or over a limit: close the
   *     stream
   */
  public Rpc decode(byte[] frame) {
    return RpcCodec.decode(frame, s.params.rpcLimits);
  }

  /**
   * Decodes a frame body (without its uvarint length prefix) on the caller's thread and posts it as
   * {@link #rpcReceived(PeerId, Rpc)}. Check the prefix first with {@link
   * RpcCodec#checkFrameLength} against {@link #rpcLimits()} before reading the body.
   *
   * @throws org.peerprobe.p2p.core.BadPeerException when malformed or over a limit: close the
   *     stream (nothing is posted)
   */
  public void frameReceived(PeerId peer, byte[] frame) {
    rpcReceived(peer, decode(frame));
  }

  public RpcLimits rpcLimits() {
    return s.params.rpcLimits;
  }

  private void handleRpc(PeerId peer, Rpc rpc) {
    PeerState ps = s.peers.get(peer);
    if (ps == null || s.score(peer) < s.scoreParams.graylistThreshold) {
      return;
    }
    membership.onSubscriptions(ps, rpc.subscriptions());
    pipeline.onMessages(ps, rpc.publish());
    if (s.peers.containsKey(peer)) {
      control.onControl(ps, rpc.control());
    }
  }

  private void tick() {
    if (lifecycle != Lifecycle.RUNNING) {
      return;
    }
    try {
      heartbeat.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "gossipsub heartbeat failed", e);
    }
    flush();
    nextHeartbeat = s.scheduler.schedule(s.params.heartbeatInterval, this::tick);
  }

  private void flush() {
    if (lifecycle != Lifecycle.STOPPED) {
      s.outbox.flush(s.sender);
    }
  }

  private void post(Runnable task, boolean always) {
    s.scheduler.execute(
        () -> {
          if (!always && lifecycle == Lifecycle.STOPPED) {
            return;
          }
          try {
            task.run();
          } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "gossipsub task failed", e);
          }
          flush();
        });
  }

  // ------------------------------------------------------------------ PubSub

  @Override
  public Subscription subscribe(String topic, MessageHandler handler) {
    checkTopic(topic);
    Objects.requireNonNull(handler);
    AtomicBoolean cancelled = new AtomicBoolean();
    post(
        () -> {
          if (!cancelled.get()) {
            s.handlers.computeIfAbsent(topic, t -> new ArrayList<>()).add(handler);
            membership.join(topic);
          }
        },
        false);
    return new Subscription() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
          post(() -> unsubscribe(topic, handler), false);
        }
      }
    };
  }

  private void unsubscribe(String topic, MessageHandler handler) {
    List<MessageHandler> list = s.handlers.get(topic);
    if (list == null || !list.remove(handler)) {
      return;
    }
    if (list.isEmpty()) {
      s.handlers.remove(topic);
      membership.leave(topic);
    }
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] data) {
    checkTopic(topic);
    byte[] copy = data.clone();
    CompletableFuture<Void> done = new CompletableFuture<>();
    s.scheduler.execute(
        () -> {
          if (lifecycle == Lifecycle.STOPPED) {
            done.completeExceptionally(new PublishException("router is " + lifecycle));
            return;
          }
          try {
            pipeline.publish(topic, copy, done);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
          flush();
        });
    return done;
  }

  @Override
  public void registerValidator(String topic, Validator validator) {
    checkTopic(topic);
    post(
        () -> {
          if (validator == null) {
            s.validators.remove(topic);
          } else {
            s.validators.put(topic, validator);
          }
        },
        true);
  }

  @Override
  public Set<String> topics() {
    checkThread();
    return Set.copyOf(s.mesh.keySet());
  }

  /** Every connected gossipsub peer. Router thread only. */
  public Set<PeerId> peers() {
    checkThread();
    return Set.copyOf(s.peers.keySet());
  }

  @Override
  public Set<PeerId> peers(String topic) {
    checkThread();
    return Set.copyOf(s.topicPeers.getOrDefault(topic, Set.of()));
  }

  @Override
  public Set<PeerId> meshPeers(String topic) {
    checkThread();
    Set<PeerId> m = s.mesh.get(topic);
    return Set.copyOf(m != null ? m : s.fanout.getOrDefault(topic, Set.of()));
  }

  @Override
  public double score(PeerId peer) {
    checkThread();
    return s.score(peer);
  }

  /**
   * Runs {@code task} on the router's thread, for callers elsewhere that read its state (metrics
   * sampling, say).
   */
  public <T> java.util.concurrent.CompletableFuture<T> call(java.util.function.Supplier<T> task) {
    java.util.concurrent.CompletableFuture<T> out = new java.util.concurrent.CompletableFuture<>();
    s.scheduler.execute(
        () -> {
          try {
            out.complete(task.get());
          } catch (RuntimeException e) {
            out.completeExceptionally(e);
          }
        });
    return out;
  }

  /** Validations in flight. Router thread only. */
  public int pendingValidations() {
    checkThread();
    return pipeline.pendingValidations();
  }

  private void checkThread() {
    if (!s.scheduler.inThread()) {
      throw new IllegalStateException("call on the router's scheduler thread");
    }
  }

  private void checkTopic(String topic) {
    Objects.requireNonNull(topic, "topic");
    if (topic.isEmpty()
        || topic.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
            > s.params.rpcLimits.maxTopicBytes()) {
      throw new IllegalArgumentException(
          "topic must have 1.." + s.params.rpcLimits.maxTopicBytes() + " bytes");
    }
  }

  /** Builder; hostKey, scheduler and sender are required. */
  public static final class Builder {
    private HostKey hostKey;
    private Scheduler scheduler;
    private RpcSender sender;
    private Random random = new Random();
    private GossipParams params = GossipParams.DEFAULT;
    private ScoreParams scoreParams = ScoreParams.DEFAULT;
    private MessageIdFunction messageIds = MessageIdFunction.JS_DEFAULT;
    private PeerExchangeListener pxListener = (pruner, topic, candidates) -> {};
    private Function<PeerId, byte[]> signedPeerRecords = p -> null;

    private Builder() {}

    public Builder hostKey(HostKey v) {
      hostKey = v;
      return this;
    }

    public Builder scheduler(Scheduler v) {
      scheduler = v;
      return this;
    }

    public Builder sender(RpcSender v) {
      sender = v;
      return this;
    }

    /** Peer selection randomness; seed it in tests. Used on the router thread only. */
    public Builder random(Random v) {
      random = v;
      return this;
    }

    public Builder params(GossipParams v) {
      params = v;
      return this;
    }

    public Builder scoreParams(ScoreParams v) {
      scoreParams = v;
      return this;
    }

    /** Defaults to {@link MessageIdFunction#JS_DEFAULT}. */
    public Builder messageIdFunction(MessageIdFunction v) {
      messageIds = v;
      return this;
    }

    public Builder peerExchangeListener(PeerExchangeListener v) {
      pxListener = v;
      return this;
    }

    /** Our signed peer record of a peer, attached to PX (null when unknown; js accepts that). */
    public Builder signedPeerRecords(Function<PeerId, byte[]> v) {
      signedPeerRecords = v;
      return this;
    }

    public GossipRouter build() {
      Objects.requireNonNull(hostKey, "hostKey");
      Objects.requireNonNull(scheduler, "scheduler");
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(random, "random");
      Objects.requireNonNull(params, "params");
      Objects.requireNonNull(scoreParams, "scoreParams");
      Objects.requireNonNull(messageIds, "messageIdFunction");
      Objects.requireNonNull(pxListener, "peerExchangeListener");
      Objects.requireNonNull(signedPeerRecords, "signedPeerRecords");
      return new GossipRouter(this);
    }
  }
}
