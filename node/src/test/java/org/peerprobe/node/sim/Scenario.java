package org.peerprobe.node.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.model.FailureClass;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.testing.TestNetwork;

/**
 * One simulated world: the roster's shape, the rounds to run and every fault. Observer {@code i}
 * has key {@code TestKeys.key(i)} and network {@link TestNetwork#network(int) network(i mod
 * networks)}; the router switches from {@link TestNetwork#PRIMARY} to {@link
 * TestNetwork#SECONDARY}. Rounds are numbered from 0 (the first simulated round); {@link #round}
 * gives the protocol's round number. Immutable; build with {@link #builder}.
 *
 * @param seed seeds every random draw of the run
 * @param observers roster size
 * @param networks distinct networks the observers are spread over
 * @param rounds rounds to simulate
 * @param intervalMs the round interval
 * @param liars observers that always report {@code liarSays}, whatever they see
 * @param liarSays what liars report for every front
 * @param brokenNetwork a network whose observers see every front DOWN (their uplink is broken)
 * @param observationLoss chance that one probe of one front is lost: it times out and the observer
 *     honestly reports the front DOWN (TIMEOUT)
 * @param skewMs clock offset of the observers whose clocks are wrong (others keep true time)
 * @param primaryBreaksAt the round from which the primary really is down (empty: never)
 * @param signerRestartEvery the signer restarts in every round that is a positive multiple of this
 *     (0: never)
 * @param partition links cut between a minority and everyone else for some rounds (empty: none)
 * @param fullObservers observers that run a full node (tally, certify, follow the router); the
 *     others only probe and publish
 */
