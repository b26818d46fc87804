package org.peerprobe.bench.failover;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One trial: once both router records point at the primary, break the primary (503) at a random
 * instant inside the next round, wait until each record's answer at BIND has changed to the
 * secondary, then heal the primary. The break always falls in a round after the previous failback,
 * so the failback's cooldown never delays a failover.
 */
final class Trial implements AutoCloseable {
  /**
   * Longest wait for a record to switch (or to come back), after which the trial counts as lost.
   */
  static final Duration DEADLINE = Duration.ofSeconds(30);

  /**
   * What one trial measured; every time in ms.
   *
   * @param breakOffsetMs where in its round the primary broke
   * @param peerprobe break → peerprobe's record answered the secondary, empty if it never did
   * @param baseline break → the baseline's record answered the secondary, empty if it never did
   * @param toEvidence last needed observation published → the signer held every certificate the
   *     decision cites (gossip to the signer, its tally and certificate, or a peer's certificate)
   * @param toDecision then → the signer's decision signed, durable and published (failover machine,
   *     signature, SQLite)
   * @param toDns the decision → the answer changed at BIND (RFC 2136 fence read and write)
   * @param baselineToDns the baseline's failed check → the answer changed at BIND
   */
  record Result(
      long breakOffsetMs,
      OptionalLong peerprobe,
      OptionalLong baseline,
      OptionalLong toEvidence,
      OptionalLong toDecision,
      OptionalLong toDns,
      OptionalLong baselineToDns) {

    /** Last needed observation → answer changed at BIND. */
    OptionalLong overhead() {
      return toEvidence.isPresent() && toDecision.isPresent() && toDns.isPresent()
          ? OptionalLong.of(toEvidence.getAsLong() + toDecision.getAsLong() + toDns.getAsLong())
          : OptionalLong.empty();
    }
  }

  private record Break(long atNanos, long atMillis) {}

  private final Testbed net;
  private final CnameWatch watch;
  private final SingleObserverBaseline baseline;
  private final String baselineRecord;
  private final long intervalMs;
  private final Random random;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "trial-timer");
            t.setDaemon(true);
            return t;
          });

  Trial(
      Testbed net,
      CnameWatch watch,
      SingleObserverBaseline baseline,
      String baselineRecord,
      Duration interval,
      Random random) {
    this.net = net;
    this.watch = watch;
    this.baseline = baseline;
    this.baselineRecord = baselineRecord;
    this.intervalMs = interval.toMillis();
    this.random = random;
  }

  Result run() throws InterruptedException, ExecutionException {
    String primary = Testbed.host(Testbed.PRIMARY);
    String secondary = Testbed.host(Testbed.SECONDARY);
    await(watch.when(Testbed.routerRecord(), primary), "peerprobe's record back on the primary");
    await(watch.when(baselineRecord, primary), "the baseline's record back on the primary");
    long now = System.currentTimeMillis();
    long offset = random.nextInt((int) intervalMs);
    long breakAt = (Math.floorDiv(now, intervalMs) + 1) * intervalMs + offset;
    CompletableFuture<CnameWatch.Seen> pp = watch.when(Testbed.routerRecord(), secondary);
    CompletableFuture<CnameWatch.Seen> bl = watch.when(baselineRecord, secondary);
    Break b =
        timer
            .schedule(
                () -> {
                  net.primary().setHealthy(false);
                  return new Break(System.nanoTime(), System.currentTimeMillis());
                },
                breakAt - now,
                TimeUnit.MILLISECONDS)
            .get();
    Optional<CnameWatch.Seen> ppSeen = within(pp, b);
    Optional<CnameWatch.Seen> blSeen = within(bl, b);
    net.primary().setHealthy(true);
    return new Result(
        offset,
        since(ppSeen, b),
        since(blSeen, b),
        split(b, ppSeen, Part.TO_EVIDENCE),
        split(b, ppSeen, Part.TO_DECISION),
        split(b, ppSeen, Part.TO_DNS),
        baselineToDns(b, blSeen, secondary));
  }

  private enum Part {
    TO_EVIDENCE,
    TO_DECISION,
    TO_DNS
  }

  /** One part of peerprobe's overhead in this trial, from the signer's records. */
  private OptionalLong split(Break b, Optional<CnameWatch.Seen> seen, Part part) {
    Optional<EventLog.Signed> decision = net.events().decisionTo(Testbed.SECONDARY, b.atMillis());
    if (decision.isEmpty() || seen.isEmpty()) {
      return OptionalLong.empty();
    }
    OptionalLong last = net.events().lastNeededObservation(decision.get().decision());
    OptionalLong evidence = net.events().evidenceAtSigner(decision.get().decision());
    if (last.isEmpty() || evidence.isEmpty()) {
      return OptionalLong.empty();
    }
    long decided = decision.get().atMs();
    return OptionalLong.of(
        switch (part) {
          case TO_EVIDENCE -> evidence.getAsLong() - last.getAsLong();
          case TO_DECISION -> decided - evidence.getAsLong();
          case TO_DNS -> seen.get().atMillis() - decided;
        });
  }

  private OptionalLong baselineToDns(Break b, Optional<CnameWatch.Seen> seen, String secondary) {
    Optional<SingleObserverBaseline.Switch> check = baseline.switchTo(secondary, b.atMillis());
    return check.isPresent() && seen.isPresent()
        ? OptionalLong.of(seen.get().atMillis() - check.get().checkedAtMs())
        : OptionalLong.empty();
  }

  private static OptionalLong since(Optional<CnameWatch.Seen> seen, Break b) {
    return seen.map(s -> OptionalLong.of((s.atNanos() - b.atNanos()) / 1_000_000))
        .orElse(OptionalLong.empty());
  }

  /** The switch, or empty when it did not happen within {@link #DEADLINE} of the break. */
  private static Optional<CnameWatch.Seen> within(CompletableFuture<CnameWatch.Seen> f, Break b)
      throws InterruptedException, ExecutionException {
    long left = b.atNanos() + DEADLINE.toNanos() - System.nanoTime();
    try {
      return Optional.of(f.get(Math.max(0, left), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    }
  }

  private static void await(CompletableFuture<?> f, String what)
      throws InterruptedException, ExecutionException {
    try {
      f.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the bench's network is stuck (ours): no " + what + " within " + DEADLINE);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
