package org.peerprobe.p2p.pubsub;

import java.time.Duration;
import java.util.Objects;

/**
 * Gossipsub v1.1 router parameters. Defaults are the spec's and js {@code @libp2p/gossipsub}'s
 * ({@code constants.js}), except {@link #DEFAULT_DO_PX} (on here, off in js and go) and {@link
 * #DEFAULT_FLOOD_PUBLISH} (on, as in both). Immutable; build with {@link #builder()}, which
 * validates the combination.
 */
public final class GossipParams {
  public static final int DEFAULT_D = 6;
  public static final int DEFAULT_D_LO = 4;
  public static final int DEFAULT_D_HI = 12;
  public static final int DEFAULT_D_LAZY = 6;
  public static final int DEFAULT_D_SCORE = 4;
  public static final int DEFAULT_D_OUT = 2;
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_HEARTBEAT_INITIAL_DELAY = Duration.ofMillis(100);
  public static final int DEFAULT_HISTORY_LENGTH = 5;
  public static final int DEFAULT_HISTORY_GOSSIP = 3;
  public static final double DEFAULT_GOSSIP_FACTOR = 0.25;
  public static final int DEFAULT_GOSSIP_RETRANSMISSION = 3;
  public static final Duration DEFAULT_FANOUT_TTL = Duration.ofSeconds(60);
  public static final Duration DEFAULT_SEEN_TTL = Duration.ofSeconds(120);
  public static final Duration DEFAULT_PRUNE_BACKOFF = Duration.ofSeconds(60);
  public static final Duration DEFAULT_UNSUBSCRIBE_BACKOFF = Duration.ofSeconds(10);
  public static final Duration DEFAULT_GRAFT_FLOOD_THRESHOLD = Duration.ofSeconds(10);
  public static final int DEFAULT_PRUNE_PEERS = 16;
  public static final boolean DEFAULT_DO_PX = true;
  public static final int DEFAULT_OPPORTUNISTIC_GRAFT_TICKS = 60;
  public static final int DEFAULT_OPPORTUNISTIC_GRAFT_PEERS = 2;
  public static final int DEFAULT_MAX_IHAVE_LENGTH = 5000;
  public static final int DEFAULT_MAX_IHAVE_MESSAGES = 10;
  public static final Duration DEFAULT_IWANT_FOLLOWUP_TIME = Duration.ofSeconds(3);
  public static final boolean DEFAULT_FLOOD_PUBLISH = true;
  public static final boolean DEFAULT_ALLOW_PUBLISH_TO_ZERO_PEERS = false;
  public static final boolean DEFAULT_INCLUDE_KEY = false;
  public static final int DEFAULT_MAX_PENDING_VALIDATIONS = 1024;
  public static final Duration DEFAULT_VALIDATION_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_SEEN_ENTRIES = 200_000;
  public static final int DEFAULT_MAX_PENDING_PROMISES = 10_000;
  public static final int DEFAULT_MAX_TOPICS_PER_PEER = 1000;
  public static final int DEFAULT_MAX_BACKOFF_ENTRIES = 10_000;

  public final int d;
  public final int dLo;
  public final int dHi;
  public final int dLazy;
  public final int dScore;
  public final int dOut;
  public final Duration heartbeatInterval;
  public final Duration heartbeatInitialDelay;
  public final int historyLength;
  public final int historyGossip;
  public final double gossipFactor;
  public final int gossipRetransmission;
  public final Duration fanoutTtl;
  public final Duration seenTtl;
  public final Duration pruneBackoff;
  public final Duration unsubscribeBackoff;
  public final Duration graftFloodThreshold;
  public final int prunePeers;
  public final boolean doPx;
  public final int opportunisticGraftTicks;
  public final int opportunisticGraftPeers;
  public final int maxIHaveLength;
  public final int maxIHaveMessages;
  public final Duration iwantFollowupTime;
  public final boolean floodPublish;
  public final boolean allowPublishToZeroPeers;
  public final boolean includeKey;
  public final int maxPendingValidations;
  public final Duration validationTimeout;
  public final int maxSeenEntries;
  public final int maxPendingPromises;
  public final int maxTopicsPerPeer;
  public final int maxBackoffEntries;
  public final RpcLimits rpcLimits;