public record Scenario(
    long seed,
    int observers,
    int networks,
    int rounds,
    long intervalMs,
    Set<Integer> liars,
    Status liarSays,
    Optional<String> brokenNetwork,
    double observationLoss,
    Map<Integer, Long> skewMs,
    OptionalLong primaryBreaksAt,
    int signerRestartEvery,
    Optional<Partition> partition,
    Set<Integer> fullObservers) {

  public static final long DEFAULT_INTERVAL_MS = 2000;

  /** The router every node follows: the defaults (downRounds 2, upRounds 3, cooldown 10). */
  public static final RouterPolicy ROUTER =
      RouterPolicy.builder("web-router", TestNetwork.PRIMARY, TestNetwork.SECONDARY).build();

  /**
   * Links between {@code isolated} and every other node (the signer included) are cut from the
   * start of round {@code from} until the start of round {@code until}.
   */
  public record Partition(long from, long until, Set<Integer> isolated) {
    public Partition {
      isolated = Collections.unmodifiableSet(new TreeSet<>(isolated));
    }
  }

  /** What one observer's probe of one front gave (before a liar replaces it). */
  public record Seen(Status status, Optional<FailureClass> failure) {
    static final Seen UP = new Seen(Status.UP, Optional.empty());

    static Seen down(FailureClass why) {
      return new Seen(Status.DOWN, Optional.of(why));
    }
  }

  public Scenario {
    liars = Collections.unmodifiableSet(new TreeSet<>(liars));
    skewMs = Collections.unmodifiableMap(new TreeMap<>(skewMs));
    fullObservers = Collections.unmodifiableSet(new TreeSet<>(fullObservers));
    if (observers < 1 || networks < 1 || rounds < 1 || intervalMs < 1) {
      throw new IllegalArgumentException("observers, networks, rounds and interval must be > 0");
    }
    if (observationLoss < 0 || observationLoss > 1) {
      throw new IllegalArgumentException("observationLoss must be 0..1");
    }
  }

  public static Builder builder(int observers, int networks, int rounds) {
    return new Builder(observers, networks, rounds);
  }

  /** The protocol round number of simulated round {@code r}: rounds of a 2025 date. */
  public long round(long r) {
    return TestNetwork.OBSERVED_AT_MS / intervalMs + r;
  }

  public String networkOf(int observer) {
    return TestNetwork.network(observer % networks);
  }

  /** f = ⌊(n−1)/3⌋, the liars the default quorum policy tolerates. */
  public static int tolerated(int observers) {
    return (observers - 1) / 3;
  }

  /** The truth: what a probe from a healthy network sees of {@code front} in round {@code r}. */
  public Status truth(String front, long r) {
    boolean broken = front.equals(ROUTER.primary()) && r >= primaryBreaksAt.orElse(Long.MAX_VALUE);
    return broken ? Status.DOWN : Status.UP;
  }

  /**
   * What honest observer {@code i} sees of {@code front} in round {@code r}: DOWN from a broken
   * network, DOWN (timeout) when its probe is lost, else the truth. The same for every run with
   * this seed, so the baseline can replay exactly what the quorum's observer saw.
   */
  public Seen sees(int i, String front, long r) {
    if (brokenNetwork.isPresent() && brokenNetwork.get().equals(networkOf(i))) {
      return Seen.down(FailureClass.CONNECT);
    }
    if (observationLoss > 0 && Draws.unit(seed, i, front.hashCode(), r) < observationLoss) {
      return Seen.down(FailureClass.TIMEOUT);
    }
    return truth(front, r) == Status.UP ? Seen.UP : Seen.down(FailureClass.HTTP_STATUS);
  }

  /** What observer {@code i} reports: a liar's fixed answer, else what it sees. */
  public Seen reports(int i, String front, long r) {
    if (liars.contains(i)) {
      return liarSays == Status.UP ? Seen.UP : Seen.down(FailureClass.HTTP_STATUS);
    }
    return sees(i, front, r);
  }

  /** Builder; every fault is off unless set. */
  public static final class Builder {
    private final int observers;
    private final int networks;
    private final int rounds;
    private long seed = 1;
    private long intervalMs = DEFAULT_INTERVAL_MS;
    private Set<Integer> liars = Set.of();
    private Status liarSays = Status.DOWN;
    private Optional<String> brokenNetwork = Optional.empty();
    private double observationLoss;
    private Map<Integer, Long> skewMs = Map.of();
    private OptionalLong primaryBreaksAt = OptionalLong.empty();
    private int signerRestartEvery;
    private Optional<Partition> partition = Optional.empty();
    private Set<Integer> fullObservers;

    private Builder(int observers, int networks, int rounds) {
      this.observers = observers;
      this.networks = networks;
      this.rounds = rounds;
      this.fullObservers = new TreeSet<>();
      for (int i = 0; i < observers; i++) {
        fullObservers.add(i);
      }
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder intervalMs(long v) {
      intervalMs = v;
      return this;
    }

    /** {@code count} observers, picked by the seed, always report {@code says}. */
    public Builder liars(int count, Status says) {
      liars = Set.copyOf(pick(count, 1));
      liarSays = says;
      return this;
    }

    public Builder brokenNetwork(String network) {
      brokenNetwork = Optional.of(network);
      return this;
    }

    public Builder observationLoss(double v) {
      observationLoss = v;
      return this;
    }

    /**
     * The clocks of ⌈n/3⌉ observers, picked by the seed, are off by {@code offsetMs}: half of them
     * ahead, half behind.
     */
    public Builder skewAThird(long offsetMs) {
      Map<Integer, Long> skew = new TreeMap<>();
      List<Integer> picked = pick((observers + 2) / 3, 2);
      for (int k = 0; k < picked.size(); k++) {
        skew.put(picked.get(k), k % 2 == 0 ? offsetMs : -offsetMs);
      }
      skewMs = skew;
      return this;
    }

    public Builder primaryBreaksAt(long round) {
      primaryBreaksAt = OptionalLong.of(round);
      return this;
    }

    public Builder signerRestartEvery(int rounds) {
      signerRestartEvery = rounds;
      return this;
    }

    public Builder partition(long from, long until, Set<Integer> isolated) {
      partition = Optional.of(new Partition(from, until, isolated));
      return this;
    }

    /** Only these observers tally; the rest only probe and publish. */
    public Builder fullObservers(Set<Integer> v) {
      fullObservers = new TreeSet<>(v);
      return this;
    }

    /** The first {@code count} observers of a seeded shuffle ({@code salt} separates uses). */
    private List<Integer> pick(int count, long salt) {
      List<Integer> all = new ArrayList<>();
      for (int i = 0; i < observers; i++) {
        all.add(i);
      }
      Collections.shuffle(all, new Random(seed * 31 + salt));
      return new ArrayList<>(all.subList(0, Math.min(count, observers)));
    }

    public Scenario build() {
      return new Scenario(
          seed,
          observers,
          networks,
          rounds,
          intervalMs,
          liars,
          liarSays,
          brokenNetwork,
          observationLoss,
          skewMs,
          primaryBreaksAt,
          signerRestartEvery,
          partition,
          fullObservers);
    }
  }
}
