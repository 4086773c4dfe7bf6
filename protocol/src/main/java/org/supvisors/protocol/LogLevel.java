package org.supvisors.protocol;

import java.util.Locale;
import java.util.Optional;

/** Supervisor's logger levels, with the names and numbers accepted by change_log_level. */
public enum LogLevel implements Coded {
  CRITICAL(50),
  ERROR(40),
  WARN(30),
  INFO(20),
  DEBUG(10),
  TRACE(5),
  BLATHER(3);

  private final int code;

  LogLevel(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<LogLevel> fromName(String name) {
    return Coded.byNameIgnoreCase(LogLevel.class, name);
  }
}