  private GossipParams(Builder b) {
    d = b.d;
    dLo = b.dLo;
    dHi = b.dHi;
    dLazy = b.dLazy;
    dScore = b.dScore;
    dOut = b.dOut;
    heartbeatInterval = b.heartbeatInterval;
    heartbeatInitialDelay = b.heartbeatInitialDelay;
    historyLength = b.historyLength;
    historyGossip = b.historyGossip;
    gossipFactor = b.gossipFactor;
    gossipRetransmission = b.gossipRetransmission;
    fanoutTtl = b.fanoutTtl;
    seenTtl = b.seenTtl;
    pruneBackoff = b.pruneBackoff;
    unsubscribeBackoff = b.unsubscribeBackoff;
    graftFloodThreshold = b.graftFloodThreshold;
    prunePeers = b.prunePeers;
    doPx = b.doPx;
    opportunisticGraftTicks = b.opportunisticGraftTicks;
    opportunisticGraftPeers = b.opportunisticGraftPeers;
    maxIHaveLength = b.maxIHaveLength;
    maxIHaveMessages = b.maxIHaveMessages;
    iwantFollowupTime = b.iwantFollowupTime;
    floodPublish = b.floodPublish;
    allowPublishToZeroPeers = b.allowPublishToZeroPeers;
    includeKey = b.includeKey;
    maxPendingValidations = b.maxPendingValidations;
    validationTimeout = b.validationTimeout;
    maxSeenEntries = b.maxSeenEntries;
    maxPendingPromises = b.maxPendingPromises;
    maxTopicsPerPeer = b.maxTopicsPerPeer;
    maxBackoffEntries = b.maxBackoffEntries;
    rpcLimits = b.rpcLimits;
  }

  public static final GossipParams DEFAULT = builder().build();

  public static Builder builder() {
    return new Builder();
  }

