package org.peerprobe.p2p.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Collects what the p2p code logs at WARNING or above (System.Logger ERROR/WARNING, which it uses
 * for its own bugs, never for peer faults) while a fuzz input runs, and silences the INFO and DEBUG
 * lines peer faults produce. Not thread-safe; one at a time.
 */
final class LogTrap implements AutoCloseable {
  private static final Logger P2P = Logger.getLogger("org.peerprobe.p2p");

  private final List<LogRecord> records = new ArrayList<>();
  private final Level saved = P2P.getLevel();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
            records.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  LogTrap() {
    P2P.setLevel(Level.WARNING);
    P2P.addHandler(handler);
  }

  /** Fails when anything was logged at WARNING or above. */
  void assertQuiet() {
    if (!records.isEmpty()) {
      LogRecord r = records.get(0);
      throw new AssertionError(
          r.getLevel()
              + " logged by "
              + r.getLoggerName()
              + ": "
              + new SimpleFormatter().formatMessage(r),
          r.getThrown());
    }
  }

  @Override
  public void close() {
    P2P.removeHandler(handler);
    P2P.setLevel(saved);
  }
}
