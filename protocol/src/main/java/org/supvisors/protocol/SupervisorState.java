package org.supvisors.protocol;

/** State of a supervisord as returned by supervisor.getState. */
public enum SupervisorState implements Coded {
  FATAL(2),
  RUNNING(1),
  RESTARTING(0),
  SHUTDOWN(-1);

  private final int code;

  SupervisorState(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
