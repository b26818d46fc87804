package org.peerprobe.p2p.yamux;

import org.peerprobe.p2p.core.BadPeerException;

/**
 * Receive-side flow control of one stream. The peer may send {@link #available} more bytes; {@code
 * buffered} bytes arrived but were not yet handed to a handler, and only delivered bytes are
 * credited back. A WindowUpdate is due once half the window has been consumed, and then the window
 * doubles (up to {@code maxWindow}), so bulk transfers reach full speed while idle streams keep the
 * initial window.
 */
final class YamuxReceiveWindow {
  private final int initialWindow;
  private final int maxWindow;
  private long window = YamuxConfig.SPEC_INITIAL_WINDOW;
  private long available = YamuxConfig.SPEC_INITIAL_WINDOW;
  private long buffered;

  YamuxReceiveWindow(YamuxConfig config) {
    this.initialWindow = config.initialWindow();
    this.maxWindow = config.maxWindow();
  }

  long window() {
    return window;
  }

  /** Grows the window to the configured initial size; returns the delta to announce with SYN. */
  long open() {
    long delta = Math.max(0, initialWindow - window);
    window += delta;
    available += delta;
    return delta;
  }

  /**
   * Accounts for a Data frame of {@code length} bytes.
   *
   * @throws BadPeerException when it overruns the window granted
   */
  void received(int length, YamuxStream stream) {
    if (length > available) {
      throw new BadPeerException(
          stream
              + ": Data frame of "
              + length
              + " bytes exceeds the receive window of "
              + available);
    }
    available -= length;
  }

  void buffered(int length) {
    buffered += length;
  }

  void delivered(int length) {
    buffered -= length;
  }

  void discardBuffered() {
    buffered = 0;
  }

  /**
   * Returns the delta of the WindowUpdate due now and counts it as sent, or -1 when none is due.
   * With {@code mustSend} (a pending ACK) an update is returned even with delta 0.
   */
  long takeUpdate(boolean mustSend) {
    long consumed = window - available - buffered;
    boolean halfConsumed = consumed >= window / 2;
    boolean belowInitial = window < initialWindow;
    if (!mustSend && !halfConsumed && !belowInitial) {
      return -1;
    }
    long target = Math.max(window, initialWindow);
    if (halfConsumed) {
      target = Math.max(target, Math.min(window * 2, maxWindow));
    }
    long delta = consumed + (target - window);
    window = target;
    available += delta;
    return delta;
  }
}
