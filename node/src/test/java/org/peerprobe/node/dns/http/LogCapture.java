package org.peerprobe.node.dns.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Every log event of {@code org.peerprobe.node.dns}, at every level, while open: to check that no
 * credential reaches a log line.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger logger = (Logger) LoggerFactory.getLogger("org.peerprobe.node.dns");
  private final Level previous = logger.getLevel();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public LogCapture() {
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.TRACE);
  }

  /** Every captured line, formatted, with any exception's text. */
  public String text() {
    return appender.list.stream()
        .map(
            e ->
                e.getFormattedMessage()
                    + (e.getThrowableProxy() == null
                        ? ""
                        : " " + e.getThrowableProxy().getMessage()))
        .collect(Collectors.joining("\n"));
  }

  public int size() {
    return appender.list.size();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previous);
  }
}
