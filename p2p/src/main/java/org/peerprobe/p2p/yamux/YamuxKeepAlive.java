package org.peerprobe.p2p.yamux;

import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.Scheduler;

/**
 * Pings of one session. A peer's Ping+SYN is answered at once with a Ping+ACK echoing its value
 * (js-libp2p pings every 30 s and requires that answer). Our keep-alive: every {@link
 * YamuxConfig#keepAliveInterval()} it sends a Ping+SYN with a fresh value (unless one is still
 * unanswered) and expects the Ping+ACK echoing that value within {@link YamuxConfig#pingTimeout()};
 * otherwise the session is closed. Runs on the connection's event loop through its {@link
 * Scheduler}.
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
   * Handles a Ping frame from the peer. A Ping+ACK that does not answer our outstanding ping is
   * ignored, as go-yamux does (js-libp2p calls it a protocol error, so we never send one unasked).
   *
   * @throws BadPeerException for a Ping with neither SYN nor ACK
   */
  void onPing(YamuxFrame ping, YamuxOutbound out) {
    long value = ping.length();
    if (ping.hasFlag(YamuxFrame.SYN)) {
      out.send(YamuxFrame.ping(YamuxFrame.ACK, value));
    } else if (!ping.hasFlag(YamuxFrame.ACK)) {
      throw new BadPeerException("yamux Ping with neither SYN nor ACK");
    } else if (outstanding >= 0 && value == outstanding) {
      outstanding = -1;
      timeout.cancel();
      timeout = null;
    }
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
