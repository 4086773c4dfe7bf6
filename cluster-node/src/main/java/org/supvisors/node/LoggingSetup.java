package org.supvisors.node;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import org.slf4j.LoggerFactory;
import org.supvisors.node.api.LogLevels;
import org.supvisors.node.config.SupvisorsOptions;

/**
 * Applies the {@code loglevel} and {@code logfile*} options to Logback. With {@code logfile=AUTO}
 * the node logs to stderr, which supervisord captures for an event listener.
 */
final class LoggingSetup {

  private LoggingSetup() {}

  static void apply(SupvisorsOptions options) {
    LogLevels.apply(options.loglevel());
    String logfile = options.logfile();
    if (logfile == null || logfile.isBlank() || logfile.equalsIgnoreCase("AUTO")) {
      return;
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{\"yyyy-MM-dd HH:mm:ss,SSS\"};%level;%logger{0}: %msg%n");
    encoder.start();
    RollingFileAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(context);
    appender.setFile(logfile);
    appender.setEncoder(encoder);
    if (options.logfileMaxbytes() > 0 && options.logfileBackups() > 0) {
      FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
      rolling.setContext(context);
      rolling.setParent(appender);
      rolling.setFileNamePattern(logfile + ".%i");
      rolling.setMinIndex(1);
      rolling.setMaxIndex(options.logfileBackups());
      rolling.start();
      SizeBasedTriggeringPolicy<ch.qos.logback.classic.spi.ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
      trigger.setContext(context);
      trigger.setMaxFileSize(new FileSize(options.logfileMaxbytes()));
      trigger.start();
      appender.setRollingPolicy(rolling);
      appender.setTriggeringPolicy(trigger);
    }
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
  }
}
