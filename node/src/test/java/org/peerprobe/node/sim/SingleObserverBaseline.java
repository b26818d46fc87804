package org.peerprobe.node.sim;

import java.util.Optional;
import org.peerprobe.consensus.model.Status;

/**
 * What the original failover scripts do, replayed on a {@link Scenario}: one observer checks the
 * primary once per interval and points the router at the secondary on the first failed check, and
 * back at the primary on the first good one. The observer is one of the scenario's observers and
 * sees exactly what that observer saw in the simulation (its network, its lost probes; a liar
 * reports its lie). Clock skew and the signer's restarts do not touch it: it has no rounds to miss
 * and keeps no state to lose.
 */
public final class SingleObserverBaseline {
  private SingleObserverBaseline() {}

  /**
   * @param failovers switches from the primary to the secondary
   * @param failbacks switches back to the primary
   * @param firstFailover the round (0-based) of the first failover, if any
   */
  public record Result(int failovers, int failbacks, Optional<Long> firstFailover) {}

  public static Result run(Scenario s, int observer) {
    boolean onPrimary = true;
    int failovers = 0;
    int failbacks = 0;
    Optional<Long> first = Optional.empty();
    for (long r = 0; r < s.rounds(); r++) {
      boolean ok = s.reports(observer, Scenario.ROUTER.primary(), r).status() == Status.UP;
      if (onPrimary && !ok) {
        onPrimary = false;
        failovers++;
        first = first.isPresent() ? first : Optional.of(r);
      } else if (!onPrimary && ok) {
        onPrimary = true;
        failbacks++;
      }
    }
    return new Result(failovers, failbacks, first);
  }
}
