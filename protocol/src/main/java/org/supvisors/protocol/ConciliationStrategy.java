package org.supvisors.protocol;

/** How a process running on several instances is repaired (ConciliationStrategies). */
public enum ConciliationStrategy implements Coded {
  SENICIDE(0),
  INFANTICIDE(1),
  USER(2),
  STOP(3),
  RESTART(4),
  RUNNING_FAILURE(5);

  private final int code;

  ConciliationStrategy(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
