package org.peerprobe.node.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.FailureClass;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.PhaseTimings;
import org.peerprobe.consensus.model.RoundReport;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.round.RoundClock;

/**
 * One observer's probing, on its own (possibly wrong) clock, as {@code NodeService} schedules it:
 * probe every front at its offset in each round, then sign and publish one report for the round,
 * unless the round has left its accepted window by the time the probes finished. A node's own
 * report is also counted by its own full node, when it runs one.
 */
final class SimObserver {
  /** How long a probe that is lost takes before it times out. */
  static final long PROBE_TIMEOUT_MS = 800;

  /** Shortest and longest (exclusive) duration of a probe that completes. */
  static final long PROBE_MIN_MS = 30;

  static final long PROBE_MAX_MS = 400;

  private static final PhaseTimings TIMINGS = PhaseTimings.of(1200, 8300, 21000, 45000, 46000);

  private final int index;
  private final Scenario scenario;
  private final Ed25519KeyPair key;
  private final String network;
  private final String networkId;
  private final RoundClock clock;
  private final VirtualTime time;
  private final SimNetwork net;
  private final Optional<SimNode> own;
  private int published;
  private int late;

  SimObserver(
      int index,
      Scenario scenario,
      Ed25519KeyPair key,
      String networkId,
      RoundClock clock,
      VirtualTime time,
      SimNetwork net,
      Optional<SimNode> own) {
    this.index = index;
    this.scenario = scenario;
    this.key = key;
    this.network = scenario.networkOf(index);
    this.networkId = networkId;
    this.clock = clock;
    this.time = time;
    this.net = net;
    this.own = own;
  }

  /** Schedules the probe of protocol round {@code round} at this observer's offset. */
  void schedule(long round) {
    time.after(clock.millisUntilProbe(round), () -> probe(round));
  }

  private void probe(long round) {
    long r = round - scenario.round(0);
    if (r >= scenario.rounds()) {
      return;
    }
    List<Observation> obs = new ArrayList<>();
    long longest = 0;
    for (String front : TestNetwork.FRONTS) {
      Scenario.Seen seen = scenario.sees(index, front, r);
      Scenario.Seen said = scenario.reports(index, front, r);
      boolean timedOut = seen.failure().equals(Optional.of(FailureClass.TIMEOUT));
      long took =
          timedOut
              ? PROBE_TIMEOUT_MS
              : PROBE_MIN_MS
                  + (long)
                      (Draws.unit(scenario.seed() + 1, index, front.hashCode(), r)
                          * (PROBE_MAX_MS - PROBE_MIN_MS));
      longest = Math.max(longest, took);
      long at = clock.nowMillis() + took;
      obs.add(
          said.status() == Status.UP
              ? Observation.up(front, 200, TIMINGS, at)
              : Observation.down(front, said.failure().orElseThrow(), 0, TIMINGS, at));
    }
    time.after(longest, () -> report(round, obs));
    schedule(Math.max(round + 1, clock.nextProbeRound()));
  }

  private void report(long round, List<Observation> obs) {
    if (!clock.acceptedWindow().contains(round)) {
      late++;
      return;
    }
    SignedReport signed =
        SignedReport.sign(RoundReport.of(networkId, round, key.publicKey(), network, obs), key);
    published++;
    net.publish(index, n -> n.onReport(signed));
    own.ifPresent(n -> n.onReport(signed));
  }

  int published() {
    return published;
  }

  int late() {
    return late;
  }
}