  /** A builder preset with these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.d = d;
    b.dLo = dLo;
    b.dHi = dHi;
    b.dLazy = dLazy;
    b.dScore = dScore;
    b.dOut = dOut;
    b.heartbeatInterval = heartbeatInterval;
    b.heartbeatInitialDelay = heartbeatInitialDelay;
    b.historyLength = historyLength;
    b.historyGossip = historyGossip;
    b.gossipFactor = gossipFactor;
    b.gossipRetransmission = gossipRetransmission;
    b.fanoutTtl = fanoutTtl;
    b.seenTtl = seenTtl;
    b.pruneBackoff = pruneBackoff;
    b.unsubscribeBackoff = unsubscribeBackoff;
    b.graftFloodThreshold = graftFloodThreshold;
    b.prunePeers = prunePeers;
    b.doPx = doPx;
    b.opportunisticGraftTicks = opportunisticGraftTicks;
    b.opportunisticGraftPeers = opportunisticGraftPeers;
    b.maxIHaveLength = maxIHaveLength;
    b.maxIHaveMessages = maxIHaveMessages;
    b.iwantFollowupTime = iwantFollowupTime;
    b.floodPublish = floodPublish;
    b.allowPublishToZeroPeers = allowPublishToZeroPeers;
    b.includeKey = includeKey;
    b.maxPendingValidations = maxPendingValidations;
    b.validationTimeout = validationTimeout;
    b.maxSeenEntries = maxSeenEntries;
    b.maxPendingPromises = maxPendingPromises;
    b.maxTopicsPerPeer = maxTopicsPerPeer;
    b.maxBackoffEntries = maxBackoffEntries;
    b.rpcLimits = rpcLimits;
    return b;
  }

  /** Mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private int d = DEFAULT_D;
    private int dLo = DEFAULT_D_LO;
    private int dHi = DEFAULT_D_HI;
    private int dLazy = DEFAULT_D_LAZY;
    private int dScore = DEFAULT_D_SCORE;
    private int dOut = DEFAULT_D_OUT;
    private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
    private Duration heartbeatInitialDelay = DEFAULT_HEARTBEAT_INITIAL_DELAY;
    private int historyLength = DEFAULT_HISTORY_LENGTH;
    private int historyGossip = DEFAULT_HISTORY_GOSSIP;
    private double gossipFactor = DEFAULT_GOSSIP_FACTOR;
    private int gossipRetransmission = DEFAULT_GOSSIP_RETRANSMISSION;
    private Duration fanoutTtl = DEFAULT_FANOUT_TTL;
    private Duration seenTtl = DEFAULT_SEEN_TTL;
    private Duration pruneBackoff = DEFAULT_PRUNE_BACKOFF;
    private Duration unsubscribeBackoff = DEFAULT_UNSUBSCRIBE_BACKOFF;
    private Duration graftFloodThreshold = DEFAULT_GRAFT_FLOOD_THRESHOLD;
    private int prunePeers = DEFAULT_PRUNE_PEERS;
    private boolean doPx = DEFAULT_DO_PX;
    private int opportunisticGraftTicks = DEFAULT_OPPORTUNISTIC_GRAFT_TICKS;
    private int opportunisticGraftPeers = DEFAULT_OPPORTUNISTIC_GRAFT_PEERS;
    private int maxIHaveLength = DEFAULT_MAX_IHAVE_LENGTH;
    private int maxIHaveMessages = DEFAULT_MAX_IHAVE_MESSAGES;
    private Duration iwantFollowupTime = DEFAULT_IWANT_FOLLOWUP_TIME;
    private boolean floodPublish = DEFAULT_FLOOD_PUBLISH;
    private boolean allowPublishToZeroPeers = DEFAULT_ALLOW_PUBLISH_TO_ZERO_PEERS;
    private boolean includeKey = DEFAULT_INCLUDE_KEY;
    private int maxPendingValidations = DEFAULT_MAX_PENDING_VALIDATIONS;
    private Duration validationTimeout = DEFAULT_VALIDATION_TIMEOUT;
    private int maxSeenEntries = DEFAULT_MAX_SEEN_ENTRIES;
    private int maxPendingPromises = DEFAULT_MAX_PENDING_PROMISES;
    private int maxTopicsPerPeer = DEFAULT_MAX_TOPICS_PER_PEER;
    private int maxBackoffEntries = DEFAULT_MAX_BACKOFF_ENTRIES;
    private RpcLimits rpcLimits = RpcLimits.DEFAULT;

    private Builder() {}

    /** Sets D, D_lo and D_hi together (e.g. 3/1/6 for tiny test meshes). */
    public Builder degrees(int d, int dLo, int dHi) {
      this.d = d;
      this.dLo = dLo;
      this.dHi = dHi;
      return this;
    }

    public Builder dLazy(int v) {
      dLazy = v;
      return this;
    }

    public Builder dScore(int v) {
      dScore = v;
      return this;
    }

    public Builder dOut(int v) {
      dOut = v;
      return this;
    }

    public Builder heartbeatInterval(Duration v) {
      heartbeatInterval = v;
      return this;
    }

    public Builder heartbeatInitialDelay(Duration v) {
      heartbeatInitialDelay = v;
      return this;
    }

    /** Message-cache windows kept ({@code historyLength}) and gossiped ({@code historyGossip}). */
    public Builder history(int length, int gossip) {
      historyLength = length;
      historyGossip = gossip;
      return this;
    }

    public Builder gossipFactor(double v) {
      gossipFactor = v;
      return this;
    }

    public Builder gossipRetransmission(int v) {
      gossipRetransmission = v;
      return this;
    }

    public Builder fanoutTtl(Duration v) {
      fanoutTtl = v;
      return this;
    }

    public Builder seenTtl(Duration v) {
      seenTtl = v;
      return this;
    }

    public Builder pruneBackoff(Duration v) {
      pruneBackoff = v;
      return this;
    }

