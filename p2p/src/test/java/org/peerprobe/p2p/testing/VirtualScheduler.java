package org.peerprobe.p2p.testing;

import java.time.Duration;
import java.util.PriorityQueue;
import org.peerprobe.p2p.core.Scheduler;

/**
 * A {@link Scheduler} in virtual time for tests: nothing runs until the test calls {@link
 * #runPending()} or {@link #advance(Duration)}, which run due tasks in time order on the test's own
 * thread. Not thread-safe (one test thread).
 */
public final class VirtualScheduler implements Scheduler {
  private record Task(long at, long seq, Runnable run) {}

  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;

  public VirtualScheduler(long startMillis) {
    this.now = startMillis;
  }

  public VirtualScheduler() {
    this(1_763_424_000_000L);
  }

  @Override
  public long nowMillis() {
    return now;
  }

  @Override
  public void execute(Runnable task) {
    queue.add(new Task(now, seq++, task));
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    queue.add(
        new Task(
            now + Math.max(0, delay.toMillis()),
            seq++,
            () -> {
              if (!cancelled[0]) {
                task.run();
              }
            }));
    return () -> cancelled[0] = true;
  }

  @Override
  public boolean inThread() {
    return true;
  }

  /** Runs every task due now, including tasks they schedule for now. */
  public void runPending() {
    while (!queue.isEmpty() && queue.peek().at <= now) {
      queue.poll().run.run();
    }
  }

  /** Moves time forward by {@code d}, running every task that falls due on the way, in order. */
  public void advance(Duration d) {
    long end = now + d.toMillis();
    while (!queue.isEmpty() && queue.peek().at <= end) {
      Task t = queue.poll();
      now = Math.max(now, t.at);
      t.run.run();
    }
    now = end;
  }

  public int pendingTasks() {
    return queue.size();
  }
}
