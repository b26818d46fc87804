package org.peerprobe.p2p.pubsub;

import java.time.Duration;

/**
 * Per-topic score parameters of gossipsub v1.1 (gossipsub-v1.1.md "Topic Parameter Calculation"):
 * P1 time in mesh, P2 first message deliveries, P3 mesh message delivery deficit, P3b mesh failure
 * penalty and P4 invalid messages, each with a weight and (for counters) a multiplicative decay per
 * {@link ScoreParams#decayInterval}. A weight of 0 disables its component. {@link #builder()}
 * starts with every component disabled.
 */
public record TopicScoreParams(
    double topicWeight,
    double timeInMeshWeight,
    Duration timeInMeshQuantum,
    double timeInMeshCap,
    double firstMessageDeliveriesWeight,
    double firstMessageDeliveriesDecay,
    double firstMessageDeliveriesCap,
    double meshMessageDeliveriesWeight,
    double meshMessageDeliveriesDecay,
    double meshMessageDeliveriesCap,
    double meshMessageDeliveriesThreshold,
    Duration meshMessageDeliveriesWindow,
    Duration meshMessageDeliveriesActivation,
    double meshFailurePenaltyWeight,
    double meshFailurePenaltyDecay,
    double invalidMessageDeliveriesWeight,
    double invalidMessageDeliveriesDecay) {

  /** P4 weight of {@link #INVALID_MESSAGES_ONLY}: seven quick REJECTs cross the graylist. */
  public static final double DEFAULT_INVALID_MESSAGE_DELIVERIES_WEIGHT = -2.0;

  /** P4 decay of {@link #INVALID_MESSAGES_ONLY} per second: a half-life of about 69 s. */
  public static final double DEFAULT_INVALID_MESSAGE_DELIVERIES_DECAY = 0.99;

  /**
   * The default for topics without explicit parameters: only P4 (invalid messages) counts, with
   * topic weight 1. Quiet peerprobe topics would make P3 (delivery deficit) punish honest peers, so
   * it stays off unless configured.
   */
  public static final TopicScoreParams INVALID_MESSAGES_ONLY =
      builder()
          .topicWeight(1)
          .invalidMessageDeliveries(
              DEFAULT_INVALID_MESSAGE_DELIVERIES_WEIGHT, DEFAULT_INVALID_MESSAGE_DELIVERIES_DECAY)
          .build();

  public TopicScoreParams {
    check(topicWeight >= 0, "topicWeight must be >= 0");
    check(timeInMeshWeight >= 0 && timeInMeshCap >= 0, "P1 weight and cap must be >= 0");
    check(positive(timeInMeshQuantum), "timeInMeshQuantum must be positive");
    check(firstMessageDeliveriesWeight >= 0, "P2 weight must be >= 0");
    check(firstMessageDeliveriesCap >= 0, "P2 cap must be >= 0");
    check(meshMessageDeliveriesWeight <= 0, "P3 weight must be <= 0");
    check(meshMessageDeliveriesCap >= meshMessageDeliveriesThreshold, "P3 cap < threshold");
    check(meshMessageDeliveriesThreshold >= 0, "P3 threshold must be >= 0");
    check(positive(meshMessageDeliveriesWindow), "P3 window must be positive");
    check(positive(meshMessageDeliveriesActivation), "P3 activation must be positive");
    check(meshFailurePenaltyWeight <= 0, "P3b weight must be <= 0");
    check(invalidMessageDeliveriesWeight <= 0, "P4 weight must be <= 0");
    for (double decay :
        new double[] {
          firstMessageDeliveriesDecay,
          meshMessageDeliveriesDecay,
          meshFailurePenaltyDecay,
          invalidMessageDeliveriesDecay
        }) {
      check(decay > 0 && decay < 1, "decays must be in (0, 1)");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Builder; every component starts disabled (weight 0) with decay 0.5. */
  public static final class Builder {
    private double topicWeight = 1;
    private double timeInMeshWeight;
    private Duration timeInMeshQuantum = Duration.ofSeconds(1);
    private double timeInMeshCap = 3600;
    private double firstWeight;
    private double firstDecay = 0.5;
    private double firstCap = 2000;
    private double meshWeight;
    private double meshDecay = 0.5;
    private double meshCap = 100;
    private double meshThreshold = 20;
    private Duration meshWindow = Duration.ofMillis(10);
    private Duration meshActivation = Duration.ofSeconds(5);
    private double failureWeight;
    private double failureDecay = 0.5;
    private double invalidWeight;
    private double invalidDecay = 0.5;

    private Builder() {}

    public Builder topicWeight(double v) {
      topicWeight = v;
      return this;
    }

    /** P1: {@code min(timeInMesh / quantum, cap) * weight}. */
    public Builder timeInMesh(double weight, Duration quantum, double cap) {
      timeInMeshWeight = weight;
      timeInMeshQuantum = quantum;
      timeInMeshCap = cap;
      return this;
    }

    /** P2: first deliveries, capped, decayed. */
    public Builder firstMessageDeliveries(double weight, double decay, double cap) {
      firstWeight = weight;
      firstDecay = decay;
      firstCap = cap;
      return this;
    }

    /** P3: squared deficit below {@code threshold} once active; duplicates count in window. */
    public Builder meshMessageDeliveries(
        double weight,
        double decay,
        double cap,
        double threshold,
        Duration window,
        Duration activation) {
      meshWeight = weight;
      meshDecay = decay;
      meshCap = cap;
      meshThreshold = threshold;
      meshWindow = window;
      meshActivation = activation;
      return this;
    }

    /** P3b: squared deficit remembered when a peer leaves the mesh. */
    public Builder meshFailurePenalty(double weight, double decay) {
      failureWeight = weight;
      failureDecay = decay;
      return this;
    }

    /** P4: squared count of invalid (REJECTed or badly signed) messages. */
    public Builder invalidMessageDeliveries(double weight, double decay) {
      invalidWeight = weight;
      invalidDecay = decay;
      return this;
    }

    public TopicScoreParams build() {
      return new TopicScoreParams(
          topicWeight,
          timeInMeshWeight,
          timeInMeshQuantum,
          timeInMeshCap,
          firstWeight,
          firstDecay,
          firstCap,
          meshWeight,
          meshDecay,
          meshCap,
          meshThreshold,
          meshWindow,
          meshActivation,
          failureWeight,
          failureDecay,
          invalidWeight,
          invalidDecay);
    }
  }
}
