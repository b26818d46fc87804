package org.peerprobe.p2p.core;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A {@link Scheduler} backed by one Netty event loop and the system clock. */
public final class EventLoopScheduler implements Scheduler {
  private final EventLoop loop;

  public EventLoopScheduler(EventLoop loop) {
    this.loop = loop;
  }

  public EventLoop eventLoop() {
    return loop;
  }

  @Override
  public long nowMillis() {
    return System.currentTimeMillis();
  }

  /** {@link System#nanoTime()}: monotonic, unlike {@link #nowMillis()}. */
  @Override
  public long nowNanos() {
    return System.nanoTime();
  }

  @Override
  public void execute(Runnable task) {
    loop.execute(task);
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> f = loop.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public boolean inThread() {
    return loop.inEventLoop();
  }
}
