package dev.bulwark.core.alerts;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every log event of a logger and its children, at every level, while open. */
final class CapturedLogs implements AutoCloseable {
  private final Logger logger;
  private final Level previous;
  private final boolean previousAdditivity;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  CapturedLogs(String loggerName) {
    logger = (Logger) LoggerFactory.getLogger(loggerName);
    previous = logger.getLevel();
    previousAdditivity = logger.isAdditive();
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false); // captured, not printed
    appender.start();
    logger.addAppender(appender);
  }

  /** Each event as "LEVEL message" plus its stack trace, if any. */
  List<String> lines() {
    return List.copyOf(appender.list).stream()
        .map(
            e ->
                e.getLevel()
                    + " "
                    + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null
                        ? ""
                        : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
        .toList();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previous);
    logger.setAdditive(previousAdditivity);
  }
}
