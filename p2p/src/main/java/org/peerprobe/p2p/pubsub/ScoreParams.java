package org.peerprobe.p2p.pubsub;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.peerprobe.p2p.core.PeerId;

/**
 * Peer-score parameters and thresholds of gossipsub v1.1 (gossipsub-v1.1.md "Peer Scoring"; js
 * {@code peer-score-params.js}, {@code peer-score-thresholds.js}). Defaults are js's, plus {@link
 * #defaultTopicParams} ({@link TopicScoreParams#INVALID_MESSAGES_ONLY}, applied to topics without
 * explicit parameters; js leaves such topics unscored) and {@link #disconnectThreshold}. P6 (IP
 * colocation) is not computed: the router does not see addresses. Immutable.
 */
public final class ScoreParams {
  public static final double DEFAULT_TOPIC_SCORE_CAP = 10.0;
  public static final double DEFAULT_APP_SPECIFIC_WEIGHT = 10.0;
  public static final double DEFAULT_BEHAVIOUR_PENALTY_WEIGHT = -10.0;
  public static final double DEFAULT_BEHAVIOUR_PENALTY_THRESHOLD = 0.0;
  public static final double DEFAULT_BEHAVIOUR_PENALTY_DECAY = 0.2;
  public static final Duration DEFAULT_DECAY_INTERVAL = Duration.ofSeconds(1);
  public static final double DEFAULT_DECAY_TO_ZERO = 0.1;
  public static final Duration DEFAULT_RETAIN_SCORE = Duration.ofHours(1);
  public static final int DEFAULT_MAX_RETAINED_PEERS = 10_000;
  public static final double DEFAULT_GOSSIP_THRESHOLD = -10;
  public static final double DEFAULT_PUBLISH_THRESHOLD = -50;
  public static final double DEFAULT_GRAYLIST_THRESHOLD = -80;
  public static final double DEFAULT_ACCEPT_PX_THRESHOLD = 10;
  public static final double DEFAULT_OPPORTUNISTIC_GRAFT_THRESHOLD = 20;

  public final Map<String, TopicScoreParams> topics;

  /** Parameters of topics missing from {@link #topics}; null leaves them unscored (js). */
  public final TopicScoreParams defaultTopicParams;

  public final double topicScoreCap;
  public final ToDoubleFunction<PeerId> appSpecificScore;
  public final double appSpecificWeight;
  public final double behaviourPenaltyWeight;
  public final double behaviourPenaltyThreshold;
  public final double behaviourPenaltyDecay;
  public final Duration decayInterval;
  public final double decayToZero;
  public final Duration retainScore;
  public final int maxRetainedPeers;

  /** Below: no gossip to or from the peer. */
  public final double gossipThreshold;

  /** Below: no flood-published or fanout messages to the peer. */
  public final double publishThreshold;

  /** Below: every RPC of the peer is dropped unread. */
  public final double graylistThreshold;

  /** Below (at a heartbeat): the router asks the host to disconnect the peer. */
  public final double disconnectThreshold;

  /** At or above: PX peers in the peer's PRUNE are surfaced to the host. */
  public final double acceptPxThreshold;

  /** Median mesh score below which opportunistic grafting adds better peers. */
  public final double opportunisticGraftThreshold;

  private ScoreParams(Builder b) {
    topics = Map.copyOf(b.topics);
    defaultTopicParams = b.defaultTopicParams;
    topicScoreCap = b.topicScoreCap;
    appSpecificScore = b.appSpecificScore;
    appSpecificWeight = b.appSpecificWeight;
    behaviourPenaltyWeight = b.behaviourPenaltyWeight;
    behaviourPenaltyThreshold = b.behaviourPenaltyThreshold;
    behaviourPenaltyDecay = b.behaviourPenaltyDecay;
    decayInterval = b.decayInterval;
    decayToZero = b.decayToZero;
    retainScore = b.retainScore;
    maxRetainedPeers = b.maxRetainedPeers;
    gossipThreshold = b.gossipThreshold;
    publishThreshold = b.publishThreshold;
    graylistThreshold = b.graylistThreshold;
    disconnectThreshold =
        b.disconnectThreshold == null ? b.graylistThreshold : b.disconnectThreshold;
    acceptPxThreshold = b.acceptPxThreshold;
    opportunisticGraftThreshold = b.opportunisticGraftThreshold;
  }

  public static final ScoreParams DEFAULT = builder().build();

  public static Builder builder() {
    return new Builder();
  }

  /** The parameters that score {@code topic}, or null when it is unscored. */
  public TopicScoreParams topicParams(String topic) {
    TopicScoreParams p = topics.get(topic);
    return p != null ? p : defaultTopicParams;
  }

