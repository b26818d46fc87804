package org.peerprobe.node.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.quorum.VerifiedSignatures;
import org.peerprobe.consensus.testing.TestKeys;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.node.round.RoundClock;

/**
 * Runs one {@link Scenario}: the observers probe and publish from simulated round 0 to the last,
 * the full nodes and the signer (node id {@code n}, a non-observing node with {@link
 * TestKeys#signer()}, on true time) tally and follow the router, faults strike when the scenario
 * says, and two more rounds let the last reports land.
 */
public final class Simulation {
  /** Rounds simulated after the last probed one, so that its reports and certificates land. */
  public static final int DRAIN_ROUNDS = 2;

  /** How long the signer is down when it restarts, as a share of the interval: one full round. */
  public static final double RESTART_DOWN_ROUNDS = 1.0;

  private Simulation() {}

  public static SimResult run(Scenario s) {
    long interval = s.intervalMs();
    VirtualTime time = new VirtualTime((s.round(0) - 1) * interval);
    SimNetwork net = new SimNetwork(time, s.seed());
    TestNetwork roster = TestNetwork.of(s.observers(), s.networks());
    VerifiedSignatures memo = new VerifiedSignatures();
    int signerId = s.observers();
    SimNode signer =
        new SimNode(
            signerId,
            roster.roster(),
            new RoundClock(Duration.ofMillis(interval), time::now, 0),
            net,
            memo,
            Optional.of(TestKeys.signer()));
    Map<Integer, SimNode> full = new LinkedHashMap<>();
    List<SimObserver> observers = new ArrayList<>();
    for (int i = 0; i < s.observers(); i++) {
      long skew = s.skewMs().getOrDefault(i, 0L);
      RoundClock clock =
          new RoundClock(
              Duration.ofMillis(interval), () -> time.now() + skew, new Random(s.seed() ^ i));
      Optional<SimNode> node = Optional.empty();
      if (s.fullObservers().contains(i)) {
        node = Optional.of(new SimNode(i, roster.roster(), clock, net, memo, Optional.empty()));
        full.put(i, node.get());
      }
      SimObserver o =
          new SimObserver(i, s, roster.key(i), roster.networkId(), clock, time, net, node);
      observers.add(o);
      o.schedule(s.round(0));
    }
    full.put(signerId, signer);
    s.partition()
        .ifPresent(
            p -> {
              time.at(s.round(p.from()) * interval, () -> net.isolate(p.isolated()));
              time.at(s.round(p.until()) * interval, net::heal);
            });
    if (s.signerRestartEvery() > 0) {
      for (long r = s.signerRestartEvery(); r < s.rounds(); r += s.signerRestartEvery()) {
        long at = s.round(r) * interval + interval / 4;
        time.at(at, signer::crash);
        time.at(at + (long) (RESTART_DOWN_ROUNDS * interval), signer::restart);
      }
    }
    time.runUntil((s.round(s.rounds()) + DRAIN_ROUNDS) * interval);

    Map<Integer, SimResult.NodeView> views = new LinkedHashMap<>();
    full.forEach((id, n) -> views.put(id, n.view()));
    return new SimResult(
        s,
        signer.decisionLog().stream().map(SignedDecision::decision).toList(),
        views,
        signerId,
        observers.stream().mapToLong(SimObserver::published).sum(),
        observers.stream().mapToLong(SimObserver::late).sum(),
        net.delivered(),
        net.dropped());
  }
}
