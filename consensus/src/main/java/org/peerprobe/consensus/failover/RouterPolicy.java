package org.peerprobe.consensus.failover;

import java.util.regex.Pattern;

/**
 * The failover rules of one router. Immutable; build with {@link #builder(String, String, String)},
 * which validates in {@link Builder#build()}.
 *
 * @param name router name, e.g. {@code web-router}
 * @param primary front id the router points at when healthy
 * @param secondary front id it fails over to
 * @param downRounds consecutive DOWN certificates of the active front needed to switch away
 * @param upRounds consecutive UP certificates of the primary needed for an automatic failback
 * @param failback automatic or manual failback
 * @param cooldownRounds least number of rounds between two switches
 */
public record RouterPolicy(
    String name,
    String primary,
    String secondary,
    int downRounds,
    int upRounds,
    FailbackMode failback,
    int cooldownRounds) {

  public static final int DEFAULT_DOWN_ROUNDS = 2;
  public static final int DEFAULT_UP_ROUNDS = 3;
  public static final FailbackMode DEFAULT_FAILBACK = FailbackMode.AUTO;
  public static final int DEFAULT_COOLDOWN_ROUNDS = 10;

  /** Largest downRounds or upRounds: bounds the evidence a machine keeps. */
  public static final int MAX_STREAK_ROUNDS = 1000;

  /** Largest cooldown in rounds. */
  public static final int MAX_COOLDOWN_ROUNDS = 1_000_000;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

  public RouterPolicy {
    for (String[] f :
        new String[][] {{"name", name}, {"primary", primary}, {"secondary", secondary}}) {
      if (f[1] == null || !NAME.matcher(f[1]).matches()) {
        throw new IllegalArgumentException("router " + f[0] + " is not a valid name: " + f[1]);
      }
    }
    if (primary.equals(secondary)) {
      throw new IllegalArgumentException("router primary and secondary must differ");
    }
    if (downRounds < 1 || downRounds > MAX_STREAK_ROUNDS) {
      throw new IllegalArgumentException("downRounds must be 1.." + MAX_STREAK_ROUNDS);
    }
    if (upRounds < 1 || upRounds > MAX_STREAK_ROUNDS) {
      throw new IllegalArgumentException("upRounds must be 1.." + MAX_STREAK_ROUNDS);
    }
    if (failback == null) {
      throw new IllegalArgumentException("failback mode is required");
    }
    if (cooldownRounds < 0 || cooldownRounds > MAX_COOLDOWN_ROUNDS) {
      throw new IllegalArgumentException("cooldownRounds must be 0.." + MAX_COOLDOWN_ROUNDS);
    }
  }

  public static Builder builder(String name, String primary, String secondary) {
    return new Builder(name, primary, secondary);
  }

  /** The front that is not {@code front}. */
  public String other(String front) {
    return front.equals(primary) ? secondary : primary;
  }

  public boolean covers(String front) {
    return front.equals(primary) || front.equals(secondary);
  }

  /** Rounds of evidence the machine must keep to evaluate its rules. */
  int evidenceWindow() {
    return Math.max(downRounds, upRounds) + 1;
  }

  /** Builder with the {@code DEFAULT_*} values. */
  public static final class Builder {
    private final String name;
    private final String primary;
    private final String secondary;
    private int downRounds = DEFAULT_DOWN_ROUNDS;
    private int upRounds = DEFAULT_UP_ROUNDS;
    private FailbackMode failback = DEFAULT_FAILBACK;
    private int cooldownRounds = DEFAULT_COOLDOWN_ROUNDS;

    private Builder(String name, String primary, String secondary) {
      this.name = name;
      this.primary = primary;
      this.secondary = secondary;
    }

    public Builder downRounds(int v) {
      downRounds = v;
      return this;
    }

    public Builder upRounds(int v) {
      upRounds = v;
      return this;
    }

    public Builder failback(FailbackMode v) {
      failback = v;
      return this;
    }

    public Builder cooldownRounds(int v) {
      cooldownRounds = v;
      return this;
    }

    public RouterPolicy build() {
      return new RouterPolicy(
          name, primary, secondary, downRounds, upRounds, failback, cooldownRounds);
    }
  }
}
