package org.peerprobe.node.sim;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Simulated time: a queue of tasks ordered by due time, then by the order they were scheduled, run
 * one at a time by {@link #runUntil}. Nothing runs concurrently and nothing reads the wall clock,
 * so two runs of the same schedule are identical. One writer: the thread driving the simulation.
 */
public final class VirtualTime {
  /** Most tasks pending at once: a runaway schedule is our bug, stopped before it eats the heap. */
  public static final int MAX_PENDING = 2_000_000;

  private record Task(long atMs, long order, Runnable run) {}

  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(Comparator.comparingLong(Task::atMs).thenComparingLong(Task::order));
  private long nowMs;
  private long scheduled;

  public VirtualTime(long startMs) {
    this.nowMs = startMs;
  }

  /** The simulated time, in Unix milliseconds. */
  public long now() {
    return nowMs;
  }

  /** Runs {@code task} at {@code atMs} (at once, after the tasks already due, when in the past). */
  public void at(long atMs, Runnable task) {
    if (queue.size() >= MAX_PENDING) {
      throw new IllegalStateException(
          "simulation bug: more than " + MAX_PENDING + " tasks pending at " + nowMs);
    }
    queue.add(new Task(Math.max(atMs, nowMs), scheduled++, task));
  }

  public void after(long delayMs, Runnable task) {
    at(nowMs + delayMs, task);
  }

  /** Runs every task due up to and including {@code endMs}, then sets the time to it. */
  public void runUntil(long endMs) {
    while (!queue.isEmpty() && queue.peek().atMs() <= endMs) {
      Task t = queue.poll();
      nowMs = t.atMs();
      t.run().run();
    }
    nowMs = Math.max(nowMs, endMs);
  }
}
