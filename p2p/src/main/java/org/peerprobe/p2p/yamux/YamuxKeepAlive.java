package org.peerprobe.p2p.yamux;

import org.peerprobe.p2p.core.Scheduler;

/**
 * The keep-alive of one session: every {@link YamuxConfig#keepAliveInterval()} it sends a Ping+SYN
 * with a fresh value (unless one is still unanswered) and expects the Ping+ACK echoing that value
 * within {@link YamuxConfig#pingTimeout()}; otherwise the session is closed. Runs on the
 * connection's event loop through its {@link Scheduler}.
 */
final class YamuxKeepAlive {
  private final YamuxSession session;
  private final Scheduler scheduler;
  private final YamuxConfig config;

  private Scheduler.Cancellable nextTick;
  private Scheduler.Cancellable timeout;
  private long nextValue;
  private long outstanding = -1;
  private boolean stopped;

  YamuxKeepAlive(YamuxSession session, Scheduler scheduler, YamuxConfig config) {
    this.session = session;
    this.scheduler = scheduler;
    this.config = config;
  }

  void start() {
    if (config.keepAliveEnabled() && nextTick == null && !stopped) {
      nextTick = scheduler.schedule(config.keepAliveInterval(), this::tick);
    }
  }

  /**
   * A Ping+ACK arrived; returns whether it answers our outstanding ping. Any other ACK is ignored
   * by the caller: js-libp2p never sends one, and go-yamux ignores them too.
   */
  boolean onAck(long value) {
    if (outstanding < 0 || value != outstanding) {
      return false;
    }
    outstanding = -1;
    timeout.cancel();
    timeout = null;
    return true;
  }

  void stop() {
    stopped = true;
    if (nextTick != null) {
      nextTick.cancel();
    }
    if (timeout != null) {
      timeout.cancel();
    }
  }

  private void tick() {
    if (stopped) {
      return;
    }
    if (outstanding < 0) {
      outstanding = nextValue;
      nextValue = (nextValue + 1) & YamuxFrame.MAX_U32;
      timeout = scheduler.schedule(config.pingTimeout(), this::expire);
      session.sendPing(outstanding);
    }
    if (!stopped) {
      nextTick = scheduler.schedule(config.keepAliveInterval(), this::tick);
    }
  }

  private void expire() {
    if (!stopped && outstanding >= 0) {
      session.pingTimedOut(outstanding, config.pingTimeout());
    }
  }
}
