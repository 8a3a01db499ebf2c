package dev.bulwark.targets;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Captures everything logged at any level while open, including the SDKs' debug and wire logs (both
 * SDKs log through SLF4J here: AWS directly, OSS and HttpClient through jcl-over-slf4j).
 */
public final class LogCapture implements AutoCloseable {
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Map<Logger, Level> previousLevels = new HashMap<>();
  private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
  private final Logger root;

  private LogCapture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    appender.setContext(context);
    appender.start();
    // The console would print every captured TRACE line: keep it out while capturing.
    root.iteratorForAppenders().forEachRemaining(detached::add);
    detached.forEach(root::detachAppender);
    root.addAppender(appender);
    // Loggers with their own level (set by S3Mock's Spring Boot) would not inherit TRACE.
    for (Logger logger : context.getLoggerList()) {
      if (logger.getLevel() != null) {
        previousLevels.put(logger, logger.getLevel());
        logger.setLevel(Level.TRACE);
      }
    }
    root.setLevel(Level.TRACE);
  }

  /** Starts capturing. */
  public static LogCapture start() {
    return new LogCapture();
  }

  /** Every captured message with its stack traces, one event per line. */
  public String text() {
    List<ILoggingEvent> events;
    synchronized (appender) { // AppenderBase appends under this lock, from any thread
      events = new ArrayList<>(appender.list);
    }
    return events.stream()
        .map(
            e ->
                e.getLoggerName()
                    + " "
                    + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null
                        ? ""
                        : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
        .collect(Collectors.joining("\n"));
  }

  /** How many events were captured. */
  public int size() {
    synchronized (appender) {
      return appender.list.size();
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
    detached.forEach(root::addAppender);
    previousLevels.forEach(Logger::setLevel);
    if (!previousLevels.containsKey(root)) {
      root.setLevel(Level.INFO);
    }
  }
}