    public Builder unsubscribeBackoff(Duration v) {
      unsubscribeBackoff = v;
      return this;
    }

    public Builder graftFloodThreshold(Duration v) {
      graftFloodThreshold = v;
      return this;
    }

    public Builder prunePeers(int v) {
      prunePeers = v;
      return this;
    }

    public Builder doPx(boolean v) {
      doPx = v;
      return this;
    }

    public Builder opportunisticGraft(int ticks, int peers) {
      opportunisticGraftTicks = ticks;
      opportunisticGraftPeers = peers;
      return this;
    }

    public Builder maxIHave(int length, int messagesPerHeartbeat) {
      maxIHaveLength = length;
      maxIHaveMessages = messagesPerHeartbeat;
      return this;
    }

    public Builder iwantFollowupTime(Duration v) {
      iwantFollowupTime = v;
      return this;
    }

    public Builder floodPublish(boolean v) {
      floodPublish = v;
      return this;
    }

    public Builder allowPublishToZeroPeers(boolean v) {
      allowPublishToZeroPeers = v;
      return this;
    }

    public Builder includeKey(boolean v) {
      includeKey = v;
      return this;
    }

    public Builder validation(int maxPending, Duration timeout) {
      maxPendingValidations = maxPending;
      validationTimeout = timeout;
      return this;
    }

    public Builder maxSeenEntries(int v) {
      maxSeenEntries = v;
      return this;
    }

    public Builder maxPendingPromises(int v) {
      maxPendingPromises = v;
      return this;
    }

    public Builder maxTopicsPerPeer(int v) {
      maxTopicsPerPeer = v;
      return this;
    }

    public Builder maxBackoffEntries(int v) {
      maxBackoffEntries = v;
      return this;
    }

    public Builder rpcLimits(RpcLimits v) {
      rpcLimits = Objects.requireNonNull(v);
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first inconsistent value
     */
    public GossipParams build() {
      check(d > 0 && dLo > 0 && dLo <= d && d <= dHi, "need 0 < D_lo <= D <= D_hi");
      check(dLazy >= 0 && dScore >= 0 && dScore <= d, "need D_lazy >= 0 and 0 <= D_score <= D");
      check(dOut >= 0 && dOut < dLo && dOut <= d / 2, "need 0 <= D_out < D_lo and D_out <= D/2");
      check(historyGossip > 0 && historyGossip <= historyLength, "need 0 < gossip <= history");
      check(gossipFactor >= 0 && gossipFactor <= 1, "gossipFactor must be in [0, 1]");
      check(gossipRetransmission > 0, "gossipRetransmission must be positive");
      for (Duration v :
          new Duration[] {
            heartbeatInterval,
            fanoutTtl,
            seenTtl,
            pruneBackoff,
            unsubscribeBackoff,
            iwantFollowupTime,
            validationTimeout
          }) {
        check(v != null && !v.isNegative() && !v.isZero(), "durations must be positive");
      }
      check(
          heartbeatInitialDelay != null && !heartbeatInitialDelay.isNegative(),
          "heartbeatInitialDelay must be >= 0");
      check(
          graftFloodThreshold != null && !graftFloodThreshold.isNegative(),
          "graftFloodThreshold must be >= 0");
      check(prunePeers >= 0 && prunePeers <= rpcLimits.maxPeerInfos(), "prunePeers out of range");
      check(opportunisticGraftTicks > 0 && opportunisticGraftPeers >= 0, "bad opportunistic graft");
      check(
          maxIHaveLength > 0 && maxIHaveLength <= rpcLimits.maxIHaveIds() && maxIHaveMessages > 0,
          "maxIHaveLength must be in 1..rpcLimits.maxIHaveIds and maxIHaveMessages positive");
      check(maxPendingValidations > 0, "maxPendingValidations must be positive");
      check(maxSeenEntries > 0 && maxPendingPromises > 0, "cache bounds must be positive");
      check(maxTopicsPerPeer > 0 && maxBackoffEntries > 0, "peer bounds must be positive");
      return new GossipParams(this);
    }

    private static void check(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
