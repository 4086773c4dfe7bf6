package org.supvisors.node.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import org.supvisors.protocol.LogLevel;

/** Maps Supervisor's log levels onto the node's Logback loggers (change_log_level, loglevel). */
public final class LogLevels {

  private LogLevels() {}

  public static void apply(LogLevel level) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(toLogback(level));
  }

  static Level toLogback(LogLevel level) {
    return switch (level) {
      case CRITICAL, ERROR -> Level.ERROR;
      case WARN -> Level.WARN;
      case INFO -> Level.INFO;
      case DEBUG -> Level.DEBUG;
      case TRACE, BLATHER -> Level.TRACE;
    };
  }
}