  /** Mutable builder; {@link #build()} validates (js {@code validatePeerScoreParams}). */
  public static final class Builder {
    private final Map<String, TopicScoreParams> topics = new HashMap<>();
    private TopicScoreParams defaultTopicParams = TopicScoreParams.INVALID_MESSAGES_ONLY;
    private double topicScoreCap = DEFAULT_TOPIC_SCORE_CAP;
    private ToDoubleFunction<PeerId> appSpecificScore = p -> 0.0;
    private double appSpecificWeight = DEFAULT_APP_SPECIFIC_WEIGHT;
    private double behaviourPenaltyWeight = DEFAULT_BEHAVIOUR_PENALTY_WEIGHT;
    private double behaviourPenaltyThreshold = DEFAULT_BEHAVIOUR_PENALTY_THRESHOLD;
    private double behaviourPenaltyDecay = DEFAULT_BEHAVIOUR_PENALTY_DECAY;
    private Duration decayInterval = DEFAULT_DECAY_INTERVAL;
    private double decayToZero = DEFAULT_DECAY_TO_ZERO;
    private Duration retainScore = DEFAULT_RETAIN_SCORE;
    private int maxRetainedPeers = DEFAULT_MAX_RETAINED_PEERS;
    private double gossipThreshold = DEFAULT_GOSSIP_THRESHOLD;
    private double publishThreshold = DEFAULT_PUBLISH_THRESHOLD;
    private double graylistThreshold = DEFAULT_GRAYLIST_THRESHOLD;
    private Double disconnectThreshold;
    private double acceptPxThreshold = DEFAULT_ACCEPT_PX_THRESHOLD;
    private double opportunisticGraftThreshold = DEFAULT_OPPORTUNISTIC_GRAFT_THRESHOLD;

    private Builder() {}

    public Builder topic(String topic, TopicScoreParams params) {
      topics.put(Objects.requireNonNull(topic), Objects.requireNonNull(params));
      return this;
    }

    /** Parameters for topics without their own; null leaves those topics unscored (as js). */
    public Builder defaultTopicParams(TopicScoreParams params) {
      defaultTopicParams = params;
      return this;
    }

    public Builder topicScoreCap(double v) {
      topicScoreCap = v;
      return this;
    }

    /** P5: an application score (called on the router thread; must be fast) and its weight. */
    public Builder appSpecific(ToDoubleFunction<PeerId> score, double weight) {
      appSpecificScore = Objects.requireNonNull(score);
      appSpecificWeight = weight;
      return this;
    }

    /** P7: {@code weight * max(0, penalty - threshold)^2}, the penalty decayed by {@code decay}. */
    public Builder behaviourPenalty(double weight, double threshold, double decay) {
      behaviourPenaltyWeight = weight;
      behaviourPenaltyThreshold = threshold;
      behaviourPenaltyDecay = decay;
      return this;
    }

    public Builder decay(Duration interval, double toZero) {
      decayInterval = interval;
      decayToZero = toZero;
      return this;
    }

    public Builder retainScore(Duration v, int maxPeers) {
      retainScore = v;
      maxRetainedPeers = maxPeers;
      return this;
    }

    public Builder thresholds(double gossip, double publish, double graylist) {
      gossipThreshold = gossip;
      publishThreshold = publish;
      graylistThreshold = graylist;
      return this;
    }

    /** Defaults to the graylist threshold. */
    public Builder disconnectThreshold(double v) {
      disconnectThreshold = v;
      return this;
    }

    public Builder acceptPxThreshold(double v) {
      acceptPxThreshold = v;
      return this;
    }

    public Builder opportunisticGraftThreshold(double v) {
      opportunisticGraftThreshold = v;
      return this;
    }

    public ScoreParams build() {
      check(topicScoreCap >= 0, "topicScoreCap must be >= 0 (0 = no cap)");
      check(behaviourPenaltyWeight <= 0, "behaviourPenaltyWeight must be <= 0");
      check(behaviourPenaltyThreshold >= 0, "behaviourPenaltyThreshold must be >= 0");
      check(behaviourPenaltyDecay > 0 && behaviourPenaltyDecay < 1, "decay must be in (0, 1)");
      check(decayInterval != null && decayInterval.toMillis() > 0, "decayInterval >= 1 ms");
      check(decayToZero > 0 && decayToZero < 1, "decayToZero must be in (0, 1)");
      check(retainScore != null && !retainScore.isNegative(), "retainScore must be >= 0");
      check(maxRetainedPeers >= 0, "maxRetainedPeers must be >= 0");
      check(gossipThreshold <= 0, "gossipThreshold must be <= 0");
      check(publishThreshold <= gossipThreshold, "publishThreshold must be <= gossipThreshold");
      check(graylistThreshold <= publishThreshold, "graylistThreshold must be <= publish");
      check(
          disconnectThreshold == null || disconnectThreshold <= graylistThreshold,
          "disconnectThreshold must be <= graylistThreshold");
      check(acceptPxThreshold >= 0, "acceptPxThreshold must be >= 0");
      check(opportunisticGraftThreshold >= 0, "opportunisticGraftThreshold must be >= 0");
      return new ScoreParams(this);
    }

    private static void check(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
